import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { healthRoutes, type WorkerStatus } from "./health";

const MIGRATIONS = join(process.cwd(), "prisma", "migrations");
const servers: Server[] = [];
const dirs: string[] = [];

/** The health routes on a real HTTP server on an ephemeral port. */
async function serve(worker: WorkerStatus, migrationsDir = MIGRATIONS): Promise<string> {
  const app = express().use(healthRoutes(worker, migrationsDir));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { status: string; checks?: Record<string, { ok: boolean; detail?: string }> } };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("health checks over HTTP", () => {
  const running: WorkerStatus = { mode: "embedded", running: () => true };

  it("/healthz answers while the process is up", async () => {
    const base = await serve({ mode: "embedded", running: () => false });
    const res = await get(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
  });

  it("/readyz is ready when the database answers, migrations are current and the worker runs", async () => {
    const res = await get(`${await serve(running)}/readyz`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true } },
    });
  });

  it("/readyz is 503 while a migration is pending", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-migrations-"));
    dirs.push(dir);
    cpSync(MIGRATIONS, dir, { recursive: true });
    mkdirSync(join(dir, "29991231000000_not_applied"));
    writeFileSync(join(dir, "29991231000000_not_applied", "migration.sql"), "SELECT 1;");

    const res = await get(`${await serve(running, dir)}/readyz`);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe("not_ready");
    expect(res.body.checks?.migrations).toEqual({ ok: false, detail: "pending: 29991231000000_not_applied" });
  });

  it("/readyz is 503 when this process's worker has stopped, and fine when jobs run elsewhere", async () => {
    const stopped = await get(`${await serve({ mode: "embedded", running: () => false })}/readyz`);
    expect(stopped.status).toBe(503);
    expect(stopped.body.checks?.worker).toEqual({ ok: false });

    const external = await get(`${await serve({ mode: "external", running: () => false })}/readyz`);
    expect(external.status).toBe(200);
  });
});
