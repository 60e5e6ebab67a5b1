// Brings the database up for a process: the embedded PostgreSQL when DATABASE_URL is unset,
// then migrations. Shared by `npm start`, `npm run worker`, `db:migrate` and `db:seed`.
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./db/embedded";
import { applyMigrations } from "./db/migrator";
import { disconnectDb } from "./db";
import { env } from "./env";

export const ROOT = process.cwd();
export const MIGRATIONS_DIR = join(ROOT, "prisma", "migrations");
const EMBEDDED_DATABASE = "switchboard";

export interface BootedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

/** Ensures DATABASE_URL points at a reachable server, starting the embedded one if needed. */
export async function bootDatabase(log: (msg: string) => void = () => {}): Promise<BootedDatabase> {
  const e = env();
  if (e.DATABASE_URL) {
    return { url: e.DATABASE_URL, embedded: null, stop: async () => {} };
  }
  const dataDir = join(ROOT, e.DATA_DIR, "postgres");
  log(`starting embedded PostgreSQL in ${dataDir} on port ${e.EMBEDDED_PG_PORT}`);
  const embedded = await startEmbeddedPostgres({ dataDir, port: e.EMBEDDED_PG_PORT });
  const admin = new pg.Client({ connectionString: embedded.adminUrl("postgres") });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  await admin.end();
  const url = embedded.adminUrl(EMBEDDED_DATABASE);
  process.env.DATABASE_URL = url;
  return { url, embedded, stop: () => embedded.stop() };
}

export async function migrate(url: string, log: (msg: string) => void = () => {}) {
  return applyMigrations(url, MIGRATIONS_DIR, log);
}

/**
 * `fn` against the database a script's environment names (the embedded one when DATABASE_URL is
 * unset), migrated first; the clients are closed and the embedded server stopped after it.
 * For one-shot scripts such as the benchmarks.
 */
export async function withMigratedDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const database = await bootDatabase();
  try {
    await migrate(database.url);
    return await fn(database.url);
  } finally {
    await disconnectDb();
    await database.stop();
  }
}
