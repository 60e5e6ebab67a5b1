import { describe, expect, it, vi } from "vitest";
import { systemDb, withTenant } from "../db";
import { newBusiness } from "../contacts/test-helpers";
import { workflowSpec, type WorkflowSpec } from "../../agents/graphs/spec";
import { fakeCollaborators } from "./test-helpers";
import {
  archiveWorkflow,
  createFromTemplate,
  diffVersions,
  getWorkflow,
  listVersions,
  listWorkflows,
  publishWorkflow,
  rollbackWorkflow,
  saveDraft,
  WorkflowError,
  type WorkflowContext,
} from "./workflows";
import { deleteScenario, listScenarios, runScenarios, saveScenario } from "./scenarios";
import { getInbound, getInboundWorkflowVersion, setInbound } from "./inbound";

vi.mock("./collaborators", async () => (await import("./test-helpers")).fakeCollaborators);

function asTenant<T>(tenantId: string, fn: (ctx: WorkflowContext) => Promise<T>): Promise<T> {
  return withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null }));
}
const scope = (tenantId: string) => ({ tenantId, actorId: null });

async function workflowIn(tenantId: string) {
  return asTenant(tenantId, (ctx) => createFromTemplate(ctx, { templateKey: "receptionist" }));
}
const auditActions = async (tenantId: string) =>
  (await systemDb().auditLog.findMany({ where: { tenantId }, orderBy: { id: "asc" } })).map((e) => e.action);

/** The draft without its "answered" end node: the "asks the hours" scenario then fails. */
function withoutAnsweredEnd(spec: WorkflowSpec): WorkflowSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((n) => (n.id === "answered" ? { ...n, outcome: "completed" as const } : n)),
  };
}

