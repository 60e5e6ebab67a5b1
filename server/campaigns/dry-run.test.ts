import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { getTemplate } from "../../agents/templates/index";
import { listCampaigns } from "./campaigns";
import { latestDryRun, runDryRun } from "./dry-run";
import { appointmentAt, campaignOf, outboundBusiness, type Biz } from "./test-helpers";

async function publishedVersion(b: Biz, templateKey: string) {
  const sys = systemDb();
  const spec = getTemplate(templateKey)!.spec;
  const workflow = await sys.workflow.create({ data: { tenantId: b.tenant.id, name: templateKey, direction: "outbound", templateKey, draft: spec as object } });
  const version = await sys.workflowVersion.create({ data: { tenantId: b.tenant.id, workflowId: workflow.id, version: 1, spec: spec as object } });
  await sys.workflow.update({ where: { id: workflow.id }, data: { currentVersionId: version.id } });
  return { workflowId: workflow.id, workflowVersionId: version.id };
}

describe("campaign dry run", () => {
  it("plays personas against the campaign's due tasks in a sandbox and never touches real data", async () => {
    const b = await outboundBusiness();
    const sys = systemDb();
    const wf = await publishedVersion(b, "appointment-reminder");
    const campaign = await sys.campaign.update({ where: { id: (await campaignOf(b, "reminder", { hoursBefore: 24 })).id }, data: wf });
    const startsAt = new Date(Date.now() + 30 * 3_600_000);
    const appt = await appointmentAt(b, startsAt);
    const task = await sys.callTask.create({
      data: { tenantId: b.tenant.id, campaignId: campaign.id, subjectType: "appointment", subjectId: appt.id, contactId: b.contact.id, phone: b.contact.phone!, dueAt: new Date(), nextAttemptAt: new Date() },
    });
    const apptBefore = await sys.appointment.findUniqueOrThrow({ where: { id: appt.id } });

    // Five runs on one subject: confirms, reschedules, voicemail, opts out, wrong person.
    const result = await runDryRun({ tenantId: b.tenant.id, actorId: null }, { campaignId: campaign.id, size: 5 });
    expect(result.calls.map((c) => [c.source, c.subject, c.persona, c.outcome])).toEqual([
      ["task", "Pat Lee", "confirms", "confirmed"],
      ["task", "Pat Lee", "reschedules", "rescheduled"],
      ["task", "Pat Lee", "voicemail", "voicemail"],
      ["task", "Pat Lee", "opts_out", "opted_out"],
      ["task", "Pat Lee", "wrong_person", "wrong_person"],
    ]);

    // Real data untouched: the appointment, the task, the do-not-call list, the contact.
    const apptAfter = await sys.appointment.findUniqueOrThrow({ where: { id: appt.id } });
    expect(apptAfter.status).toBe(apptBefore.status);
    expect(apptAfter.updatedAt.getTime()).toBe(apptBefore.updatedAt.getTime());
    expect(await sys.callTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: "pending", callId: null, dialedAt: null });
    expect(await sys.callTask.count({ where: { tenantId: b.tenant.id } })).toBe(1);
    expect(await sys.appointment.count({ where: { tenantId: b.tenant.id } })).toBe(1);
    expect(await sys.doNotCallEntry.count({ where: { tenantId: b.tenant.id } })).toBe(0);
    expect(await sys.contact.findUniqueOrThrow({ where: { id: b.contact.id } })).toMatchObject({ doNotCall: false });

    // The recorded conversation is a simulation in the real business, linked to nothing real.
    const call = await sys.call.findUniqueOrThrow({ where: { id: result.calls[0]!.callId }, include: { turns: true } });
    expect(call).toMatchObject({ tenantId: b.tenant.id, simulated: true, contactId: null, callTaskId: null, outcome: "confirmed", workflowVersionId: wf.workflowVersionId });
    expect(call.turns.length).toBeGreaterThan(2);
    expect(call.turns.some((t) => t.role === "caller" && t.text.includes("I'll be there"))).toBe(true);
    // The actions ran in the sandbox, not here.
    const sandbox = await sys.tenant.findUniqueOrThrow({ where: { id: result.sandboxTenantId } });
    expect(sandbox.id).not.toBe(b.tenant.id);
    expect((sandbox.settings as Record<string, unknown>).dryRunOf).toBe(b.tenant.id);
    expect(sandbox.name).toBe(b.tenant.name);

    // Campaign results count only real tasks.
    const [listed] = await withTenant({ tenantId: b.tenant.id }, (db) => listCampaigns({ db, tenantId: b.tenant.id, actorId: null }));
    expect(listed!.taskCounts).toEqual({ pending: 1 });
  }, 120_000);

  it("uses synthetic subjects when nothing is due, covers the personas and reads back the latest run", async () => {
    const b = await outboundBusiness();
    const sys = systemDb();
    const wf = await publishedVersion(b, "payment-collections");
    const campaign = await sys.campaign.update({ where: { id: (await campaignOf(b, "collections", { minDaysOverdue: 10, minAmount: "50", cadenceDays: [3, 10] })).id }, data: wf });

    const result = await runDryRun({ tenantId: b.tenant.id, actorId: null }, { campaignId: campaign.id });
    expect(result.calls.map((c) => c.persona)).toEqual(["promises_to_pay", "disputes", "voicemail", "opts_out", "wrong_person"]);
    expect(result.calls.every((c) => c.source === "synthetic")).toBe(true);
    expect(result.calls.map((c) => c.outcome)).toEqual(["promise_to_pay", "dispute", "voicemail", "opted_out", "wrong_person"]);
    expect(result.outcomes).toEqual({ promise_to_pay: 1, dispute: 1, voicemail: 1, opted_out: 1, wrong_person: 1 });

    // The opt-out went to the sandbox's do-not-call list, not the business's.
    expect(await sys.doNotCallEntry.count({ where: { tenantId: b.tenant.id } })).toBe(0);
    expect(await sys.contact.count({ where: { tenantId: b.tenant.id } })).toBe(1);
    expect(await sys.invoice.count({ where: { tenantId: b.tenant.id } })).toBe(0);
    // Nothing counts towards the guard: no task was dialled.
    expect(await sys.callTask.count({ where: { tenantId: b.tenant.id } })).toBe(0);

    // A second run reuses the same sandbox (same synthetic numbers and invoice numbers) cleanly.
    const again = await runDryRun({ tenantId: b.tenant.id, actorId: null }, { campaignId: campaign.id, size: 2 });
    expect(again.sandboxTenantId).toBe(result.sandboxTenantId);
    expect(again.calls.map((c) => [c.outcome, c.error ?? null])).toEqual([["promise_to_pay", null], ["dispute", null]]);

    const latest = await withTenant({ tenantId: b.tenant.id }, (db) => latestDryRun({ db, tenantId: b.tenant.id, actorId: null }, campaign.id));
    expect(latest?.runId).toBe(again.runId);
    expect(latest?.calls.map((c) => c.callId).sort()).toEqual(again.calls.map((c) => c.callId).sort());
    expect(latest?.outcomes).toEqual({ promise_to_pay: 1, dispute: 1 });
  }, 180_000);

  it("refuses a campaign without a workflow version", async () => {
    const b = await outboundBusiness();
    const campaign = await campaignOf(b, "list");
    await expect(runDryRun({ tenantId: b.tenant.id, actorId: null }, { campaignId: campaign.id })).rejects.toThrow(/workflow/);
  });
});
