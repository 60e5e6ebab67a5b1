// GET /healthz: the process is up. GET /readyz: the database answers, migrations are current
// and (where this process runs one) the job worker is running.
import { join } from "node:path";
import { Router } from "express";
import { systemPool } from "../db";
import { pendingMigrations } from "../db/migrator";

export interface WorkerStatus {
  /** "embedded": this process runs the worker; "external": another process does. */
  mode: "embedded" | "external";
  running: () => boolean;
}

export function healthRoutes(worker: WorkerStatus, migrationsDir = join(process.cwd(), "prisma", "migrations")) {
  const r = Router();
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });
  r.get("/readyz", async (_req, res) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      const client = await systemPool().connect();
      try {
        await client.query("SELECT 1");
        checks.database = { ok: true };
        const pending = await pendingMigrations(client, migrationsDir);
        checks.migrations = pending.length
          ? { ok: false, detail: `pending: ${pending.join(", ")}` }
          : { ok: true };
      } finally {
        client.release();
      }
    } catch (err) {
      checks.database = { ok: false, detail: (err as Error).message };
      checks.migrations = { ok: false, detail: "database unreachable" };
    }
    checks.worker =
      worker.mode === "external" ? { ok: true, detail: "runs in its own process" } : { ok: worker.running() };
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not_ready", checks });
  });
  return r;
}
