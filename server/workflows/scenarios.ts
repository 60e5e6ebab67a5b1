// Scenario tests a workflow author keeps with the workflow: stored, edited, and run against the
// draft (or a published version) through the simulator, each run's result kept on the scenario.
import { z } from "zod";
import { Prisma, withTenant } from "../db";
import type { WorkflowScenario as ScenarioRow } from "../db/generated/client";
import { recordAudit } from "../audit/log";
import { workflowScenario, workflowSpec, type WorkflowScenario, type WorkflowSpec } from "../../agents/graphs/spec";
import { validateSpec, type ValidationProblem } from "../../agents/graphs/validate";
import * as collaborators from "./collaborators";
import { WorkflowError, type WorkflowContext, type WorkflowScope } from "./context";

const id = z.string().min(1).max(64);

export const saveScenarioInput = z.object({
  workflowId: id,
  /** Omit to add a new scenario. */
  id: id.optional(),
  scenario: z.unknown(),
});
export const runScenariosInput = z.object({
  workflowId: id,
  /** Default: every scenario of the workflow. */
  scenarioIds: z.array(id).max(200).optional(),
  /** Default: the draft. */
  versionId: id.optional(),
});

/** One scenario run as stored on the scenario (lastResult) and returned to the editor. */
export interface ScenarioResult {
  scenarioId: string;
  name: string;
  passed: boolean;
  failures: string[];
  outcome: string | null;
  ended: boolean;
  transcript: { role: string; text: string }[];
  actions: { type: string; [k: string]: unknown }[];
  callId: string | null;
  /** "draft" or the version number the scenario ran against. */
  target: "draft" | number;
  ranAt: string;
}

export interface ScenarioView {
  id: string;
  workflowId: string;
  name: string;
  scenario: unknown;
  lastResult: ScenarioResult | null;
  lastRunAt: Date | null;
  updatedAt: Date;
}

function toView(row: ScenarioRow): ScenarioView {
  return {
    id: row.id,
    workflowId: row.workflowId,
    name: row.name,
    scenario: row.scenario,
    lastResult: (row.lastResult as ScenarioResult | null) ?? null,
    lastRunAt: row.lastRunAt,
    updatedAt: row.updatedAt,
  };
}

async function assertWorkflow(ctx: WorkflowContext, workflowId: string) {
  const wf = await ctx.db.workflow.findFirst({ where: { id: workflowId, tenantId: ctx.tenantId }, select: { id: true } });
  if (!wf) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
}

