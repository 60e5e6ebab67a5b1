// Workflow authoring: create from a template, save drafts (kept even when invalid, with their
// problems), publish immutable versions behind the scenario tests, roll back, compare versions.
// Services run inside the business's row-level-security transaction and audit every write;
// publishing runs scenarios outside any transaction (they take seconds) — see publishWorkflow.
import { z } from "zod";
import type { Tx } from "../db";
import { Prisma, withTenant } from "../db";
import { recordAudit } from "../audit/log";
import { workflowSpec, workflowScenario, type WorkflowSpec } from "../../agents/graphs/spec";
import { validateSpec, type ValidationProblem } from "../../agents/graphs/validate";
import { diffSpecs, type SpecDiff } from "../../agents/graphs/diff";
import * as collaborators from "./collaborators";
import { runAndRecord, type ScenarioResult } from "./scenarios";
import { WorkflowError, type WorkflowContext, type WorkflowScope } from "./context";

export { WorkflowError, type WorkflowContext, type WorkflowScope };

const id = z.string().min(1).max(64);
/** A draft is any JSON up to this size: the editor saves work in progress, valid or not. */
const MAX_DRAFT_BYTES = 1_000_000;

export const createFromTemplateInput = z.object({
  templateKey: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(120).optional(),
});
export const createBlankInput = z.object({ name: z.string().trim().min(1).max(120), direction: z.enum(["inbound", "outbound"]) });
export const saveDraftInput = z.object({
  id,
  spec: z.unknown(),
  /** The draftUpdatedAt the editor loaded; a newer save by someone else is refused, not overwritten. */
  baseDraftUpdatedAt: z.coerce.date().optional(),
});
export const publishInput = z.object({
  id,
  notes: z.string().trim().max(2000).default(""),
  /** Publish although a scenario fails (admins only); recorded in the audit log. */
  overrideReason: z.string().trim().min(3, "Say why you publish despite failing tests").max(500).optional(),
});
export const rollbackInput = z.object({ id, versionId: id });
export const diffInput = z.object({
  fromVersionId: id,
  /** A version id, or "draft" for the workflow's current draft. */
  to: z.union([id, z.literal("draft")]),
});

export interface VersionSummary {
  id: string;
  version: number;
  publishedAt: Date;
  publishedById: string | null;
  publishedByName: string | null;
  testsRun: number;
  testsPassed: boolean;
  testOverride: string | null;
  notes: string;
  restoredFrom: number | null;
  current: boolean;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  direction: "inbound" | "outbound";
  templateKey: string | null;
  draftUpdatedAt: Date;
  currentVersion: { id: string; version: number; publishedAt: Date } | null;
  /** The draft was saved after the current version was published. */
  unpublishedChanges: boolean;
  answersInbound: boolean;
  archivedAt: Date | null;
}

export interface WorkflowDetail extends WorkflowSummary {
  draft: unknown;
  problems: ValidationProblem[];
  draftValid: boolean;
  versionCount: number;
}

const summarySelect = {
  id: true,
  name: true,
  description: true,
  direction: true,
  templateKey: true,
  draftUpdatedAt: true,
  archivedAt: true,
  currentVersion: { select: { id: true, version: true, publishedAt: true } },
  inboundFor: { select: { tenantId: true } },
} satisfies Prisma.WorkflowSelect;
type SummaryRow = Prisma.WorkflowGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    direction: row.direction,
    templateKey: row.templateKey,
    draftUpdatedAt: row.draftUpdatedAt,
    currentVersion: row.currentVersion,
    unpublishedChanges: !row.currentVersion || row.draftUpdatedAt > row.currentVersion.publishedAt,
    answersInbound: row.inboundFor.length > 0,
    archivedAt: row.archivedAt,
  };
}

async function findWorkflow(ctx: WorkflowContext, workflowId: string) {
  const row = await ctx.db.workflow.findFirst({ where: { id: workflowId, tenantId: ctx.tenantId } });
  if (!row) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
  return row;
}

