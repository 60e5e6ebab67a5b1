import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma CLI configuration. The JS engine (WASM schema engine + pg driver adapter) lets
// `prisma generate` and `prisma migrate diff` run offline. Migrations are applied by
// prisma/migrate.ts (docs/decisions/002-own-migration-applier.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? "postgresql://localhost:5432/postgres",
    });
  },
});