describe("workflows service", () => {
  it("creates a workflow from a template with its scenarios, and refuses an unknown template", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    expect(wf).toMatchObject({
      name: "Front desk",
      direction: "inbound",
      templateKey: "receptionist",
      currentVersion: null,
      draftValid: true,
      problems: [],
    });
    const scenarios = await asTenant(biz.id, (ctx) => listScenarios(ctx, wf.id));
    expect(scenarios.map((s) => s.name)).toEqual(["asks the hours", "books a cleaning"]);
    await expect(asTenant(biz.id, (ctx) => createFromTemplate(ctx, { templateKey: "nope" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditActions(biz.id)).toEqual(["workflow.created"]);
  });

  it("saves an invalid draft with its problems and refuses to overwrite a newer save", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    const draft = structuredClone(wf.draft) as WorkflowSpec;
    draft.name = "Front desk (evenings)";
    (draft.nodes.find((n) => n.id === "ask_when") as { slot: string }).slot = "date";
    const saved = await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: draft, baseDraftUpdatedAt: wf.draftUpdatedAt }));
    expect(saved.ok).toBe(false);
    expect(saved.problems).toContainEqual(expect.objectContaining({ code: "unknown_slot", nodeId: "ask_when" }));
    const reloaded = await asTenant(biz.id, (ctx) => getWorkflow(ctx, wf.id));
    expect(reloaded.name).toBe("Front desk (evenings)");
    expect(reloaded.draftValid).toBe(false);
    expect((reloaded.draft as WorkflowSpec).nodes.find((n) => n.id === "ask_when")).toMatchObject({ slot: "date" });

    // An editor still holding the first load cannot silently overwrite the save above.
    await expect(
      asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: wf.draft, baseDraftUpdatedAt: wf.draftUpdatedAt }))
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: [1, 2] }))).rejects.toBeInstanceOf(WorkflowError);
  });

  it("does not publish a draft with validation errors", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    const draft = structuredClone(wf.draft) as WorkflowSpec;
    draft.entry = "missing";
    await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: draft }));
    const result = await publishWorkflow(scope(biz.id), { id: wf.id });
    expect(result).toMatchObject({ published: false, reason: "invalid" });
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "missing_entry" }));
    expect(await asTenant(biz.id, (ctx) => listVersions(ctx, wf.id))).toEqual([]);
  });

  it("blocks publishing while a scenario fails, keeps the results, and lets an admin override with a reason", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: withoutAnsweredEnd(wf.draft as WorkflowSpec) }));

    const blocked = await publishWorkflow(scope(biz.id), { id: wf.id });
    expect(blocked).toMatchObject({ published: false, reason: "tests_failed" });
    expect(blocked.results.map((r) => [r.name, r.passed])).toEqual([
      ["asks the hours", false],
      ["books a cleaning", true],
    ]);
    expect(await asTenant(biz.id, (ctx) => listVersions(ctx, wf.id))).toEqual([]);
    const stored = await asTenant(biz.id, (ctx) => listScenarios(ctx, wf.id));
    expect(stored[0]!.lastResult).toMatchObject({
      passed: false,
      target: "draft",
      failures: ["expected outcome question_answered, got completed"],
    });

    const published = await publishWorkflow(scope(biz.id), { id: wf.id, overrideReason: "Hours answer is being rewritten today" });
    expect(published.published).toBe(true);
    if (!published.published) throw new Error("unreachable");
    expect(published.version).toMatchObject({
      version: 1,
      testsRun: 2,
      testsPassed: false,
      testOverride: "Hours answer is being rewritten today",
      current: true,
    });
    const override = await systemDb().auditLog.findFirstOrThrow({
      where: { tenantId: biz.id, action: "workflow.published_with_override" },
    });
    expect(override.meta).toMatchObject({
      version: 1,
      overrideReason: "Hours answer is being rewritten today",
      testsFailed: ["asks the hours"],
    });
  });

  it("publishes passing drafts as numbered immutable versions, rolls back by re-publishing, and diffs", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    const v1 = await publishWorkflow(scope(biz.id), { id: wf.id, notes: "First" });
    expect(v1).toMatchObject({ published: true, version: { version: 1, testsPassed: true, testsRun: 2, notes: "First" } });

    const draft = structuredClone(wf.draft) as WorkflowSpec;
    const ask = draft.nodes.find((n) => n.id === "ask_when")!;
    Object.assign(ask, { prompt: "Which day suits you best?" });
    await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: draft }));
    const v2 = await publishWorkflow(scope(biz.id), { id: wf.id });
    if (!v1.published || !v2.published) throw new Error("expected both to publish");
    expect(v2.version.version).toBe(2);

    const diff = await asTenant(biz.id, (ctx) => diffVersions(ctx, { fromVersionId: v1.version.id, to: v2.version.id }));
    expect(diff.summary).toEqual(["Changed node 'ask_when': prompt"]);
    expect(diff).toMatchObject({ from: 1, to: 2 });
    const toDraft = await asTenant(biz.id, (ctx) => diffVersions(ctx, { fromVersionId: v2.version.id, to: "draft" }));
    expect(toDraft.same).toBe(true);

    const v3 = await asTenant(biz.id, (ctx) => rollbackWorkflow(ctx, { id: wf.id, versionId: v1.version.id }));
    expect(v3).toMatchObject({ version: 3, restoredFrom: 1, notes: "Restores version 1", current: true });
    const versions = await asTenant(biz.id, (ctx) => listVersions(ctx, wf.id));
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const restored = await systemDb().workflowVersion.findUniqueOrThrow({ where: { id: v3.id } });
    const original = await systemDb().workflowVersion.findUniqueOrThrow({ where: { id: v1.version.id } });
    expect(restored.spec).toEqual(original.spec);
    await expect(asTenant(biz.id, (ctx) => rollbackWorkflow(ctx, { id: wf.id, versionId: v3.id }))).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await auditActions(biz.id)).toEqual([
      "workflow.created",
      "workflow.tests_run",
      "workflow.published",
      "workflow.draft_saved",
      "workflow.tests_run",
      "workflow.published",
      "workflow.rolled_back",
    ]);
  });

  it("never lets the app change or delete a published version", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    const v1 = await publishWorkflow(scope(biz.id), { id: wf.id });
    if (!v1.published) throw new Error("expected to publish");
    await expect(
      withTenant({ tenantId: biz.id }, (tx) => tx.workflowVersion.update({ where: { id: v1.version.id }, data: { notes: "sneaky" } }))
    ).rejects.toThrow(/permission denied/);
    await expect(withTenant({ tenantId: biz.id }, (tx) => tx.workflowVersion.delete({ where: { id: v1.version.id } }))).rejects.toThrow(
      /permission denied/
    );
  });

  it("keeps each business's workflows to itself", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const wf = await workflowIn(a.id);
    await expect(asTenant(b.id, (ctx) => getWorkflow(ctx, wf.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await asTenant(b.id, (ctx) => listWorkflows(ctx))).toEqual([]);
    await expect(publishWorkflow(scope(b.id), { id: wf.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("scenarios", () => {
  it("adds, edits and deletes scenarios with readable refusals, and audits each", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    await expect(
      asTenant(biz.id, (ctx) => saveScenario(ctx, { workflowId: wf.id, scenario: { name: "x", turns: "hello" } }))
    ).rejects.toThrow(/^Scenario turns: Expected array/);
    await expect(
      asTenant(biz.id, (ctx) => saveScenario(ctx, { workflowId: wf.id, scenario: { name: "books a cleaning", turns: [], expect: {} } }))
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const created = await asTenant(biz.id, (ctx) =>
      saveScenario(ctx, {
        workflowId: wf.id,
        scenario: { name: "wants a person", turns: ["a real person please"], expect: { outcome: "transferred" } },
      })
    );
    await runScenarios(scope(biz.id), { workflowId: wf.id, scenarioIds: [created.id] });
    expect((await asTenant(biz.id, (ctx) => listScenarios(ctx, wf.id))).find((s) => s.id === created.id)!.lastResult).toMatchObject({
      passed: false,
    });

    // Editing a scenario forgets its last result: it says nothing about the new text.
    const edited = await asTenant(biz.id, (ctx) =>
      saveScenario(ctx, {
        workflowId: wf.id,
        id: created.id,
        scenario: { name: "wants a person", turns: ["someone real"], expect: { outcome: "message_taken" } },
      })
    );
    expect(edited).toMatchObject({ lastResult: null, lastRunAt: null });
    await asTenant(biz.id, (ctx) => deleteScenario(ctx, created.id));
    expect((await asTenant(biz.id, (ctx) => listScenarios(ctx, wf.id))).map((s) => s.name)).toEqual(["asks the hours", "books a cleaning"]);
    expect((await auditActions(biz.id)).filter((a) => a.startsWith("workflow.scenario"))).toEqual([
      "workflow.scenario_created",
      "workflow.scenario_updated",
      "workflow.scenario_deleted",
    ]);
  });

  it("runs against a published version or the draft, and records a crash as a failure", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    const v1 = await publishWorkflow(scope(biz.id), { id: wf.id });
    if (!v1.published) throw new Error("expected to publish");
    await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: withoutAnsweredEnd(wf.draft as WorkflowSpec) }));
    await asTenant(biz.id, (ctx) => saveScenario(ctx, { workflowId: wf.id, scenario: { name: "crashes", turns: ["crash"], expect: {} } }));

    const onDraft = await runScenarios(scope(biz.id), { workflowId: wf.id });
    if (!onDraft.ran) throw new Error("expected to run");
    expect(onDraft.results.map((r) => [r.name, r.passed, r.target])).toEqual([
      ["asks the hours", false, "draft"],
      ["books a cleaning", true, "draft"],
      ["crashes", false, "draft"],
    ]);
    expect(onDraft.results[2]!.failures).toEqual(["The scenario could not run: simulator exploded"]);

    const onV1 = await runScenarios(scope(biz.id), { workflowId: wf.id, versionId: v1.version.id });
    if (!onV1.ran) throw new Error("expected to run");
    expect(onV1.results.map((r) => [r.name, r.passed, r.target])).toEqual([
      ["asks the hours", true, 1],
      ["books a cleaning", true, 1],
      ["crashes", false, 1],
    ]);
  });

  it("refuses to run scenarios on a draft with errors", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    await asTenant(biz.id, (ctx) => saveDraft(ctx, { id: wf.id, spec: { ...(wf.draft as object), entry: "nowhere" } }));
    const result = await runScenarios(scope(biz.id), { workflowId: wf.id });
    expect(result).toMatchObject({ ran: false, problems: [expect.objectContaining({ code: "missing_entry" })] });
  });
});

describe("inbound workflow", () => {
  it("answers inbound calls with the chosen workflow's current version, following publishes and rollbacks", async () => {
    const biz = await newBusiness();
    expect(await getInboundWorkflowVersion(biz.id)).toBeNull();
    const wf = await workflowIn(biz.id);
    await expect(asTenant(biz.id, (ctx) => setInbound(ctx, { workflowId: wf.id }))).rejects.toThrow(/never been published/);

    const v1 = await publishWorkflow(scope(biz.id), { id: wf.id });
    if (!v1.published) throw new Error("expected to publish");
    const set = await asTenant(biz.id, (ctx) => setInbound(ctx, { workflowId: wf.id }));
    expect(set).toMatchObject({ workflowId: wf.id, currentVersion: { id: v1.version.id, version: 1 } });
    const answering = await getInboundWorkflowVersion(biz.id);
    expect(answering).toMatchObject({ workflowId: wf.id, workflowVersionId: v1.version.id, version: 1 });
    expect(workflowSpec.safeParse(answering!.spec).success).toBe(true);

    const v2 = await publishWorkflow(scope(biz.id), { id: wf.id });
    if (!v2.published) throw new Error("expected to publish");
    expect((await getInboundWorkflowVersion(biz.id))!.version).toBe(2);
    await asTenant(biz.id, (ctx) => rollbackWorkflow(ctx, { id: wf.id, versionId: v1.version.id }));
    expect((await getInboundWorkflowVersion(biz.id))!.version).toBe(3);

    await expect(asTenant(biz.id, (ctx) => archiveWorkflow(ctx, wf.id))).rejects.toThrow(/answers inbound calls/);
    await asTenant(biz.id, (ctx) => setInbound(ctx, { workflowId: null }));
    expect(await asTenant(biz.id, (ctx) => getInbound(ctx))).toBeNull();
    await asTenant(biz.id, (ctx) => archiveWorkflow(ctx, wf.id));
    expect(await asTenant(biz.id, (ctx) => listWorkflows(ctx))).toEqual([]);
    const inboundAudit = await systemDb().auditLog.findMany({
      where: { tenantId: biz.id, action: "workflow.inbound_set" },
      orderBy: { id: "asc" },
    });
    expect(inboundAudit.map((e) => e.meta)).toEqual([
      { from: null, to: wf.id },
      { from: wf.id, to: null },
    ]);
  });

  it("refuses an outbound workflow for inbound calls", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    await asTenant(biz.id, (ctx) =>
      saveDraft(ctx, { id: wf.id, spec: { ...(wf.draft as object), direction: "outbound", settings: { voicemailNode: "message" } } })
    );
    const published = await publishWorkflow(scope(biz.id), { id: wf.id });
    expect(published.published).toBe(true);
    await expect(asTenant(biz.id, (ctx) => setInbound(ctx, { workflowId: wf.id }))).rejects.toThrow(/outbound workflow/);
  });

  it("refuses to publish an outbound version of the workflow that answers inbound calls", async () => {
    const biz = await newBusiness();
    const wf = await workflowIn(biz.id);
    await publishWorkflow(scope(biz.id), { id: wf.id });
    await asTenant(biz.id, (ctx) => setInbound(ctx, { workflowId: wf.id }));
    await asTenant(biz.id, (ctx) =>
      saveDraft(ctx, { id: wf.id, spec: { ...(wf.draft as object), direction: "outbound", settings: { voicemailNode: "message" } } })
    );
    await expect(publishWorkflow(scope(biz.id), { id: wf.id })).rejects.toThrow(/cannot become outbound/);
    expect((await getInboundWorkflowVersion(biz.id))!.version).toBe(1);
  });
});

void fakeCollaborators;
