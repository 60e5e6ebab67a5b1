import { describe, expect, it, vi } from "vitest";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";
import type { WorkflowSpec } from "../../agents/graphs/spec";

vi.mock("../workflows/collaborators", async () => (await import("../workflows/test-helpers")).fakeCollaborators);

async function businessWithWorkflow() {
  const admin = await signedInMember("admin");
  const wf = await admin.caller.workflows.createFromTemplate({ templateKey: "receptionist", name: "Reception" });
  return { admin, wf };
}

describe("workflows router", () => {
  it("lets an admin create from a template, save, publish, roll back and choose the inbound workflow", async () => {
    const { admin, wf } = await businessWithWorkflow();
    expect(await admin.caller.workflows.templates()).toEqual([expect.objectContaining({ key: "receptionist" })]);
    expect(wf).toMatchObject({ name: "Reception", draftValid: true });

    const draft = structuredClone(wf.draft) as WorkflowSpec;
    draft.nodes.push({ id: "stray", type: "say", text: "Never said" });
    const saved = await admin.caller.workflows.saveDraft({ id: wf.id, spec: draft });
    expect(saved).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([expect.objectContaining({ nodeId: "stray", code: "dead_end" })]),
    });
    expect(await admin.caller.workflows.publish({ id: wf.id })).toMatchObject({ published: false, reason: "invalid" });

    await admin.caller.workflows.saveDraft({ id: wf.id, spec: wf.draft });
    const v1 = await admin.caller.workflows.publish({ id: wf.id, notes: "Go live" });
    expect(v1).toMatchObject({
      published: true,
      version: { version: 1, notes: "Go live", publishedById: admin.user.id, publishedByName: admin.user.name },
    });
    const v2 = await admin.caller.workflows.publish({ id: wf.id });
    if (!v1.published || !v2.published) throw new Error("expected both to publish");

    expect(await admin.caller.workflows.diff({ fromVersionId: v1.version.id, to: v2.version.id })).toMatchObject({ same: true });
    const v3 = await admin.caller.workflows.rollback({ id: wf.id, versionId: v1.version.id });
    expect(v3).toMatchObject({ version: 3, restoredFrom: 1 });
    expect((await admin.caller.workflows.versions({ id: wf.id })).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await admin.caller.workflows.version({ id: v3.id })).spec.entry).toBe("lookup");

    await admin.caller.workflows.setInbound({ workflowId: wf.id });
    expect(await admin.caller.workflows.inbound()).toMatchObject({ workflowId: wf.id, currentVersion: { version: 3 } });
    expect(await admin.caller.workflows.list()).toEqual([
      expect.objectContaining({ id: wf.id, answersInbound: true, unpublishedChanges: false }),
    ]);
  });

  it("validates a spec without saving it", async () => {
    const viewer = await signedInMember("viewer");
    const result = await viewer.caller.workflows.validate({ spec: { schemaVersion: 1 } });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: "schema", severity: "error" });
  });

  it("lets viewers read but not edit, and staff run tests but not publish", async () => {
    const { admin, wf } = await businessWithWorkflow();
    const viewer = await signedInMember("viewer", { tenantId: admin.tenant.id });
    const staff = await signedInMember("staff", { tenantId: admin.tenant.id });

    expect((await viewer.caller.workflows.get({ id: wf.id })).id).toBe(wf.id);
    expect(await viewer.caller.workflows.scenarios.list({ workflowId: wf.id })).toHaveLength(2);
    await expect(viewer.caller.workflows.saveDraft({ id: wf.id, spec: wf.draft })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.workflows.scenarios.run({ workflowId: wf.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const ran = await staff.caller.workflows.scenarios.run({ workflowId: wf.id });
    expect(ran).toMatchObject({
      ran: true,
      results: [expect.objectContaining({ passed: true }), expect.objectContaining({ passed: true })],
    });
    await expect(staff.caller.workflows.publish({ id: wf.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      staff.caller.workflows.scenarios.save({ workflowId: wf.id, scenario: { name: "x", turns: [], expect: {} } })
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(staff.caller.workflows.setInbound({ workflowId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("blocks publishing on a failing scenario until an admin gives a reason, which the audit log keeps", async () => {
    const { admin, wf } = await businessWithWorkflow();
    await admin.caller.workflows.scenarios.save({
      workflowId: wf.id,
      scenario: { name: "disputes", turns: ["that's wrong"], expect: { outcome: "dispute" } },
    });
    const blocked = await admin.caller.workflows.publish({ id: wf.id });
    expect(blocked).toMatchObject({ published: false, reason: "tests_failed" });
    await expect(admin.caller.workflows.publish({ id: wf.id, overrideReason: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const published = await admin.caller.workflows.publish({ id: wf.id, overrideReason: "Dispute flow ships next week" });
    expect(published).toMatchObject({ published: true, version: { testsPassed: false, testOverride: "Dispute flow ships next week" } });
    const entry = await systemDb().auditLog.findFirstOrThrow({
      where: { tenantId: admin.tenant.id, action: "workflow.published_with_override" },
    });
    expect(entry).toMatchObject({
      actorId: admin.user.id,
      meta: expect.objectContaining({ overrideReason: "Dispute flow ships next week" }),
    });
  });

  it("maps expected failures to tRPC codes", async () => {
    const { admin, wf } = await businessWithWorkflow();
    const other = await signedInMember("admin");
    await expect(other.caller.workflows.get({ id: wf.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.workflows.publish({ id: wf.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.caller.workflows.createFromTemplate({ templateKey: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.caller.workflows.setInbound({ workflowId: wf.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const first = await admin.caller.workflows.get({ id: wf.id });
    await admin.caller.workflows.saveDraft({ id: wf.id, spec: first.draft, baseDraftUpdatedAt: first.draftUpdatedAt });
    await expect(
      admin.caller.workflows.saveDraft({ id: wf.id, spec: first.draft, baseDraftUpdatedAt: first.draftUpdatedAt })
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
