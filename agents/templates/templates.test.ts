import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateSpec } from "../graphs/validate";
import { getTemplate, listTemplates, rawTemplateSpec } from "./index";

const KEYS = [
  "receptionist",
  "lead-qualification",
  "appointment-reminder",
  "payment-collections",
  "scheduling",
  "receptionist-medical",
  "receptionist-legal",
  "receptionist-home-services",
  "receptionist-creative-agency",
];

describe("templates", () => {
  it("lists every template from the issue once", () => {
    expect(listTemplates().map((t) => t.key).sort()).toEqual([...KEYS].sort());
    expect(getTemplate("no-such-template")).toBeNull();
  });

  describe.each(KEYS)("%s", (key) => {
    it("validates with no errors or warnings", () => {
      const result = validateSpec(rawTemplateSpec(key));
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    });

    it("has at least 8 scenarios, each well-formed and named uniquely, expecting an outcome", () => {
      const t = getTemplate(key)!;
      expect(t.scenarios.length).toBeGreaterThanOrEqual(8);
      expect(new Set(t.scenarios.map((s) => s.name)).size).toBe(t.scenarios.length);
      for (const s of t.scenarios) expect(s.expect.outcome).toBeDefined();
    });

    it("covers an opt-out or a request for a person among its scenarios", () => {
      const t = getTemplate(key)!;
      const outcomes = new Set(t.scenarios.map((s) => s.expect.outcome));
      expect(outcomes.has("opted_out") || outcomes.has("message_taken")).toBe(true);
    });
  });

  it("outbound templates have a voicemail node that never reveals details", () => {
    for (const t of listTemplates().filter((x) => x.direction === "outbound")) {
      const { spec, scenarios } = getTemplate(t.key)!;
      const vm = spec.nodes.find((n) => n.id === spec.settings.voicemailNode);
      expect(vm?.type, t.key).toBe("end");
      const text = JSON.stringify(vm);
      expect(text).not.toMatch(/appointment\.|invoice|balance|amount|service/i);
      expect(scenarios.some((s) => s.answeredBy === "voicemail" && s.expect.neverSays.length > 0), t.key).toBe(true);
    }
  });

  it("returns fresh copies (callers may edit the spec)", () => {
    const a = getTemplate("receptionist")!;
    a.spec.nodes.pop();
    expect(getTemplate("receptionist")!.spec.nodes.length).toBe(a.spec.nodes.length + 1);
  });
});

// Runs every scenario on the real runtime once W3's simulator exists (agents/sim/run-scenario.ts).
const runScenarioPath = fileURLToPath(new URL("../sim/run-scenario.ts", import.meta.url));
describe.skipIf(!existsSync(runScenarioPath))("template scenarios on the runtime", { timeout: 120_000 }, () => {
  const cases = KEYS.flatMap((key) => getTemplate(key)!.scenarios.map((scenario) => [key, scenario.name, scenario] as const));
  it.each(cases)("%s: %s", async (key, _name, scenario) => {
    const mod = (await import(/* @vite-ignore */ runScenarioPath)) as {
      runScenario: (input: { spec: unknown; scenario: unknown }) => Promise<{ passed: boolean; failures: string[]; transcript: unknown }>;
    };
    const result = await mod.runScenario({ spec: getTemplate(key)!.spec, scenario });
    expect(result.failures, JSON.stringify(result.transcript, null, 1)).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
