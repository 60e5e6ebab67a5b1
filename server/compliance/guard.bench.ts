// The guard at the size: 10,000 tasks in one business (plus a week of 5,000 real dials as
// history). Budget: a decision's p99 under 5 ms. `npm run bench:guard`.
//
// The variants run interleaved (one of each per round) so that they share the machine's load, and
// the afterAll prints the table recorded in docs/performance.md:
// - before: the previous checkTask, kept here as the reference: task + callee query, history
//   query, then the GuardDecision insert through Prisma (three round trips, settings preloaded);
// - checkTask: guard_facts (one round trip) + decide + the insert (two round trips);
// - dispatch step: what dispatchTask does: guard_facts + decide, then the decision insert and the
//   task's state change in ONE statement (the state change is a write dispatch makes anyway);
// - the same two through the owner's raw pg pool (how the job runs it) instead of Prisma.
// It also prints guard_facts' plan as the app role under row-level security (auto_explain).
import { afterAll, bench, describe } from "vitest";
import { Prisma, systemDb, systemPool } from "../db";
import { checkTask, decide, decisionThen, evaluateTask, loadGuardSettings, sqlInstant, type GuardContext, type GuardHistory, type GuardSettings } from "./guard";

const s = Math.random().toString(36).slice(2, 8);
const db = systemDb();
const pool = systemPool();
const tenant = await db.tenant.create({ data: { name: "Bench guard", slug: `bench-guard-${s}`, timezone: "America/New_York" } });
const campaign = await db.campaign.create({ data: { tenantId: tenant.id, type: "collections", name: "Bench", status: "active" } });
await db.$executeRaw`
  INSERT INTO "Contact" (id, "tenantId", "givenName", phone, timezone, "updatedAt")
  SELECT 'bc' || ${s} || g, ${tenant.id}, 'C' || g, '+1212' || lpad(g::text, 7, '0'), 'America/New_York', now() FROM generate_series(1, 2000) g`;
// 10,000 pending tasks over 2,000 contacts and 2,000 debts, and 5,000 dials in the last week.
await db.$executeRaw`
  INSERT INTO "CallTask" (id, "tenantId", "campaignId", "subjectType", "subjectId", "contactId", "invoiceId", phone, attempt, state, "dueAt", "nextAttemptAt", "dialedAt", "endedAt", "updatedAt")
  SELECT 'bt' || ${s} || g, ${tenant.id}, ${campaign.id}, 'invoice', 'inv' || (g % 2000), 'bc' || ${s} || (1 + g % 2000), 'inv' || (g % 2000),
         '+1212' || lpad((1 + g % 2000)::text, 7, '0'), 1 + g / 2000, CASE WHEN g <= 5000 THEN 'done' ELSE 'pending' END::"CallTaskState",
         now(), now(), CASE WHEN g <= 5000 THEN now() - (g * interval '2 minutes') END, CASE WHEN g <= 5000 THEN now() - (g * interval '2 minutes') END, now()
    FROM generate_series(1, 15000) g`;
await db.$executeRawUnsafe(`VACUUM ANALYZE "CallTask", "Contact", "DoNotCallEntry", "GuardDecision"`);
const pending = (await db.callTask.findMany({ where: { tenantId: tenant.id, state: "pending" }, select: { id: true } })).map((t) => t.id);
const settings = await loadGuardSettings({ db, tenantId: tenant.id });

// guard_facts' own plan and execution time, as the app role inside a tenant transaction.
const explain = await (async () => {
  const c = await pool.connect();
  const notices: string[] = [];
  c.on("notice", (n) => notices.push(n.message ?? ""));
  try {
    await c.query("LOAD 'auto_explain'");
    await c.query("SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off; SET client_min_messages = log");
    await c.query("BEGIN; SET LOCAL ROLE switchboard_app");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
    for (let i = 0; i < 8; i++) await c.query("SELECT * FROM guard_facts($1, $2, $3)", [pending[i]!, tenant.id, Date.now()]);
    await c.query("COMMIT");
    await c.query("SET client_min_messages = notice; SET auto_explain.log_min_duration = -1");
  } catch (error) {
    await c.query("ROLLBACK").catch(() => {});
    notices.push(`auto_explain unavailable: ${(error as Error).message}`);
  } finally {
    c.release();
  }
  const plans = notices.filter((n) => n.includes('FROM "CallTask" t'));
  const last = plans.at(-1) ?? notices.at(-1) ?? "";
  return { plan: last.slice(last.indexOf("\n", last.indexOf("WHERE t.id = p_task_id")) + 1), durations: plans.map((p) => p.match(/duration: ([\d.]+) ms/)?.[1]) };
})();

