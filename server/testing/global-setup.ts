// Vitest global setup: one embedded PostgreSQL for the whole run, a migrated template database,
// and one clone of it per test worker (server/testing/worker-db.ts).
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { applyMigrations } from "../db/migrator";

const ROOT = join(import.meta.dirname, "..", "..");
export const TEMPLATE_DB = "switchboard_test_template";

let cluster: EmbeddedDatabase | undefined;

export default async function setup() {
  let adminBase = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminBase) {
    // TEST_PG_PORT lets several checkouts (or people) run the suite at once without sharing a cluster.
    const port = Number(process.env.TEST_PG_PORT ?? 5434);
    cluster = await startEmbeddedPostgres({ dataDir: join(ROOT, ".data", `test-postgres-${port}`), port });
    adminBase = cluster.adminUrl("postgres");
  }
  const admin = new pg.Client({ connectionString: adminBase });
  await admin.connect();
  // Drop leftovers of an earlier run (clones first: a template in use cannot be dropped).
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'switchboard_test_%'`,
  );
  for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  await admin.end();
  const templateUrl = withDatabase(adminBase, TEMPLATE_DB);
  await applyMigrations(templateUrl, join(ROOT, "prisma", "migrations"));
  process.env.TEST_DATABASE_ADMIN_URL = adminBase;
  return async () => {
    await cluster?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
