import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { planCampaign } from "./planner";
import { appointmentAt, campaignOf, invoiceDue, outboundBusiness } from "./test-helpers";

const H = 3_600_000;
const range = (startsAt: Date) => {
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  return { startsAt, endsAt, blockedStart: startsAt, blockedEnd: endsAt };
};
const tasksOf = (campaignId: string) => systemDb().callTask.findMany({ where: { campaignId }, orderBy: { attempt: "asc" } });

describe("reminder planner", () => {
  it("creates one task per appointment, hoursBefore ahead, and nothing new on a second pass", async () => {
    const b = await outboundBusiness();
    const now = new Date("2027-01-10T12:00:00Z");
    const appt = await appointmentAt(b, new Date("2027-01-12T15:00:00Z"));
    const c = await campaignOf(b, "reminder", { hoursBefore: 24 });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    expect((await planCampaign(ctx, c.id, { now, full: true })).created).toBe(1);
    expect((await planCampaign(ctx, c.id, { now, full: true })).created).toBe(0);
    expect((await planCampaign(ctx, c.id, { now })).created).toBe(0);
    const [task] = await tasksOf(c.id);
    expect(task).toMatchObject({ subjectId: appt.id, attempt: 1, state: "pending", phone: b.contact.phone });
    expect(task!.dueAt.toISOString()).toBe("2027-01-11T15:00:00.000Z");
  });

  it("uses the per-service override", async () => {
    const b = await outboundBusiness();
    await appointmentAt(b, new Date("2027-01-12T15:00:00Z"));
    const c = await campaignOf(b, "reminder", { hoursBefore: 24, serviceOverrides: { [b.service.id]: 2 } });
    await planCampaign({ db: systemDb(), tenantId: b.tenant.id }, c.id, { now: new Date("2027-01-10T12:00:00Z") });
    expect((await tasksOf(c.id))[0]!.dueAt.toISOString()).toBe("2027-01-12T13:00:00.000Z");
  });

  it("withdraws the pending task of a cancelled appointment and moves one that was rescheduled", async () => {
    const b = await outboundBusiness();
    const now = new Date("2027-01-10T12:00:00Z");
    const cancelled = await appointmentAt(b, new Date("2027-01-12T15:00:00Z"));
    const moved = await appointmentAt(b, new Date("2027-01-13T15:00:00Z"));
    const c = await campaignOf(b, "reminder", { hoursBefore: 24 });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    await planCampaign(ctx, c.id, { now, full: true });
    await systemDb().appointment.update({ where: { id: cancelled.id }, data: { status: "cancelled" } });
    await systemDb().appointment.update({ where: { id: moved.id }, data: { ...range(new Date("2027-01-14T16:00:00Z")), status: "rescheduled" } });
    const r = await planCampaign(ctx, c.id, { now: new Date(now.getTime() + H) });
    expect(r).toMatchObject({ withdrawn: 1, updated: 1, created: 0 });
    const tasks = await tasksOf(c.id);
    expect(tasks.find((t) => t.subjectId === cancelled.id)!.state).toBe("withdrawn");
    expect(tasks.find((t) => t.subjectId === moved.id)!.dueAt.toISOString()).toBe("2027-01-13T16:00:00.000Z");
  });

  it("plans a new reminder when an appointment is rescheduled after its reminder was called", async () => {
    const b = await outboundBusiness();
    const now = new Date("2027-01-10T12:00:00Z");
    const appt = await appointmentAt(b, new Date("2027-01-11T15:00:00Z"));
    const c = await campaignOf(b, "reminder", { hoursBefore: 24 });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    await planCampaign(ctx, c.id, { now, full: true });
    await systemDb().callTask.updateMany({ where: { campaignId: c.id }, data: { state: "done", outcome: "rescheduled" } });
    await systemDb().appointment.update({ where: { id: appt.id }, data: { ...range(new Date("2027-01-20T15:00:00Z")), status: "rescheduled" } });
    expect((await planCampaign(ctx, c.id, { now: new Date(now.getTime() + H) })).created).toBe(1);
    const tasks = await tasksOf(c.id);
    expect(tasks.map((t) => [t.attempt, t.kind])).toEqual([[1, "initial"], [2, "reschedule"]]);
  });

  it("incremental passes look only at appointments changed since the watermark", async () => {
    const b = await outboundBusiness();
    const c = await campaignOf(b, "reminder", { hoursBefore: 24 });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    await planCampaign(ctx, c.id, { full: true });
    // Written with an old updatedAt: an incremental pass must not see it, a full pass must.
    const appt = await appointmentAt(b, new Date(Date.now() + 5 * 24 * H));
    await systemDb().$executeRaw`UPDATE "Appointment" SET "updatedAt" = now() - interval '1 day' WHERE id = ${appt.id}`;
    expect((await planCampaign(ctx, c.id)).created).toBe(0);
    expect((await planCampaign(ctx, c.id, { full: true })).created).toBe(1);
  });
});

describe("collections planner", () => {
  it("follows the cadence, is idempotent, and withdraws when the invoice is paid", async () => {
    const b = await outboundBusiness();
    const inv = await invoiceDue(b, "2027-01-01");
    const small = await invoiceDue(b, "2027-01-01", "5.00");
    const c = await campaignOf(b, "collections", { minDaysOverdue: 3, minAmount: "10", cadenceDays: [3, 10, 20] });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-02T17:00:00Z"), full: true })).created).toBe(0);
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-05T17:00:00Z") })).created).toBe(1);
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-06T17:00:00Z"), full: true })).created).toBe(0);
    // Day 3's call done; day 10 brings the next step.
    await systemDb().callTask.updateMany({ where: { campaignId: c.id }, data: { state: "done", outcome: "no_answer" } });
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-11T17:00:00Z") })).created).toBe(1);
    const tasks = await tasksOf(c.id);
    expect(tasks.map((t) => [t.attempt, t.dueAt.toISOString().slice(0, 10), t.invoiceId])).toEqual([
      [1, "2027-01-04", inv.id],
      [2, "2027-01-11", inv.id],
    ]);
    expect(tasks.some((t) => t.subjectId === small.id)).toBe(false);
    await systemDb().invoice.update({ where: { id: inv.id }, data: { status: "paid", amountDue: "0" } });
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-11T18:00:00Z") })).withdrawn).toBe(1);
  });

  it("stops after a dispute", async () => {
    const b = await outboundBusiness();
    await invoiceDue(b, "2027-01-01");
    const c = await campaignOf(b, "collections", { minDaysOverdue: 3, cadenceDays: [3, 10] });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    await planCampaign(ctx, c.id, { now: new Date("2027-01-05T17:00:00Z"), full: true });
    await systemDb().callTask.updateMany({ where: { campaignId: c.id }, data: { state: "done", outcome: "dispute" } });
    expect((await planCampaign(ctx, c.id, { now: new Date("2027-01-12T17:00:00Z"), full: true })).created).toBe(0);
  });
});

describe("list planner", () => {
  it("calls contacts with the tag once", async () => {
    const b = await outboundBusiness();
    await systemDb().contact.update({ where: { id: b.contact.id }, data: { tags: ["vip"] } });
    const c = await campaignOf(b, "list", { tag: "vip" });
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    expect((await planCampaign(ctx, c.id, { full: true })).created).toBe(1);
    expect((await planCampaign(ctx, c.id, { full: true })).created).toBe(0);
  });
});
