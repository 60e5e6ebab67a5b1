// Test doubles for the template library and the simulator (see collaborators.ts), so workflow
// authoring is tested on its own. Use with:
//   vi.mock("../workflows/collaborators", () => fakeCollaborators);
// A fake scenario run passes unless the scenario expects an outcome the spec has no end node for
// (so editing the spec can make a test fail or pass, as in the real simulator).
import { workflowSpec, type WorkflowScenario, type WorkflowSpec } from "../../agents/graphs/spec";
import { sampleSpec } from "../../agents/graphs/test-specs";
import type { ScenarioRun, TemplateContent, TemplateSummary } from "./collaborators";

export const TEMPLATE_SCENARIOS: WorkflowScenario[] = [
  {
    name: "books a cleaning",
    answeredBy: "human",
    setup: { appointments: [], invoices: [], projects: [], knowledge: [] },
    turns: ["I'd like a cleaning", "tomorrow at 9"],
    expect: { outcome: "appointment_booked", actions: [], says: [], neverSays: [] },
  },
  {
    name: "asks the hours",
    answeredBy: "human",
    setup: { appointments: [], invoices: [], projects: [], knowledge: [] },
    turns: ["what are your hours"],
    expect: { outcome: "question_answered", actions: [], says: [], neverSays: [] },
  },
];

export const runs: { spec: WorkflowSpec; scenario: WorkflowScenario }[] = [];

export const fakeCollaborators = {
  async listTemplates(): Promise<TemplateSummary[]> {
    return [{ key: "receptionist", name: "Front desk", description: "Answers the phone", direction: "inbound" }];
  },
  async getTemplate(key: string): Promise<TemplateContent | null> {
    if (key !== "receptionist") return null;
    return { spec: workflowSpec.parse(sampleSpec()), scenarios: TEMPLATE_SCENARIOS };
  },
  async runScenario(spec: WorkflowSpec, scenario: WorkflowScenario): Promise<ScenarioRun> {
    runs.push({ spec, scenario });
    if (scenario.turns.includes("crash")) throw new Error("simulator exploded");
    const wanted = scenario.expect.outcome;
    const reachable = spec.nodes.some((n) => n.type === "end" && n.outcome === wanted);
    const passed = !wanted || reachable;
    return {
      callId: null,
      outcome: passed ? wanted ?? "completed" : "completed",
      transcript: scenario.turns.map((text) => ({ role: "caller", text })),
      actions: [],
      ended: true,
      passed,
      failures: passed ? [] : [`expected outcome ${wanted}, got completed`],
    };
  },
};
