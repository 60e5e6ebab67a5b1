// Runs `prisma generate` offline. Prisma 6.19's CLI still checks that engine files exist even
// with engineType "client" (which never loads them), so point it at a placeholder file.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const placeholder = join(root, "node_modules", ".cache", "prisma-engine-placeholder");
if (!existsSync(placeholder)) {
  mkdirSync(dirname(placeholder), { recursive: true });
  writeFileSync(placeholder, "placeholder: engineType=client never loads this file\n");
}
execFileSync(join(root, "node_modules", ".bin", "prisma"), ["generate", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://placeholder@localhost/placeholder",
  },
});
