import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { autoPauseVerdict } from "../compliance/control";
import { applyCallOutcome } from "./outcomes";
import { dispatchTask } from "./dispatch";
import { planCampaign } from "./planner";
import { campaignOf, fakePlacement, invoiceDue, outboundBusiness } from "./test-helpers";

const NOW = new Date("2027-01-13T15:00:00Z");
const H = 3_600_000;

async function dialledTask(type: "list" | "collections" = "list") {
  const b = await outboundBusiness();
  await systemDb().contact.update({ where: { id: b.contact.id }, data: { tags: ["vip"] } });
  const c = type === "list" ? await campaignOf(b, "list", { tag: "vip" }) : await campaignOf(b, "collections", { minDaysOverdue: 3, cadenceDays: [3] });
  const inv = type === "collections" ? await invoiceDue(b, "2027-01-01") : null;
  await planCampaign({ db: systemDb(), tenantId: b.tenant.id }, c.id, { now: new Date(NOW.getTime() - 60_000), full: true });
  const task = await systemDb().callTask.findFirstOrThrow({ where: { campaignId: c.id } });
  const r = await dispatchTask({ db: systemDb(), tenantId: b.tenant.id, placement: fakePlacement().placement, now: () => NOW }, task.id);
  if (r.kind !== "dialed") throw new Error(`not dialled: ${JSON.stringify(r)}`);
  return { b, c, task, callId: r.callId, inv };
}

async function endCall(callId: string, data: { status: "completed" | "no_answer" | "busy" | "failed" | "voicemail"; outcome?: string; durationSec?: number; answered?: boolean; metadata?: object }) {
  await systemDb().call.update({
    where: { id: callId },
    data: { status: data.status, outcome: data.outcome ?? null, durationSec: data.durationSec ?? 0, endedAt: new Date(NOW.getTime() + 60_000), answeredAt: data.answered ? NOW : null, metadata: data.metadata ?? {} },
  });
}

describe("follow-ups from call outcomes", () => {
  it("retries a call nobody answered after the retry gap, and applying twice adds nothing", async () => {
    const { b, task, callId } = await dialledTask();
    await endCall(callId, { status: "no_answer" });
    const r = await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW);
    expect(r.followUp).toMatchObject({ kind: "retry", attempt: 2 });
    expect(r.followUp!.nextAttemptAt.getTime()).toBe(NOW.getTime() + 60_000 + 8 * H);
    await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW);
    const tasks = await systemDb().callTask.findMany({ where: { campaignId: task.campaignId }, orderBy: { attempt: "asc" } });
    expect(tasks.map((t) => [t.attempt, t.kind, t.state])).toEqual([[1, "initial", "done"], [2, "retry", "pending"]]);
  });

  it("stops retrying after two retries", async () => {
    const { b, task, callId } = await dialledTask();
    await systemDb().callTask.update({ where: { id: task.id }, data: { kind: "retry", attempt: 3 } });
    await systemDb().callTask.createMany({ data: [{ ...pick(task), attempt: 2, kind: "retry", state: "done" }] });
    await endCall(callId, { status: "busy" });
    expect((await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW)).followUp).toBeNull();
  });

  it("calls back at the asked time", async () => {
    const { b, callId } = await dialledTask();
    await endCall(callId, { status: "completed", outcome: "callback_requested", answered: true, durationSec: 40, metadata: { callbackAt: "2027-01-15T19:30:00.000Z" } });
    const r = await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW);
    expect(r.followUp).toMatchObject({ kind: "callback", nextAttemptAt: new Date("2027-01-15T19:30:00.000Z") });
  });

  it("checks a promise to pay the day after its date, and records the conversation for Reg F", async () => {
    const { b, task, callId, inv } = await dialledTask("collections");
    await systemDb().promiseToPay.create({ data: { tenantId: b.tenant.id, invoiceId: inv!.id, amount: "50", promisedFor: new Date("2027-01-20T00:00:00Z"), callId } });
    await endCall(callId, { status: "completed", outcome: "promise_to_pay", answered: true, durationSec: 90 });
    const r = await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW);
    expect(r.followUp).toMatchObject({ kind: "promise_check", attempt: 2 });
    expect(r.followUp!.nextAttemptAt.toISOString().slice(0, 10)).toBe("2027-01-21");
    const done = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([done.conversation, done.outcome, done.durationSec]).toEqual([true, "promise_to_pay", 90]);
  });

  it("puts an opted-out number on the do-not-call list", async () => {
    const { b, callId } = await dialledTask();
    await endCall(callId, { status: "completed", outcome: "opted_out", answered: true, durationSec: 12 });
    await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, NOW);
    const entry = await systemDb().doNotCallEntry.findUnique({ where: { tenantId_phone: { tenantId: b.tenant.id, phone: b.contact.phone! } } });
    expect(entry?.source).toBe("call_opt_out");
  });
});

