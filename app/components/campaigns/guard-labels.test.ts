import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DECISION_LABELS, DISPATCH_REASON_LABELS, GUARD_REASON_LABELS, reasonLabel } from "./guard-labels";

const root = join(__dirname, "../../..");
const source = (path: string) => readFileSync(join(root, path), "utf8");

describe("reason code labels", () => {
  it("labels every code of the guard's ReasonCode union", () => {
    const guard = source("server/compliance/guard.ts");
    const union = guard.match(/export type ReasonCode =([^;]+);/)?.[1] ?? "";
    const codes = [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]!);
    expect(codes).toContain("outside_window");
    expect(codes).toContain("holiday");
    for (const code of codes) {
      const label = (GUARD_REASON_LABELS as Record<string, { label: string }>)[code];
      expect(label?.label, code).toBeTruthy();
    }
  });

  it("labels every literal reason code the dispatcher and planner write on a task", () => {
    const dirs = ["server/campaigns", "server/compliance", "jobs/tasks"];
    const written = new Set<string>();
    for (const dir of dirs) {
      for (const file of readdirSync(join(root, dir))) {
        if (!file.endsWith(".ts") || /\.(test|bench)\.ts$/.test(file)) continue;
        const text = source(`${dir}/${file}`);
        for (const m of text.matchAll(/reasonCode"?\s*(?::|=)\s*["']([a-z0-9_]+)["']/g)) written.add(m[1]!);
        for (const m of text.matchAll(/\bwait\("([a-z0-9_]+)"/g)) written.add(m[1]!);
      }
    }
    expect(written.size).toBeGreaterThan(0);
    for (const code of written) {
      expect(code in GUARD_REASON_LABELS || code in DISPATCH_REASON_LABELS, `no label for reason code ${code}`).toBe(true);
    }
  });

  it("reads the holiday code as a legal holiday, and falls back to the outcome's words", () => {
    expect(reasonLabel("holiday")).toMatchObject({ label: "Legal holiday", variant: "warning" });
    expect(reasonLabel("callback_requested")?.label).toBe("Callback requested");
    expect(reasonLabel(null)).toBeNull();
    expect(reasonLabel("")).toBeNull();
  });

  it("labels the three guard verdicts", () => {
    expect(Object.keys(DECISION_LABELS).sort()).toEqual(["allow", "block", "defer"]);
  });
});
