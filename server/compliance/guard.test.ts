// The DB-backed guard: history loaded from CallTask rows, the decision recorded.
import { describe, expect, it } from "vitest";
import { systemDb, systemPool, withTenant } from "../db";
import { planCampaign } from "../campaigns/planner";
import { campaignOf, invoiceDue, outboundBusiness } from "../campaigns/test-helpers";
import { checkTask, evaluateTask } from "./guard";
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

describe("guard facts (one round trip)", () => {
  it("gives the same verdict through Prisma, the owner's pg pool and a tenant transaction, and nothing of another business", async () => {
    const { b, task } = await collectionsTask();
    const other = await collectionsTask();
    const viaPrisma = await evaluateTask({ db: systemDb(), tenantId: b.tenant.id }, task.id, NOW);
    const viaPool = await evaluateTask({ db: systemDb(), tenantId: b.tenant.id, ownerPool: systemPool() }, task.id, NOW);
    expect(viaPool.facts).toEqual(viaPrisma.facts);
    expect([viaPool.decision, viaPool.reason]).toEqual([viaPrisma.decision, viaPrisma.reason]);
    await withTenant({ tenantId: b.tenant.id }, async (tx) => {
      const underRls = await evaluateTask({ db: tx, tenantId: b.tenant.id }, task.id, NOW);
      expect(underRls.facts).toEqual(viaPrisma.facts);
      // Row-level security: another business's task is invisible, even when asked for by its tenant id.
      await expect(evaluateTask({ db: tx, tenantId: other.b.tenant.id }, other.task.id, NOW)).rejects.toThrow("not found");
    });
  });

  it("counts today's dials from the business's local midnight, not UTC's", async () => {
    const { b, c, task } = await collectionsTask();
    // 2027-01-13 15:00Z is 10:00 in New York: a dial at 04:30Z (23:30 the day before there) is not today's.
    const row = (i: number, dialedAt: Date) => ({
      tenantId: b.tenant.id, campaignId: c.id, subjectType: "contact" as const, subjectId: `m${i}`, contactId: task.contactId, phone: `+1202555${2000 + i}`,
      attempt: 1, state: "done" as const, dueAt: NOW, nextAttemptAt: NOW, dialedAt,
    });
    await systemDb().callTask.createMany({ data: [row(1, new Date("2027-01-13T04:30:00Z")), row(2, new Date("2027-01-13T05:30:00Z")), row(3, new Date("2027-01-13T14:00:00Z"))] });
    const v = await evaluateTask({ db: systemDb(), tenantId: b.tenant.id, ownerPool: systemPool() }, task.id, NOW);
    expect(v.facts.history.callsToday).toBe(2);
    expect(v.facts.history.lastDialToNumber).toBeNull();
  });

  it("judges a contact with no zone or state by its area code, and records which source won", async () => {
    const { b, task } = await collectionsTask();
    // The contact service filled in the business's zone (it always stores one) and no state.
    await systemDb().contact.update({ where: { id: task.contactId }, data: { timezone: "America/New_York", region: "", country: "", phone: "+18015550199" } });
    await systemDb().callTask.update({ where: { id: task.id }, data: { phone: "+18015550199" } });
    // Friday 2026-07-24 (Pioneer Day), 11:00 in Salt Lake City.
    const r = await checkTask({ db: systemDb(), tenantId: b.tenant.id }, task.id, new Date("2026-07-24T17:00:00Z"));
    expect([r.decision, r.reasonCode]).toEqual(["defer", "holiday"]);
    expect(r.place).toMatchObject({ timeZone: "America/New_York", alsoTimeZone: "America/Denver", region: "UT", regionSource: "area_code" });
    const recorded = await systemDb().guardDecision.findFirstOrThrow({ where: { taskId: task.id } });
    expect(recorded.reason).toContain("Pioneer Day");
    expect(recorded.reason).toContain("America/Denver from area code 801");
  });

  it("reads the contact's zone source: a zone a person named is held alone, even the business's own", async () => {
    const { b, task } = await collectionsTask();
    await systemDb().contact.update({ where: { id: task.contactId }, data: { timezone: "America/New_York", timezoneSource: "explicit", region: "", country: "", phone: "+18015550199" } });
    await systemDb().callTask.update({ where: { id: task.id }, data: { phone: "+18015550199" } });
    // Friday 2026-07-24, 13:00 in New York: the person said New York.
    const v = await evaluateTask({ db: systemDb(), tenantId: b.tenant.id, ownerPool: systemPool() }, task.id, new Date("2026-07-24T17:00:00Z"));
    expect(v.facts.contact.timezoneSource).toBe("explicit");
    expect(v.place).toMatchObject({ timeZone: "America/New_York", zoneSource: "contact", alsoTimeZone: null });
    // Utah's rules still apply (the state comes from the area code); only the zone is the person's.
    expect(v.reason).not.toContain("America/Denver");
  });

  it("can serve every lookup from an index as the app role under row-level security", async () => {
    const { b, task } = await collectionsTask();
    const client = await systemPool().connect();
    const notices: string[] = [];
    client.on("notice", (n) => notices.push(n.message ?? ""));
    try {
      // Tiny test tables make sequential scans cheapest; forbidding them shows whether an index
      // CAN serve each lookup (a non-leakproof operator under RLS would leave a Seq Scan).
      await client.query("LOAD 'auto_explain'");
      await client.query("SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET client_min_messages = log; SET enable_seqscan = off");
      await client.query("BEGIN; SET LOCAL ROLE switchboard_app");
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [b.tenant.id]);
      const { rows } = await client.query("SELECT * FROM guard_facts($1, $2, $3)", [task.id, b.tenant.id, NOW.getTime()]);
      expect(rows).toHaveLength(1);
      await client.query("COMMIT");
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      await client.query("RESET ALL").catch(() => {});
      client.release(true);
    }
    const plan = notices.find((n) => n.includes('FROM "CallTask" t'));
    expect(plan).toBeDefined();
    expect(plan).toContain("CallTask_live_idx");
    expect(plan).not.toMatch(/Seq Scan on "CallTask"/);
  });
});
