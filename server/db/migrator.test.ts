// The migration applier against real PostgreSQL: each test gets its own scratch database and
// its own migrations folder under the OS temp dir, so nothing here touches the worker database.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabase } from "../testing/global-setup";
import { applyMigrations, MigrationError, pendingMigrations } from "./migrator";

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL!;
const cleanups: Array<() => Promise<void> | void> = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A fresh database; the `switchboard_test_` prefix lets the global setup sweep leftovers. */
async function scratchDatabase(): Promise<string> {
  const name = `switchboard_test_migrator_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });
  return withDatabase(adminUrl, name);
}

/** A migrations folder laid out like prisma/migrations. */
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(files)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const CREATE_PETS = `CREATE TABLE "Pet" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL);\n`;
const ADD_SPECIES = `ALTER TABLE "Pet" ADD COLUMN "species" TEXT;\n`;

describe("applyMigrations", () => {
  it("applies every migration once, in name order", async () => {
    const url = await scratchDatabase();
    // Written out of order on purpose: the folder name's timestamp decides, not the disk order.
    const dir = migrationsDir({ "20270102000000_species": ADD_SPECIES, "20270101000000_pets": CREATE_PETS });
    const result = await applyMigrations(url, dir);
    expect(result).toEqual({ applied: ["20270101000000_pets", "20270102000000_species"], alreadyApplied: 0 });
    const cols = await query<{ column_name: string }>(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Pet' ORDER BY ordinal_position`,
    );
    expect(cols.map((c) => c.column_name)).toEqual(["id", "name", "species"]);
  });

  it("does nothing on a rerun, and applies only what is new", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({ "20270101000000_pets": CREATE_PETS });
    await applyMigrations(url, dir);
    expect(await applyMigrations(url, dir)).toEqual({ applied: [], alreadyApplied: 1 });
    writeMigration(dir, "20270102000000_species", ADD_SPECIES);
    expect(await applyMigrations(url, dir)).toEqual({ applied: ["20270102000000_species"], alreadyApplied: 1 });
    const rows = await query(url, `SELECT 1 FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(2);
  });

  it("refuses a migration whose file changed after it was applied, naming it", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({ "20270101000000_pets": CREATE_PETS });
    await applyMigrations(url, dir);
    writeMigration(dir, "20270101000000_pets", CREATE_PETS + `-- an innocent-looking edit\n`);
    writeMigration(dir, "20270102000000_species", ADD_SPECIES);
    const run = applyMigrations(url, dir);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(/Migration 20270101000000_pets was changed after it was applied/);
    // Nothing after the edited migration ran either.
    const cols = await query(url, `SELECT 1 FROM information_schema.columns WHERE table_name = 'Pet' AND column_name = 'species'`);
    expect(cols).toHaveLength(0);
  });

  it("rolls a failing migration back entirely and records nothing for it", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({
      "20270101000000_pets": CREATE_PETS,
      // The first statement succeeds, the second fails: the table must not survive.
      "20270102000000_broken": `CREATE TABLE "Half" ("id" INT);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INT;\n`,
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(/Migration 20270102000000_broken failed: .*NoSuchTable/);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["20270101000000_pets"]);
    const half = await query<{ t: string | null }>(url, `SELECT to_regclass('"Half"')::text AS t`);
    expect(half[0]!.t).toBeNull();
    // Fixing the file lets the next start apply it.
    writeMigration(dir, "20270102000000_broken", ADD_SPECIES);
    expect(await applyMigrations(url, dir)).toEqual({ applied: ["20270102000000_broken"], alreadyApplied: 1 });
  });

  it("applies each migration exactly once when two processes start at the same time", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({
      "20270101000000_pets": CREATE_PETS,
      // Slow, and not idempotent: without the advisory lock both runs would insert a row
      // (or the second CREATE TABLE would fail).
      "20270102000000_counter": `CREATE TABLE "Runs" ("at" TIMESTAMPTZ DEFAULT now());\nINSERT INTO "Runs" DEFAULT VALUES;\nSELECT pg_sleep(0.3);\n`,
    });
    const [first, second] = await Promise.all([applyMigrations(url, dir), applyMigrations(url, dir)]);
    const results = [first, second].sort((a, b) => b.applied.length - a.applied.length);
    expect(results).toEqual([
      { applied: ["20270101000000_pets", "20270102000000_counter"], alreadyApplied: 0 },
      { applied: [], alreadyApplied: 2 },
    ]);
    expect(await query(url, `SELECT 1 FROM "Runs"`)).toHaveLength(1);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(2);
  });

  it("keeps Prisma's _prisma_migrations format, with the sha256 of the file as checksum", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({ "20270101000000_pets": CREATE_PETS });
    await applyMigrations(url, dir);
    // Column names, types and nullability as `prisma migrate deploy` creates them.
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO" },
      { column_name: "logs", data_type: "text", is_nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO" },
    ]);
    const [row] = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      started_at: Date;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(url, `SELECT * FROM "_prisma_migrations"`);
    expect(row).toMatchObject({
      migration_name: "20270101000000_pets",
      checksum: createHash("sha256").update(CREATE_PETS).digest("hex"),
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(row!.finished_at).toBeInstanceOf(Date);
  });

  it("refuses to continue past a migration that started but never finished", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({ "20270101000000_pets": CREATE_PETS });
    await applyMigrations(url, dir);
    // What `prisma migrate deploy` leaves behind when it dies half-way.
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, applied_steps_count)
       VALUES ('${randomUUID()}', '${"0".repeat(64)}', '20270102000000_species', 0)`,
    );
    writeMigration(dir, "20270102000000_species", ADD_SPECIES);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/Migration 20270102000000_species started but never finished/);
  });
});

describe("pendingMigrations", () => {
  it("lists what is on disk but not applied, including everything on an empty database", async () => {
    const url = await scratchDatabase();
    const dir = migrationsDir({ "20270101000000_pets": CREATE_PETS });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await pendingMigrations(client, dir)).toEqual(["20270101000000_pets"]);
      await applyMigrations(url, dir);
      writeMigration(dir, "20270102000000_species", ADD_SPECIES);
      expect(await pendingMigrations(client, dir)).toEqual(["20270102000000_species"]);
    } finally {
      await client.end();
    }
  });
});