// ---- before: the previous implementation, verbatim in effect ----------------------------------
async function legacyCheckTask(ctx: GuardContext, taskId: string, now: Date, st: GuardSettings) {
  const [task] = await ctx.db.$queryRaw<
    { id: string; campaignId: string; subjectType: string; subjectId: string; attempt: number; kind: string; phone: string; invoiceId: string | null; campaignType: "collections"; timezone: string | null; country: string | null; region: string | null; doNotCall: boolean; consentStatus: "unknown" }[]
  >`
    SELECT t.id, t."campaignId", t."subjectType"::text AS "subjectType", t."subjectId", t.attempt, t.kind, t.phone, t."invoiceId", t.simulated,
           c.type::text AS "campaignType", k.timezone, k.country, k.region, k."doNotCall", k."consentStatus"::text AS "consentStatus"
      FROM "CallTask" t JOIN "Campaign" c ON c.id = t."campaignId" JOIN "Contact" k ON k.id = t."contactId"
     WHERE t.id = ${taskId} AND t."tenantId" = ${ctx.tenantId}`;
  const t = task!;
  const since15 = new Date(now.getTime() - 15 * 60_000);
  const midnight = new Date(now.getTime() - 6 * 3_600_000);
  const since24h = new Date(now.getTime() - 86_400_000);
  const since7d = new Date(now.getTime() - 7 * 86_400_000);
  const [r] = await ctx.db.$queryRaw<{ dnc: boolean; c15: number; o15: Date | null; today: number; live: number; last_dial: Date | null; n24: number; o24: Date | null; retries: number; debt: Date[] | null; conv: Date | null }[]>`
    SELECT
      EXISTS (SELECT 1 FROM "DoNotCallEntry" WHERE "tenantId" = ${ctx.tenantId} AND phone = ${t.phone}) AS dnc,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND "dialedAt" >= ${since15} AND "dialedAt" <= ${now} AND NOT simulated) AS c15,
      (SELECT min("dialedAt") FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND "dialedAt" >= ${since15} AND "dialedAt" <= ${now} AND NOT simulated) AS o15,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND "dialedAt" >= ${midnight} AND "dialedAt" <= ${now} AND NOT simulated) AS today,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND state IN ('dispatching','dialing') AND id <> ${t.id} AND NOT simulated) AS live,
      (SELECT max("dialedAt") FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND phone = ${t.phone} AND "dialedAt" <= ${now} AND NOT simulated) AS last_dial,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND phone = ${t.phone} AND "dialedAt" >= ${since24h} AND "dialedAt" <= ${now} AND NOT simulated) AS n24,
      (SELECT min("dialedAt") FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND phone = ${t.phone} AND "dialedAt" >= ${since24h} AND "dialedAt" <= ${now} AND NOT simulated) AS o24,
      (SELECT count(*)::int FROM "CallTask" WHERE "campaignId" = ${t.campaignId} AND "subjectType" = ${t.subjectType}::"CallTaskSubject" AND "subjectId" = ${t.subjectId}
          AND attempt <= ${t.attempt} AND kind = 'retry') AS retries,
      (SELECT array_agg(d ORDER BY d DESC) FROM (SELECT "dialedAt" AS d FROM "CallTask" WHERE "invoiceId" = ${t.invoiceId} AND "dialedAt" >= ${since7d} AND "dialedAt" <= ${now} AND NOT simulated
          ORDER BY "dialedAt" DESC LIMIT 7) x) AS debt,
      (SELECT COALESCE("endedAt", "dialedAt") FROM "CallTask" WHERE "invoiceId" = ${t.invoiceId} AND conversation AND "dialedAt" IS NOT NULL AND NOT simulated
          ORDER BY "dialedAt" DESC LIMIT 1) AS conv`;
  const h = r!;
  const result = decide(
    { campaignType: t.campaignType, phone: t.phone, invoiceId: t.invoiceId, kind: t.kind },
    t,
    st,
    { onDncList: h.dnc, callsLast15Min: h.c15, oldestLast15Min: h.o15, callsToday: h.today, liveCalls: h.live, lastDialToNumber: h.last_dial, dialsToNumber24h: h.n24,
      oldestDialToNumber24h: h.o24, retriesUsed: 0, debtDials7d: (h.debt ?? []).map((d) => new Date(d)), lastDebtConversation: h.conv },
    now,
  );
  await ctx.db.guardDecision.create({ data: { tenantId: ctx.tenantId, taskId, decision: result.decision, reasonCode: result.reasonCode, reason: result.reason, nextAllowedAt: result.nextAllowedAt, at: now } });
}

