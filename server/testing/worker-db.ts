// Vitest setup file: gives this test worker its own database, cloned from the migrated template.
import pg from "pg";
import { afterAll } from "vitest";
import { TEMPLATE_DB, withDatabase } from "./global-setup";
import { disconnectDb } from "../db";

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
if (!adminUrl) throw new Error("TEST_DATABASE_ADMIN_URL missing: run tests through vitest (global setup)");

const name = `switchboard_test_w${process.env.VITEST_POOL_ID ?? "0"}`;
const g = globalThis as { __workerDbReady?: string };
if (g.__workerDbReady !== name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  await admin.end();
  g.__workerDbReady = name;
}
process.env.DATABASE_URL = withDatabase(adminUrl, name);

afterAll(async () => {
  await disconnectDb();
});