export async function listWorkflows(ctx: WorkflowContext, input: { includeArchived?: boolean } = {}): Promise<WorkflowSummary[]> {
  const rows = await ctx.db.workflow.findMany({
    where: { tenantId: ctx.tenantId, ...(input.includeArchived ? {} : { archivedAt: null }) },
    select: summarySelect,
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map(toSummary);
}

export async function getWorkflow(ctx: WorkflowContext, workflowId: string): Promise<WorkflowDetail> {
  const row = await ctx.db.workflow.findFirst({
    where: { id: workflowId, tenantId: ctx.tenantId },
    select: { ...summarySelect, draft: true, _count: { select: { versions: true } } },
  });
  if (!row) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
  const validation = validateSpec(row.draft);
  return {
    ...toSummary(row),
    draft: row.draft,
    problems: validation.problems,
    draftValid: validation.ok,
    versionCount: row._count.versions,
  };
}

export async function templates(): Promise<collaborators.TemplateSummary[]> {
  return collaborators.listTemplates();
}

/** A new workflow whose draft is the template's spec, with the template's scenario tests. */
export async function createFromTemplate(ctx: WorkflowContext, rawInput: z.input<typeof createFromTemplateInput>): Promise<WorkflowDetail> {
  const input = createFromTemplateInput.parse(rawInput);
  const template = await collaborators.getTemplate(input.templateKey);
  if (!template) throw new WorkflowError("NOT_FOUND", `There is no template '${input.templateKey}'.`);
  const spec = workflowSpec.parse(template.spec);
  const name = input.name ?? spec.name;
  const row = await ctx.db.workflow.create({
    data: {
      tenantId: ctx.tenantId,
      name,
      description: spec.description,
      direction: spec.direction,
      templateKey: input.templateKey,
      draft: { ...spec, name } as unknown as Prisma.InputJsonValue,
      createdById: ctx.actorId,
    },
  });
  const seen = new Set<string>();
  const scenarios: Prisma.WorkflowScenarioCreateManyInput[] = [];
  for (const raw of template.scenarios) {
    const scenario = workflowScenario.parse(raw);
    if (seen.has(scenario.name)) continue;
    seen.add(scenario.name);
    scenarios.push({
      tenantId: ctx.tenantId,
      workflowId: row.id,
      name: scenario.name,
      scenario: scenario as unknown as Prisma.InputJsonValue,
    });
  }
  if (scenarios.length) await ctx.db.workflowScenario.createMany({ data: scenarios });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.created",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
    meta: { templateKey: input.templateKey, name, scenarios: seen.size },
  });
  return getWorkflow(ctx, row.id);
}

/** A new workflow with a one-node draft to build on. */
export async function createBlank(ctx: WorkflowContext, rawInput: z.input<typeof createBlankInput>): Promise<WorkflowDetail> {
  const input = createBlankInput.parse(rawInput);
  const spec: WorkflowSpec = workflowSpec.parse({
    schemaVersion: 1,
    name: input.name,
    direction: input.direction,
    entry: "goodbye",
    nodes: [{ id: "goodbye", type: "end", outcome: "completed", text: "Thanks for calling {{business.name}}. Goodbye!" }],
  });
  const row = await ctx.db.workflow.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      direction: input.direction,
      draft: spec as unknown as Prisma.InputJsonValue,
      createdById: ctx.actorId,
    },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.created",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
    meta: { name: input.name },
  });
  return getWorkflow(ctx, row.id);
}

/**
 * Saves the editor's draft even when it has problems (work in progress), and returns them.
 * The workflow's name and description follow the draft's when it has valid ones.
 */