// ---- after ---------------------------------------------------------------------------------------
async function dispatchStep(ctx: GuardContext, taskId: string, now: Date) {
  const v = await evaluateTask(ctx, taskId, now);
  await decisionThen(ctx, v, now, Prisma.sql`UPDATE "CallTask" SET "reasonCode" = ${v.reasonCode}, reason = ${v.reason}, "updatedAt" = ${sqlInstant(now)} WHERE id = ${taskId} AND "tenantId" = ${tenant.id}`);
}

const viaPrisma: GuardContext = { db, tenantId: tenant.id };
const viaPool: GuardContext = { db, tenantId: tenant.id, ownerPool: pool };
const variants: [string, (id: string) => Promise<unknown>][] = [
  ["before: 3 round trips (task, history, insert), Prisma", (id) => legacyCheckTask(viaPrisma, id, new Date(), settings)],
  ["checkTask: guard_facts + insert, Prisma", (id) => checkTask(viaPrisma, id, new Date())],
  ["checkTask: guard_facts + insert, pg pool", (id) => checkTask(viaPool, id, new Date())],
  ["dispatch step: guard_facts, then insert+state in 1 statement, Prisma", (id) => dispatchStep(viaPrisma, id, new Date())],
  ["dispatch step: guard_facts, then insert+state in 1 statement, pg pool", (id) => dispatchStep(viaPool, id, new Date())],
  ["evaluateTask alone (1 round trip), pg pool", (id) => evaluateTask(viaPool, id, new Date())],
];
const timings = new Map<string, number[]>(variants.map(([name]) => [name, []]));
const pureTimings: number[] = [];
let i = 0;
const history: GuardHistory = {
  onDncList: false, callsLast15Min: 10, oldestLast15Min: new Date(), callsToday: 100, liveCalls: 1, lastDialToNumber: new Date(Date.now() - 9 * 3_600_000),
  dialsToNumber24h: 1, oldestDialToNumber24h: new Date(), retriesUsed: 1, debtDials7d: [new Date(Date.now() - 3_600_000)], lastDebtConversation: null,
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe("compliance guard, 10,000 tasks in one business", () => {
  bench(
    "one round of every variant (interleaved)",
    async () => {
      for (const [name, run] of variants) {
        const id = pending[i++ % pending.length]!;
        const t0 = performance.now();
        await run(id);
        timings.get(name)!.push(performance.now() - t0);
      }
    },
    { time: 12_000, warmupIterations: 20 },
  );
  bench(
    "decide (pure)",
    () => {
      const t0 = performance.now();
      decide({ campaignType: "collections", phone: "+12125550123", invoiceId: "inv1", kind: "retry" }, { timezone: null, country: null, region: null, doNotCall: false, consentStatus: "unknown" }, settings, history, new Date());
      pureTimings.push(performance.now() - t0);
    },
    { time: 2000 },
  );
});

afterAll(() => {
  console.log(`\n| variant | n | median ms | p99 ms |\n|---|---|---|---|`);
  for (const [name, xs] of timings) console.log(`| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 99).toFixed(2)} |`);
  console.log(`| decide (pure, area code + holidays) | ${pureTimings.length} | ${pct(pureTimings, 50).toFixed(4)} | ${pct(pureTimings, 99).toFixed(4)} |`);
  console.log(`\nguard_facts inside PostgreSQL as the app role (auto_explain, ms per call): ${explain.durations.join(", ")}`);
  console.log(`plan (last call):\n${explain.plan}`);
});
