// Applies prisma/migrations in the format of Prisma's `_prisma_migrations` table, so
// `prisma migrate deploy` stays interchangeable where its engine can be downloaded
// (docs/decisions/002-own-migration-applier.md). Each migration runs in its own transaction
// under Prisma's advisory lock, so two processes starting at once apply each migration once.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/** The advisory lock key `prisma migrate` itself takes. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {}

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function applyMigrations(
  connectionString: string,
  dir: string,
  log: (msg: string) => void = () => {},
): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const done = new Map(rows.map((r) => [r.migration_name, r]));
      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(
            `Migration ${row.migration_name} started but never finished. Fix the database by hand, then delete its row from _prisma_migrations.`,
          );
        }
      }
      const applied: string[] = [];
      let alreadyApplied = 0;
      for (const m of migrations) {
        const prior = done.get(m.name);
        if (prior) {
          if (prior.checksum !== m.checksum) {
            throw new MigrationError(
              `Migration ${m.name} was changed after it was applied (checksum ${prior.checksum.slice(0, 12)}… in the database, ${m.checksum.slice(0, 12)}… on disk). Never edit an applied migration: restore it and add a new one.`,
            );
          }
          alreadyApplied++;
          continue;
        }
        const id = randomUUID();
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [id, m.checksum, m.name],
          );
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
        log(`applied migration ${m.name}`);
      }
      return { applied, alreadyApplied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

/** Names of migrations on disk not yet applied (for /readyz). */
export async function pendingMigrations(client: pg.ClientBase, dir: string): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  const onDisk = readMigrations(dir).map((m) => m.name);
  if (!exists.rows[0]?.t) return onDisk;
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return onDisk.filter((n) => !applied.has(n));
}
