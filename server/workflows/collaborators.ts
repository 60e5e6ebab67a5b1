// The two things workflow authoring borrows from other parts of issue #4: the template library
// (agents/templates, W2) and the scenario runner (agents/sim/run-scenario.ts, W3). Kept behind
// this one seam so tests can replace them (vi.mock("./collaborators")) and so the contracts are
// written down in one place.
import type { WorkflowScenario, WorkflowSpec } from "../../agents/graphs/spec";
import * as templateLibrary from "../../agents/templates/index";
import * as simulator from "../../agents/sim/run-scenario";

export interface TemplateSummary {
  key: string;
  name: string;
  description: string;
  direction: "inbound" | "outbound";
  industry?: string;
}

export interface TemplateContent {
  spec: WorkflowSpec;
  scenarios: WorkflowScenario[];
}

export interface ScenarioRun {
  callId: string | null;
  outcome: string | null;
  transcript: { role: string; text: string }[];
  actions: { type: string; [k: string]: unknown }[];
  ended: boolean;
  state?: unknown;
  passed: boolean;
  failures: string[];
}

export async function listTemplates(): Promise<TemplateSummary[]> {
  return templateLibrary.listTemplates();
}

export async function getTemplate(key: string): Promise<TemplateContent | null> {
  return templateLibrary.getTemplate(key);
}

/** Runs one scenario against a spec in a sandbox business (never the real one's data). */
export async function runScenario(spec: WorkflowSpec, scenario: WorkflowScenario): Promise<ScenarioRun> {
  return simulator.runScenario({ spec, scenario });
}