export async function saveDraft(
  ctx: WorkflowContext,
  rawInput: z.input<typeof saveDraftInput>
): Promise<{ draftUpdatedAt: Date; ok: boolean; problems: ValidationProblem[] }> {
  const input = saveDraftInput.parse(rawInput);
  const json = JSON.stringify(input.spec ?? null);
  if (json.length > MAX_DRAFT_BYTES) throw new WorkflowError("INVALID", "This workflow is too large to save (over 1 MB).");
  if (!input.spec || typeof input.spec !== "object" || Array.isArray(input.spec))
    throw new WorkflowError("INVALID", "A draft is a workflow object.");
  const row = await findWorkflow(ctx, input.id);
  if (row.archivedAt) throw new WorkflowError("INVALID", "This workflow is archived; restore it before editing.");
  if (input.baseDraftUpdatedAt && row.draftUpdatedAt.getTime() !== input.baseDraftUpdatedAt.getTime()) {
    throw new WorkflowError("CONFLICT", "Someone else saved this workflow after you opened it. Reload to see their changes.");
  }
  const validation = validateSpec(input.spec);
  const draft = input.spec as Record<string, unknown>;
  const name = typeof draft.name === "string" && draft.name.trim() ? draft.name.trim().slice(0, 120) : row.name;
  const description = typeof draft.description === "string" ? draft.description.slice(0, 2000) : row.description;
  const updated = await ctx.db.workflow.update({
    where: { id: row.id },
    data: { draft: input.spec as Prisma.InputJsonValue, draftUpdatedAt: new Date(), name, description },
    select: { draftUpdatedAt: true },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.draft_saved",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
    meta: {
      errors: validation.problems.filter((p) => p.severity === "error").length,
      warnings: validation.problems.filter((p) => p.severity === "warning").length,
    },
  });
  return { draftUpdatedAt: updated.draftUpdatedAt, ok: validation.ok, problems: validation.problems };
}

export async function archiveWorkflow(ctx: WorkflowContext, workflowId: string): Promise<WorkflowSummary> {
  const row = await findWorkflow(ctx, workflowId);
  const inbound = await ctx.db.workflowSettings.findFirst({ where: { tenantId: ctx.tenantId, inboundWorkflowId: row.id } });
  if (inbound) throw new WorkflowError("INVALID", "This workflow answers inbound calls. Choose another one for inbound calls first.");
  await ctx.db.workflow.update({ where: { id: row.id }, data: { archivedAt: row.archivedAt ?? new Date() } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.archived",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
  });
  const after = await ctx.db.workflow.findFirstOrThrow({ where: { id: row.id }, select: summarySelect });
  return toSummary(after);
}

// ---- publishing ------------------------------------------------------------------------------

export type PublishResult =
  | { published: true; version: VersionSummary; results: ScenarioResult[]; /** Warnings only. */ problems: ValidationProblem[] }
  | { published: false; reason: "invalid"; problems: ValidationProblem[]; results: [] }
  | { published: false; reason: "tests_failed"; problems: ValidationProblem[]; results: ScenarioResult[] };

/**
 * Publishes the draft as the next immutable version: the draft must have no validation errors,
 * and every scenario test must pass unless an admin gives an override reason (audited).
 * Runs in three steps so no transaction stays open while scenarios run: read the draft, run the
 * scenarios against exactly that spec (sandbox business), then write the version under a row
 * lock on the workflow. What gets published is the spec that was tested, even if the draft
 * changed meanwhile.
 */
export async function publishWorkflow(scope: WorkflowScope, rawInput: z.input<typeof publishInput>): Promise<PublishResult> {
  const input = publishInput.parse(rawInput);
  const { draft, scenarios } = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const row = await tx.workflow.findFirst({ where: { id: input.id, tenantId: scope.tenantId } });
    if (!row) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
    if (row.archivedAt) throw new WorkflowError("INVALID", "This workflow is archived; restore it before publishing.");
    const scenarios = await tx.workflowScenario.findMany({
      where: { workflowId: row.id, tenantId: scope.tenantId },
      orderBy: { name: "asc" },
    });
    return { draft: row.draft, scenarios };
  });
  const validation = validateSpec(draft);
  if (!validation.ok || !validation.spec) return { published: false, reason: "invalid", problems: validation.problems, results: [] };
  const spec = validation.spec;

  const results = await runAndRecord(scope, input.id, spec, scenarios, "draft");
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0 && !input.overrideReason) {
    return { published: false, reason: "tests_failed", problems: validation.problems, results };
  }

  const version = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const created = await createVersion(tx, scope, input.id, spec, {
      testsRun: results.length,
      testsPassed: failed.length === 0,
      testOverride: failed.length > 0 ? input.overrideReason! : null,
      notes: input.notes,
      restoredFrom: null,
    });
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.actorId,
      action: failed.length > 0 ? "workflow.published_with_override" : "workflow.published",
      targetType: "workflow",
      targetId: input.id,
      ip: scope.ip,
      meta: {
        version: created.version,
        versionId: created.id,
        testsRun: results.length,
        testsFailed: failed.map((r) => r.name),
        ...(failed.length > 0 ? { overrideReason: input.overrideReason } : {}),
      },
    });
    return created;
  });
  return { published: true, version, results, problems: validation.problems };
}