export async function listScenarios(ctx: WorkflowContext, workflowId: string): Promise<ScenarioView[]> {
  await assertWorkflow(ctx, workflowId);
  const rows = await ctx.db.workflowScenario.findMany({
    where: { workflowId, tenantId: ctx.tenantId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map(toView);
}

/** Adds or replaces a scenario; the body must be a valid WorkflowScenario and names are unique per workflow. */
export async function saveScenario(ctx: WorkflowContext, rawInput: z.input<typeof saveScenarioInput>): Promise<ScenarioView> {
  const input = saveScenarioInput.parse(rawInput);
  await assertWorkflow(ctx, input.workflowId);
  const parsed = workflowScenario.safeParse(input.scenario);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WorkflowError("INVALID", `Scenario ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
  }
  const scenario = parsed.data;
  const clash = await ctx.db.workflowScenario.findFirst({
    where: { workflowId: input.workflowId, tenantId: ctx.tenantId, name: scenario.name, ...(input.id ? { NOT: { id: input.id } } : {}) },
    select: { id: true },
  });
  if (clash) throw new WorkflowError("CONFLICT", `This workflow already has a scenario named '${scenario.name}'.`);
  const json = scenario as unknown as Prisma.InputJsonValue;
  let row: ScenarioRow;
  if (input.id) {
    const existing = await ctx.db.workflowScenario.findFirst({
      where: { id: input.id, workflowId: input.workflowId, tenantId: ctx.tenantId },
    });
    if (!existing) throw new WorkflowError("NOT_FOUND", "Scenario not found.");
    // A changed scenario's last result no longer says anything about it.
    row = await ctx.db.workflowScenario.update({
      where: { id: existing.id },
      data: { name: scenario.name, scenario: json, lastResult: Prisma.DbNull, lastRunAt: null },
    });
  } else {
    row = await ctx.db.workflowScenario.create({
      data: { tenantId: ctx.tenantId, workflowId: input.workflowId, name: scenario.name, scenario: json },
    });
  }
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: input.id ? "workflow.scenario_updated" : "workflow.scenario_created",
    targetType: "workflow",
    targetId: input.workflowId,
    ip: ctx.ip,
    meta: { scenarioId: row.id, name: row.name },
  });
  return toView(row);
}

export async function deleteScenario(ctx: WorkflowContext, scenarioId: string): Promise<{ deleted: true }> {
  const row = await ctx.db.workflowScenario.findFirst({ where: { id: scenarioId, tenantId: ctx.tenantId } });
  if (!row) throw new WorkflowError("NOT_FOUND", "Scenario not found.");
  await ctx.db.workflowScenario.delete({ where: { id: row.id } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.scenario_deleted",
    targetType: "workflow",
    targetId: row.workflowId,
    ip: ctx.ip,
    meta: { scenarioId: row.id, name: row.name },
  });
  return { deleted: true };
}

export type RunScenariosResult = { ran: true; results: ScenarioResult[] } | { ran: false; problems: ValidationProblem[] };

/**
 * Runs scenarios against the draft (default) or a published version and keeps each result.
 * No transaction stays open while the simulator runs.
 */
export async function runScenarios(scope: WorkflowScope, rawInput: z.input<typeof runScenariosInput>): Promise<RunScenariosResult> {
  const input = runScenariosInput.parse(rawInput);
  const loaded = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const wf = await tx.workflow.findFirst({ where: { id: input.workflowId, tenantId: scope.tenantId } });
    if (!wf) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
    let target: unknown = wf.draft;
    let label: "draft" | number = "draft";
    if (input.versionId) {
      const version = await tx.workflowVersion.findFirst({ where: { id: input.versionId, workflowId: wf.id, tenantId: scope.tenantId } });
      if (!version) throw new WorkflowError("NOT_FOUND", "That version does not belong to this workflow.");
      target = version.spec;
      label = version.version;
    }
    const scenarios = await tx.workflowScenario.findMany({
      where: { workflowId: wf.id, tenantId: scope.tenantId, ...(input.scenarioIds ? { id: { in: input.scenarioIds } } : {}) },
      orderBy: { name: "asc" },
    });
    if (input.scenarioIds && scenarios.length !== new Set(input.scenarioIds).size)
      throw new WorkflowError("NOT_FOUND", "Scenario not found.");
    return { target, label, scenarios };
  });
  let spec: WorkflowSpec;
  if (loaded.label === "draft") {
    const validation = validateSpec(loaded.target);
    if (!validation.ok || !validation.spec) return { ran: false, problems: validation.problems };
    spec = validation.spec;
  } else {
    spec = workflowSpec.parse(loaded.target);
  }
  const results = await runAndRecord(scope, input.workflowId, spec, loaded.scenarios, loaded.label);
  return { ran: true, results };
}

/** Runs each scenario through the simulator, then stores the results and one audit entry. */
export async function runAndRecord(
  scope: WorkflowScope,
  workflowId: string,
  spec: WorkflowSpec,
  scenarios: ScenarioRow[],
  target: "draft" | number
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const row of scenarios) results.push(await runOne(spec, row, target));
  if (results.length === 0) return results;
  await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const now = new Date();
    for (const result of results) {
      // A scenario deleted while it ran has nowhere to keep its result.
      await tx.workflowScenario.updateMany({
        where: { id: result.scenarioId, tenantId: scope.tenantId },
        data: { lastResult: result as unknown as Prisma.InputJsonValue, lastRunAt: now },
      });
    }
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.actorId,
      action: "workflow.tests_run",
      targetType: "workflow",
      targetId: workflowId,
      ip: scope.ip,
      meta: { target, run: results.length, failed: results.filter((r) => !r.passed).map((r) => r.name) },
    });
  });
  return results;
}

async function runOne(spec: WorkflowSpec, row: ScenarioRow, target: "draft" | number): Promise<ScenarioResult> {
  const base = { scenarioId: row.id, name: row.name, target, ranAt: new Date().toISOString() };
  const parsed = workflowScenario.safeParse(row.scenario);
  if (!parsed.success) {
    return {
      ...base,
      passed: false,
      failures: [`The scenario is not valid: ${parsed.error.issues[0]!.message}`],
      outcome: null,
      ended: false,
      transcript: [],
      actions: [],
      callId: null,
    };
  }
  const scenario: WorkflowScenario = parsed.data;
  try {
    const run = await collaborators.runScenario(spec, scenario);
    return {
      ...base,
      passed: run.passed,
      failures: run.failures,
      outcome: run.outcome,
      ended: run.ended,
      transcript: run.transcript,
      actions: run.actions,
      callId: run.callId,
    };
  } catch (error) {
    return {
      ...base,
      passed: false,
      failures: [`The scenario could not run: ${(error as Error).message}`],
      outcome: null,
      ended: false,
      transcript: [],
      actions: [],
      callId: null,
    };
  }
}
