// The guard at the size: 10,000 tasks in one business (plus a week of 5,000 real dials
// as history and a neighbour business), checkTask end to end: history queries, decision, and the
// GuardDecision insert. Budget: p99 under 5 ms. The afterAll prints the figures recorded in
// docs/performance.md.
import { afterAll, bench, describe } from "vitest";
import { systemDb } from "../db";
import { checkTask, decide, loadGuardSettings, type GuardHistory } from "./guard";

const s = Math.random().toString(36).slice(2, 8);
const db = systemDb();
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

// Where the time goes: PostgreSQL's own execution time for one task's history (the rest of
// checkTask's wall time is round trips, the insert, and waiting for a CPU on a shared machine).
const sample = await db.callTask.findFirstOrThrow({ where: { id: pending[0]! } });
const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
  `EXPLAIN (ANALYZE, TIMING OFF) SELECT
     (SELECT count(*) FROM "CallTask" WHERE "tenantId" = $1 AND "dialedAt" >= now() - interval '15 minutes' AND NOT simulated),
     (SELECT count(*) FROM "CallTask" WHERE "tenantId" = $1 AND "dialedAt" >= date_trunc('day', now()) AND NOT simulated),
     (SELECT count(*) FROM "CallTask" WHERE "tenantId" = $1 AND state IN ('dispatching','dialing')),
     (SELECT max("dialedAt") FROM "CallTask" WHERE "tenantId" = $1 AND phone = $2),
     (SELECT array_agg("dialedAt") FROM (SELECT "dialedAt" FROM "CallTask" WHERE "invoiceId" = $3 AND "dialedAt" >= now() - interval '7 days' ORDER BY "dialedAt" DESC LIMIT 7) x)`,
  tenant.id, sample.phone, sample.invoiceId,
);
const execution = plan.map((r) => r["QUERY PLAN"]).find((l) => l.startsWith("Execution Time")) ?? "";

const timings: number[] = [];
const pureTimings: number[] = [];
let i = 0;
const history: GuardHistory = {
  onDncList: false, callsLast15Min: 10, oldestLast15Min: new Date(), callsToday: 100, liveCalls: 1, lastDialToNumber: new Date(Date.now() - 9 * 3_600_000),
  dialsToNumber24h: 1, oldestDialToNumber24h: new Date(), retriesUsed: 1, debtDials7d: [new Date(Date.now() - 3_600_000)], lastDebtConversation: null,
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe("compliance guard, 10,000 tasks in one business", () => {
  bench("checkTask (history queries + decision + record)", async () => {
    const id = pending[i++ % pending.length]!;
    const t0 = performance.now();
    await checkTask({ db, tenantId: tenant.id }, id, new Date(), settings);
    timings.push(performance.now() - t0);
  }, { time: 5000 });
  bench("decide (pure)", () => {
    const t0 = performance.now();
    decide({ campaignType: "collections", phone: "+12125550123", invoiceId: "inv1", kind: "retry" }, { timezone: "America/New_York", country: "US", region: "NY", doNotCall: false, consentStatus: "unknown" }, settings, history, new Date());
    pureTimings.push(performance.now() - t0);
  }, { time: 2000 });
});

afterAll(() => {
  console.log(`checkTask: n=${timings.length} median=${pct(timings, 50).toFixed(2)} ms p99=${pct(timings, 99).toFixed(2)} ms`);
  console.log(`history query in PostgreSQL: ${execution}`);
  console.log(`decide: n=${pureTimings.length} median=${pct(pureTimings, 50).toFixed(4)} ms p99=${pct(pureTimings, 99).toFixed(4)} ms`);
});