/**
 * Publishes the draft without running its scenarios: for the demo seed only (the router never
 * offers it). A draft with validation errors is still refused.
 */
export async function publishDraftWithoutTests(ctx: WorkflowContext, workflowId: string, notes: string): Promise<VersionSummary> {
  const row = await findWorkflow(ctx, workflowId);
  const validation = validateSpec(row.draft);
  if (!validation.ok || !validation.spec) {
    const first = validation.problems.find((p) => p.severity === "error");
    throw new WorkflowError("INVALID", `The draft cannot be published: ${first?.message ?? "it is not valid"}`);
  }
  const created = await createVersion(ctx.db, ctx, row.id, validation.spec, {
    testsRun: 0,
    testsPassed: false,
    testOverride: null,
    notes,
    restoredFrom: null,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.published",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
    meta: { version: created.version, versionId: created.id, testsRun: 0, testsSkipped: true },
  });
  return created;
}

async function createVersion(
  tx: Tx,
  scope: WorkflowScope,
  workflowId: string,
  spec: WorkflowSpec,
  data: { testsRun: number; testsPassed: boolean; testOverride: string | null; notes: string; restoredFrom: number | null }
): Promise<VersionSummary> {
  // The row lock serialises two publishes of one workflow, so version numbers never clash.
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Workflow" WHERE id = ${workflowId} AND "tenantId" = ${scope.tenantId} FOR UPDATE`;
  if (locked.length === 0) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
  if (spec.direction === "outbound") {
    const inbound = await tx.workflowSettings.findFirst({
      where: { tenantId: scope.tenantId, inboundWorkflowId: workflowId },
      select: { tenantId: true },
    });
    if (inbound)
      throw new WorkflowError(
        "INVALID",
        "This workflow answers inbound calls, so it cannot become outbound. Choose another inbound workflow first."
      );
  }
  const last = await tx.workflowVersion.aggregate({ where: { workflowId }, _max: { version: true } });
  const version = await tx.workflowVersion.create({
    data: {
      tenantId: scope.tenantId,
      workflowId,
      version: (last._max.version ?? 0) + 1,
      spec: spec as unknown as Prisma.InputJsonValue,
      // The app's clock, like draftUpdatedAt, so "unpublished changes" compares like with like.
      publishedAt: new Date(),
      publishedById: scope.actorId,
      ...data,
    },
  });
  // The workflow's direction is what its published version does.
  await tx.workflow.update({ where: { id: workflowId }, data: { currentVersionId: version.id, direction: spec.direction } });
  const [summary] = await versionSummaries(tx, scope.tenantId, { id: version.id });
  return summary!;
}

/**
 * Rolls back by publishing a copy of an earlier version as a new version. Version numbers only
 * grow, "current" is always the newest, and the history reads in order ("v5 restores v3"); calls
 * already made keep pointing at the exact version they ran. The draft is left alone. Tests are
 * not re-run: a rollback is the way out of a bad publish and must not be blocked.
 */
