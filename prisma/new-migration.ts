// `npm run db:new-migration -- <name>`: writes prisma/migrations/<UTC timestamp>_<name>/migration.sql
// with the SQL that turns the last committed schema into prisma/schema.prisma.
//
// Why not `prisma migrate dev`: it applies through the WASM engine, which fails here
// (docs/decisions/002-own-migration-applier.md). `prisma migrate diff` between two schema files
// works offline, but the JS engine still wants a database connection to run at all, so a
// throwaway embedded PostgreSQL (or DATABASE_URL when set) is booted for it. Nothing is written
// to that database.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { z } from "zod";

const ROOT = process.cwd();
const SCHEMA = join("prisma", "schema.prisma");
const MIGRATIONS = join("prisma", "migrations");

const name = z
  .string({ required_error: "Usage: npm run db:new-migration -- <name>   (e.g. add_contacts)" })
  .regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, "The name is lower_snake_case, e.g. add_contacts")
  .max(60)
  .safeParse(process.argv[2]);
if (!name.success) fail(name.error.issues[0]!.message);

// The schema of the last migration is the committed one, provided every migration on disk is
// committed too. An uncommitted migration means HEAD's schema is behind it: diffing from HEAD
// would repeat that migration's SQL.
const uncommitted = git(["status", "--porcelain", "--", MIGRATIONS]).trim();
if (uncommitted) {
  fail(
    `prisma/migrations has uncommitted changes:\n${uncommitted}\n` +
      "Commit that migration together with its schema change first (or delete it to regenerate it).",
  );
}
const existing = existsSync(MIGRATIONS)
  ? readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  : [];

const work = mkdtempSync(join(tmpdir(), "switchboard-new-migration-"));
let from: string[];
if (existing.length === 0) {
  from = ["--from-empty"];
} else {
  const oldSchema = join(work, "schema.prisma");
  writeFileSync(oldSchema, git(["show", `HEAD:${SCHEMA.split("\\").join("/")}`]));
  from = ["--from-schema-datamodel", oldSchema];
}

// A private cluster (own data folder, free port) rather than the `npm start` one: booting the
// shared data folder would stop a PostgreSQL that a running `npm start` is using.
if (!process.env.DATABASE_URL) {
  process.env.DATA_DIR = join(process.env.DATA_DIR ?? ".data", "new-migration");
  process.env.EMBEDDED_PG_PORT = String(await freePort());
}
const { bootDatabase } = await import("../server/boot");
const database = await bootDatabase();
let exitCode = 0;
try {
  const diff = prismaDiff(database.url, from);
  if (diff === null) {
    console.log("prisma/schema.prisma matches the last migration: nothing to do, nothing written.");
  } else {
    const folder = join(MIGRATIONS, `${nextTimestamp(existing)}_${name.data}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "migration.sql"), diff);
    console.log(`Wrote ${relative(ROOT, join(folder, "migration.sql"))}.`);
    printRlsReminder(diff);
  }
} catch (err) {
  console.error((err as Error).message);
  exitCode = 1;
} finally {
  await database.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

/** The migration SQL, or null when the schemas already match. */
function prismaDiff(databaseUrl: string, fromArgs: string[]): string | null {
  const placeholder = join(ROOT, "node_modules", ".cache", "prisma-engine-placeholder");
  if (!existsSync(placeholder)) fail("Run `npm run db:generate` once first (it creates the engine placeholder).");
  const result = spawnSync(
    join(ROOT, "node_modules", ".bin", "prisma"),
    ["migrate", "diff", ...fromArgs, "--to-schema-datamodel", SCHEMA, "--script", "--exit-code"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        // Prisma 6.19 checks these files exist; the JS engine never loads them (see prisma/generate.ts).
        PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
        PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    },
  );
  // `--exit-code`: 0 = no difference, 2 = a difference (printed), anything else = an error.
  if (result.status === 0) return null;
  if (result.status === 2) return result.stdout;
  throw new Error(`prisma migrate diff failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
}

/** Now in UTC as YYYYMMDDHHMMSS, kept after the newest existing folder so the order holds. */
function nextTimestamp(names: string[]): string {
  const now = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const last = names.map((n) => n.slice(0, 14)).filter((t) => /^\d{14}$/.test(t)).pop();
  if (!last || now > last) return now;
  const d = new Date(
    Date.UTC(+last.slice(0, 4), +last.slice(4, 6) - 1, +last.slice(6, 8), +last.slice(8, 10), +last.slice(10, 12), +last.slice(12, 14) + 1),
  );
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Prisma cannot express row-level security: say exactly what to add for new tenant tables. */
function printRlsReminder(sql: string) {
  const tables = [...sql.matchAll(/CREATE TABLE "([^"]+)" \(([\s\S]*?)\n\);/g)];
  if (tables.length === 0) {
    console.log("Review the SQL before committing it; applied migrations must never be edited.");
    return;
  }
  const tenantTables = tables.filter(([, , body]) => /"tenantId"/.test(body!)).map(([, table]) => table!);
  const otherTables = tables.map(([, table]) => table!).filter((t) => !tenantTables.includes(t));
  const lines = [
    "",
    "Prisma does not write row-level security. Add it by hand at the end of the migration",
    "(docs/decisions/003-row-level-security.md), or the app role cannot read the new tables:",
    "",
  ];
  for (const t of tenantTables) {
    lines.push(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON "${t}" TO switchboard_app;`,
      `ALTER TABLE "${t}" ENABLE ROW LEVEL SECURITY;`,
      `CREATE POLICY tenant_isolation ON "${t}" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());`,
      "",
    );
  }
  if (otherTables.length) {
    lines.push(
      `No "tenantId" column in: ${otherTables.join(", ")}. Decide whether the app role may touch them`,
      "(GRANT ... TO switchboard_app) or only the owner connection (systemDb) may.",
      "",
    );
  }
  if (/SERIAL/.test(sql)) lines.push("The app role also needs GRANT USAGE ON SEQUENCE for each new SERIAL column's sequence.");
  console.log(lines.join("\n"));
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    fail(`git ${args.join(" ")} failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
