// Server half of the workflow editor route: turns the workflows router's answers into the plain
// shapes the editor renders, and runs the editor's JSON requests (save, tests, publish, ...)
// through the router, turning an expected refusal into a message instead of an error page.
import { TRPCError } from "@trpc/server";
import { json } from "@remix-run/node";
import { z } from "zod";
import type { WorkflowScenario } from "../../../agents/graphs/spec";
import type { EditorActionResult, ScenarioResultView, ScenarioRow, VersionRow } from "../../components/workflow-editor/types";
import type { serverCaller } from "../../trpc.server";
import { refusalMessage } from "../../components/action-errors.server";
import { logger } from "../../../server/logger";

type WorkflowsApi = ReturnType<typeof serverCaller>["workflows"];

interface ResultLike {
  passed: boolean;
  failures: string[];
  outcome?: string | null;
  transcript?: { role: string; text: string }[];
}

function toResultView(r: ResultLike | null | undefined): ScenarioResultView | null {
  if (!r) return null;
  return { passed: r.passed, failures: r.failures ?? [], outcome: r.outcome ?? null, transcript: r.transcript };
}

export function toScenarioRows(
  rows: { id: string; name: string; scenario: unknown; lastResult: ResultLike | null; lastRunAt: Date | string | null }[],
): ScenarioRow[] {
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scenario: row.scenario as WorkflowScenario,
    lastResult: toResultView(row.lastResult),
    lastRunAt: row.lastRunAt ? new Date(row.lastRunAt).toISOString() : null,
  }));
}

export function toVersionRows(
  rows: { id: string; version: number; publishedAt: Date | string; notes: string | null; testsPassed: boolean; testOverride: string | null; current: boolean }[],
): VersionRow[] {
  return rows.map((v) => ({
    id: v.id,
    version: v.version,
    publishedAt: new Date(v.publishedAt).toISOString(),
    notes: v.notes || null,
    testsPassed: v.testsPassed,
    testOverride: v.testOverride,
    isCurrent: v.current,
  }));
}

/** The template library, or null when it cannot load (the list page still works and says so). */
export async function templatesOrNull(workflows: WorkflowsApi) {
  try {
    return await workflows.templates();
  } catch (error) {
    logger.error({ err: error }, "workflow templates could not be loaded");
    return null;
  }
}

const id = z.string().min(1).max(64);
const requestSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), spec: z.unknown(), base: z.string().datetime().nullable().optional() }),
  z.object({ intent: z.literal("runTests") }),
  z.object({ intent: z.literal("saveScenario"), id: id.nullable().optional(), scenario: z.unknown() }),
  z.object({ intent: z.literal("deleteScenario"), id }),
  z.object({ intent: z.literal("publish"), notes: z.string().max(2000).nullable().optional(), overrideReason: z.string().max(500).nullable().optional() }),
  z.object({ intent: z.literal("rollback"), versionId: id }),
  z.object({ intent: z.literal("diff"), fromVersionId: id, to: z.union([id, z.literal("draft")]) }),
]);

function reply(result: EditorActionResult, status = 200) {
  return json(result, { status });
}

export async function editorAction(workflows: WorkflowsApi, workflowId: string, body: unknown) {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return reply({ intent: String((body as { intent?: unknown } | null)?.intent ?? "unknown"), ok: false, error: "That request was not understood." }, 400);
  const req = parsed.data;
  try {
    switch (req.intent) {
      case "save": {
        const saved = await workflows.saveDraft({ id: workflowId, spec: req.spec, baseDraftUpdatedAt: req.base ? new Date(req.base) : undefined });
        return reply({ intent: "save", ok: true, draftUpdatedAt: new Date(saved.draftUpdatedAt).toISOString(), problems: saved.problems });
      }
      case "runTests": {
        const run = await workflows.scenarios.run({ workflowId });
        if (!run.ran) {
          const errors = run.problems.filter((p) => p.severity === "error");
          return reply({ intent: "runTests", ok: false, error: `Fix the draft first: ${errors[0]?.message ?? "it has problems"}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}` });
        }
        return reply({
          intent: "runTests",
          ok: true,
          results: run.results.map((r) => ({ id: r.scenarioId, name: r.name, ...toResultView(r)! })),
        });
      }
      case "saveScenario":
        await workflows.scenarios.save({ workflowId, id: req.id ?? undefined, scenario: req.scenario });
        return reply({ intent: "saveScenario", ok: true });
      case "deleteScenario":
        await workflows.scenarios.delete({ id: req.id });
        return reply({ intent: "deleteScenario", ok: true });
      case "publish": {
        const result = await workflows.publish({ id: workflowId, notes: req.notes ?? undefined, overrideReason: req.overrideReason || undefined });
        if (result.published) return reply({ intent: "publish", ok: true, published: true, version: result.version.version });
        return reply({
          intent: "publish",
          ok: true,
          published: false,
          reason: result.reason,
          problems: result.problems,
          results: result.results.map((r) => ({ id: r.scenarioId, name: r.name, ...toResultView(r)! })),
        });
      }
      case "rollback":
        await workflows.rollback({ id: workflowId, versionId: req.versionId });
        return reply({ intent: "rollback", ok: true });
      case "diff": {
        const diff = await workflows.diff({ fromVersionId: req.fromVersionId, to: req.to });
        return reply({ intent: "diff", ok: true, lines: diff.summary });
      }
    }
  } catch (error) {
    const conflict = error instanceof TRPCError && error.code === "CONFLICT";
    return reply({ intent: req.intent, ok: false, error: refusalMessage(error), conflict }, 400);
  }
}
