// The DB-backed guard: history loaded from CallTask rows, the decision recorded.
import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { planCampaign } from "../campaigns/planner";
import { campaignOf, invoiceDue, outboundBusiness } from "../campaigns/test-helpers";
import { checkTask } from "./guard";
import { pauseOutbound, resumeOutbound } from "./control";

const NOW = new Date("2027-01-13T15:00:00Z");
const H = 3_600_000;

async function collectionsTask() {
  const b = await outboundBusiness();
  const inv = await invoiceDue(b, "2027-01-01");
  const c = await campaignOf(b, "collections", { minDaysOverdue: 3, cadenceDays: [3] });
  await planCampaign({ db: systemDb(), tenantId: b.tenant.id }, c.id, { now: NOW, full: true });
  const task = await systemDb().callTask.findFirstOrThrow({ where: { campaignId: c.id } });
  return { b, c, inv, task };
}

describe("checkTask", () => {
  it("counts dials about the debt from the database (Reg F 7 in 7 days) and records each decision", async () => {
    const { b, c, task } = await collectionsTask();
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    expect((await checkTask(ctx, task.id, NOW)).decision).toBe("allow");
    // Seven earlier dials about the same invoice, from other attempts of the campaign.
    await systemDb().callTask.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        tenantId: b.tenant.id, campaignId: c.id, subjectType: "invoice" as const, subjectId: task.subjectId, invoiceId: task.invoiceId, contactId: task.contactId,
        phone: task.phone, attempt: 10 + i, state: "done" as const, dueAt: task.dueAt, nextAttemptAt: task.dueAt, dialedAt: new Date(NOW.getTime() - (i + 1) * 20 * H), endedAt: NOW,
      })),
    });
    const r = await checkTask(ctx, task.id, NOW);
    expect([r.decision, r.reasonCode]).toEqual(["defer", "reg_f_attempts"]);
    const decisions = await systemDb().guardDecision.findMany({ where: { taskId: task.id }, orderBy: { at: "asc" } });
    expect(decisions.map((d) => d.reasonCode)).toEqual(["ok", "reg_f_attempts"]);
  });

  it("defers while the business is paused and allows again after an admin resumes", async () => {
    const { b, task } = await collectionsTask();
    await withTenant({ tenantId: b.tenant.id }, async (tx) => {
      await pauseOutbound({ db: tx, tenantId: b.tenant.id, actorId: null }, { reason: "Checking the script" });
      expect((await checkTask({ db: tx, tenantId: b.tenant.id }, task.id, NOW)).reasonCode).toBe("paused");
      await resumeOutbound({ db: tx, tenantId: b.tenant.id, actorId: null });
      expect((await checkTask({ db: tx, tenantId: b.tenant.id }, task.id, NOW)).decision).toBe("allow");
    });
  });

  it("applies the 15-minute cap across the business's real calls only", async () => {
    const { b, c, task } = await collectionsTask();
    const ctx = { db: systemDb(), tenantId: b.tenant.id };
    const row = (i: number, simulated: boolean) => ({
      tenantId: b.tenant.id, campaignId: c.id, subjectType: "contact" as const, subjectId: `x${i}-${simulated}`, contactId: task.contactId, phone: `+1202555${1000 + i}`,
      attempt: 1, state: "done" as const, dueAt: NOW, nextAttemptAt: NOW, dialedAt: new Date(NOW.getTime() - 5 * 60_000), simulated,
    });
    await systemDb().callTask.createMany({ data: Array.from({ length: 30 }, (_, i) => row(i, true)) });
    expect((await checkTask(ctx, task.id, NOW)).decision).toBe("allow");
    await systemDb().callTask.createMany({ data: Array.from({ length: 25 }, (_, i) => row(i, false)) });
    expect((await checkTask(ctx, task.id, NOW)).reasonCode).toBe("cap_15min");
  });
});