function pick(t: { tenantId: string; campaignId: string; subjectType: "appointment" | "invoice" | "contact"; subjectId: string; contactId: string; phone: string; dueAt: Date; nextAttemptAt: Date }) {
  return { tenantId: t.tenantId, campaignId: t.campaignId, subjectType: t.subjectType, subjectId: t.subjectId, contactId: t.contactId, phone: t.phone, dueAt: t.dueAt, nextAttemptAt: t.nextAttemptAt };
}

describe("auto-pause thresholds", () => {
  const calls = (n: number, failed: number, short: number) =>
    Array.from({ length: n }, (_, i) => ({ state: i < failed ? "failed" : "done", outcome: null, durationSec: i >= n - short ? 5 : 60 }));

  it("needs at least 20 calls", () => {
    expect(autoPauseVerdict(calls(19, 19, 0)).pause).toBe(false);
  });
  it("pauses above 40% failed, not at 40%", () => {
    expect(autoPauseVerdict(calls(20, 8, 0)).pause).toBe(false);
    expect(autoPauseVerdict(calls(20, 9, 0)).pause).toBe(true);
  });
  it("pauses above 60% under 10 seconds, not at 60%", () => {
    expect(autoPauseVerdict(calls(20, 0, 12)).pause).toBe(false);
    expect(autoPauseVerdict(calls(20, 0, 13)).pause).toBe(true);
  });

  it("pauses the business after failing calls, records why and e-mails the owner", async () => {
    const { b, task, callId } = await dialledTask();
    const owner = await systemDb().user.create({ data: { email: `owner-${task.id}@example.test`, name: "Owner", passwordHash: "x" } });
    await systemDb().membership.create({ data: { tenantId: b.tenant.id, userId: owner.id, role: "owner" } });
    // 19 earlier failed calls in the window, then this one fails too.
    await systemDb().callTask.createMany({
      data: Array.from({ length: 19 }, (_, i) => ({ ...pick(task), subjectId: `s${i}`, state: "failed" as const, outcome: "failed", dialedAt: new Date(NOW.getTime() - (i + 1) * 60_000), endedAt: NOW, durationSec: 0 })),
    });
    await endCall(callId, { status: "failed" });
    await applyCallOutcome({ db: systemDb(), tenantId: b.tenant.id }, callId, new Date(NOW.getTime() + 2 * 60_000));
    const control = await systemDb().outboundControl.findUniqueOrThrow({ where: { tenantId: b.tenant.id } });
    expect(control.paused).toBe(true);
    expect(control.pausedReason).toMatch(/failed/);
    const events = await systemDb().outboundPauseEvent.findMany({ where: { tenantId: b.tenant.id } });
    expect(events.map((e) => [e.action, e.automatic])).toEqual([["paused", true]]);
    const mail = await systemDb().emailOutbox.findMany({ where: { tenantId: b.tenant.id, kind: "outbound_paused" } });
    expect(mail.map((m) => m.to)).toEqual([owner.email]);
  });
});
