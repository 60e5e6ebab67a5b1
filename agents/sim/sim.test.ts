import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { workflowSpec } from "../graphs/spec";
import { parseDuration, runScenario } from "./run-scenario";

const SPEC = workflowSpec.parse({
  schemaVersion: 1,
  name: "Callback",
  direction: "inbound",
  entry: "hi",
  slots: [{ name: "when", type: "datetime" }],
  nodes: [
    { id: "hi", type: "say", text: "Hello {{contact.firstName | default(\"there\")}}, this is {{business.name}}." },
    { id: "ask", type: "ask", slot: "when", prompt: "When should we call you back?", confirmText: "So {{slots.when | datetime}}." },
    { id: "done", type: "end", outcome: "callback_requested", text: "We'll call you then. Bye!" },
    { id: "nope", type: "end", outcome: "no_response" },
  ],
  edges: [
    { id: "a", from: "hi", to: "ask" },
    { id: "b", from: "ask", to: "done", on: "filled" },
    { id: "c", from: "ask", to: "nope", on: "exhausted" },
  ],
});

async function business() {
  const s = Math.random().toString(36).slice(2, 10);
  return systemDb().tenant.create({ data: { name: `Sim ${s}`, slug: `sim-${s}`, timezone: "America/New_York" } });
}

describe("runScenario", () => {
  it("sets up the contact, runs the turns and checks expectations", async () => {
    const biz = await business();
    const result = await runScenario({
      spec: SPEC,
      tenantId: biz.id,
      scenario: {
        name: "known caller",
        caller: "+12125550160",
        now: "2026-12-07T15:00:00Z",
        setup: { contact: { firstName: "Ruth" } },
        turns: ["tomorrow at 3pm"],
        expect: { outcome: "callback_requested", says: ["Hello Ruth", "tuesday, december 8 at 3 pm"], neverSays: ["sorry"], ended: true },
      },
    });
    expect(result.failures).toEqual([]);
    expect(result).toMatchObject({ passed: true, ended: true, outcome: "callback_requested" });
    expect(result.transcript.map((l) => l.role)).toEqual(["agent", "agent", "caller", "agent", "agent"]);
    expect(result.state.slots.when).toMatchObject({ type: "datetime", start: "2026-12-08T20:00:00.000Z" });

    const failing = await runScenario({
      spec: SPEC,
      tenantId: biz.id,
      scenario: { caller: "+12125550161", turns: ["", ""], expect: { outcome: "callback_requested", actions: [{ type: "book_appointment" }] } },
    });
    expect(failing.passed).toBe(false);
    expect(failing.outcome).toBe("no_response");
    expect(failing.failures).toEqual([
      'Expected outcome "callback_requested", got "no_response"',
      'Expected action {"type":"book_appointment"}; actions were: none',
    ]);
  });

  it("runs the same scenario twice in a sandbox business, each run from the same starting state", async () => {
    const s = Math.random().toString(36).slice(2, 10);
    const sandbox = await systemDb().tenant.create({
      data: { name: `Sandbox ${s}`, slug: `sandbox-${s}`, timezone: "America/New_York", settings: { sandbox: true } },
    });
    const scenario = {
      name: "rerun",
      caller: "+12125550170",
      now: "2026-12-07T15:00:00Z",
      setup: {
        contact: { firstName: "Ruth", email: "ruth.rerun@example.com" },
        invoices: [{ number: "SIM-RERUN-1", amountDue: "120.00", currency: "USD", dueDaysAgo: 5 }],
      },
      turns: ["tomorrow at 3pm"],
      expect: { outcome: "callback_requested" as const, says: ["Hello Ruth"] },
    };
    const first = await runScenario({ spec: SPEC, tenantId: sandbox.id, scenario });
    const second = await runScenario({ spec: SPEC, tenantId: sandbox.id, scenario });
    expect([first.failures, second.failures]).toEqual([[], []]);
    const where = { tenantId: sandbox.id, email: "ruth.rerun@example.com" };
    expect(await systemDb().contact.count({ where })).toBe(1);
    expect(await systemDb().invoice.count({ where: { tenantId: sandbox.id, number: "SIM-RERUN-1" } })).toBe(1);
  });

  it("never clears anything in a real business: a second setup of the same contact is refused", async () => {
    const biz = await business();
    const scenario = { caller: "+12125550171", setup: { contact: { firstName: "Ann" } }, turns: [], expect: {} };
    await runScenario({ spec: SPEC, tenantId: biz.id, scenario });
    await expect(runScenario({ spec: SPEC, tenantId: biz.id, scenario })).rejects.toThrow(/already exists/);
    expect(await systemDb().contact.count({ where: { tenantId: biz.id, phone: "+12125550171" } })).toBe(1);
  });

  it("reads durations", () => {
    expect(parseDuration("26h")).toBe(26 * 3_600_000);
    expect(parseDuration("-2d")).toBe(-2 * 86_400_000);
    expect(() => parseDuration("soon")).toThrow(/not a duration/);
  });
});

describe("npm run call:sim", () => {
  it("prints one JSON object for a scenario file, and exits non-zero on an invalid one", async () => {
    const biz = await business();
    const dir = mkdtempSync(join(tmpdir(), "call-sim-"));
    writeFileSync(join(dir, "spec.json"), JSON.stringify(SPEC));
    writeFileSync(join(dir, "ok.json"), JSON.stringify({ workflow: "spec.json", tenant: biz.slug, direction: "inbound", caller: "+12125550170", now: "2026-12-07T15:00:00Z", turns: ["friday morning"] }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ workflow: "spec.json", turns: "hello" }));
    const env = { ...process.env, NODE_ENV: "development", VITEST: "", LOG_LEVEL: "info" } as NodeJS.ProcessEnv;
    const ok = spawnSync("npx", ["tsx", "agents/sim/cli.ts", join(dir, "ok.json")], { encoding: "utf8", env, timeout: 60_000 });
    expect(ok.status, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ outcome: "callback_requested", ended: true, passed: true });
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["callId", "outcome", "transcript", "actions", "ended", "state"]));
    const call = await systemDb().call.findUniqueOrThrow({ where: { id: String(out.callId) } });
    expect(call).toMatchObject({ tenantId: biz.id, simulated: true, outcome: "callback_requested" });

    const bad = spawnSync("npx", ["tsx", "agents/sim/cli.ts", join(dir, "bad.json")], { encoding: "utf8", env, timeout: 60_000 });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/invalid scenario[\s\S]*turns: Expected array, received string/);
  });
});
