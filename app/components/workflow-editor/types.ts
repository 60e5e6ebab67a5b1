// Shapes the editor receives from its route (plain JSON from the workflows router), kept
// structural so the editor does not depend on server types.
import type { WorkflowScenario } from "../../../agents/graphs/spec";
import type { EditorProblem } from "./node-card";

export interface ScenarioResultView {
  passed: boolean;
  failures: string[];
  outcome?: string | null;
  transcript?: { role: string; text: string }[];
}

export interface ScenarioRow {
  id: string;
  name: string;
  scenario: WorkflowScenario;
  lastResult: ScenarioResultView | null;
  lastRunAt: string | null;
}

export interface VersionRow {
  id: string;
  version: number;
  publishedAt: string;
  notes: string | null;
  testsPassed: boolean;
  testOverride: string | null;
  isCurrent: boolean;
}

export interface WorkflowMeta {
  id: string;
  name: string;
  direction: "inbound" | "outbound";
  currentVersion: number | null;
  draftUpdatedAt: string | null;
}

/** What the editor route's action answers; `intent` says which request it answers. */
export type EditorActionResult =
  | { intent: "save"; ok: true; draftUpdatedAt: string | null; problems: EditorProblem[] }
  | { intent: "runTests"; ok: true; results: (ScenarioResultView & { id: string; name: string })[] }
  | { intent: "saveScenario" | "deleteScenario" | "rollback"; ok: true }
  | { intent: "publish"; ok: true; published: true; version: number }
  | {
      intent: "publish";
      ok: true;
      published: false;
      reason: "invalid" | "tests_failed";
      problems: EditorProblem[];
      results: (ScenarioResultView & { id?: string; name: string })[];
    }
  | { intent: "diff"; ok: true; lines: string[] }
  | { intent: string; ok: false; error: string; conflict?: boolean };