export async function rollbackWorkflow(ctx: WorkflowContext, rawInput: z.input<typeof rollbackInput>): Promise<VersionSummary> {
  const input = rollbackInput.parse(rawInput);
  const row = await findWorkflow(ctx, input.id);
  const source = await ctx.db.workflowVersion.findFirst({ where: { id: input.versionId, workflowId: row.id, tenantId: ctx.tenantId } });
  if (!source) throw new WorkflowError("NOT_FOUND", "That version does not belong to this workflow.");
  if (row.currentVersionId === source.id) throw new WorkflowError("INVALID", `Version ${source.version} is already the current version.`);
  const spec = workflowSpec.parse(source.spec);
  const created = await createVersion(ctx.db, ctx, row.id, spec, {
    testsRun: source.testsRun,
    testsPassed: source.testsPassed,
    testOverride: source.testOverride,
    notes: `Restores version ${source.version}`,
    restoredFrom: source.version,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.rolled_back",
    targetType: "workflow",
    targetId: row.id,
    ip: ctx.ip,
    meta: { restoredVersion: source.version, newVersion: created.version, versionId: created.id },
  });
  return created;
}

async function versionSummaries(db: Tx, tenantId: string, where: Prisma.WorkflowVersionWhereInput): Promise<VersionSummary[]> {
  const rows = await db.workflowVersion.findMany({
    where: { tenantId, ...where },
    select: {
      id: true,
      version: true,
      publishedAt: true,
      publishedById: true,
      testsRun: true,
      testsPassed: true,
      testOverride: true,
      notes: true,
      restoredFrom: true,
      currentOf: { select: { id: true } },
    },
    orderBy: { version: "desc" },
  });
  const userIds = [...new Set(rows.map((r) => r.publishedById).filter((v): v is string => !!v))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map(({ currentOf, ...r }) => ({
    ...r,
    publishedByName: r.publishedById ? names.get(r.publishedById) ?? null : null,
    current: !!currentOf,
  }));
}

export async function listVersions(ctx: WorkflowContext, workflowId: string): Promise<VersionSummary[]> {
  await findWorkflow(ctx, workflowId);
  return versionSummaries(ctx.db, ctx.tenantId, { workflowId });
}

export async function getVersion(
  ctx: WorkflowContext,
  versionId: string
): Promise<VersionSummary & { workflowId: string; spec: WorkflowSpec }> {
  const row = await ctx.db.workflowVersion.findFirst({ where: { id: versionId, tenantId: ctx.tenantId } });
  if (!row) throw new WorkflowError("NOT_FOUND", "Version not found.");
  const [summary] = await versionSummaries(ctx.db, ctx.tenantId, { id: row.id });
  return { ...summary!, workflowId: row.workflowId, spec: workflowSpec.parse(row.spec) };
}

/** Differences from one version to another version of the same workflow, or to its draft. */
export async function diffVersions(
  ctx: WorkflowContext,
  rawInput: z.input<typeof diffInput>
): Promise<SpecDiff & { from: number; to: number | "draft" }> {
  const input = diffInput.parse(rawInput);
  const from = await ctx.db.workflowVersion.findFirst({ where: { id: input.fromVersionId, tenantId: ctx.tenantId } });
  if (!from) throw new WorkflowError("NOT_FOUND", "Version not found.");
  let toSpec: WorkflowSpec;
  let toLabel: number | "draft";
  if (input.to === "draft") {
    const wf = await findWorkflow(ctx, from.workflowId);
    const parsed = workflowSpec.safeParse(wf.draft);
    if (!parsed.success) throw new WorkflowError("INVALID", "The draft has schema errors; fix them to compare it with a version.");
    toSpec = parsed.data;
    toLabel = "draft";
  } else {
    const to = await ctx.db.workflowVersion.findFirst({ where: { id: input.to, tenantId: ctx.tenantId } });
    if (!to) throw new WorkflowError("NOT_FOUND", "Version not found.");
    if (to.workflowId !== from.workflowId) throw new WorkflowError("INVALID", "Both versions must belong to the same workflow.");
    toSpec = workflowSpec.parse(to.spec);
    toLabel = to.version;
  }
  return { ...diffSpecs(workflowSpec.parse(from.spec), toSpec), from: from.version, to: toLabel };
}
