// findSlots at the size: 10 staff, 5,000 appointments in a 60-day horizon.
// Budget: p95 under 20 ms per call, the call including its tenant transaction, as the phone
// agent and the tRPC procedure run it. Vitest prints mean/p75/p99; the afterAll below prints
// the median and p95 recorded in docs/performance.md.
import { afterAll, bench, describe } from "vitest";
import { systemDb, withTenant } from "../db";
import { seedBusyCalendar } from "./bench-data";
import { findSlots } from "./slots";

const timeZone = "America/New_York";
const suffix = Math.random().toString(36).slice(2, 8);
const tenant = await systemDb().tenant.create({ data: { name: "Bench clinic", slug: `bench-${suffix}`, timezone: timeZone } });
await systemDb().schedulingSettings.create({ data: { tenantId: tenant.id, minNoticeMinutes: 60, horizonDays: 60, slotStepMinutes: 30 } });
const { serviceId, staffIds, capacity } = await seedBusyCalendar(systemDb(), {
  tenantId: tenant.id,
  timeZone,
  staff: 10,
  appointments: 5000,
  days: 60,
});
// Fresh rows have no planner statistics yet; a live database has them (autovacuum).
await systemDb().$executeRawUnsafe(`ANALYZE "Appointment", "StaffMember", "StaffService", "WorkingHours", "Service"`);
// With 70% of every calendar booked, 100 free slots of one person lie about three weeks out.
const oneStaff = staffIds[0]!;

const timings = new Map<string, number[]>();
async function timed(name: string, input: Parameters<typeof findSlots>[1]) {
  const t0 = performance.now();
  const r = await withTenant({ tenantId: tenant.id }, (db) => findSlots({ db, tenantId: tenant.id, actorId: null }, input));
  const list = timings.get(name) ?? [];
  list.push(performance.now() - t0);
  timings.set(name, list);
  if (r.slots.length === 0) throw new Error(`${name}: no slots found`);
}

/** What any tenant procedure pays before doing anything: the yardstick for a busy machine. */
async function baseline() {
  const t0 = performance.now();
  await withTenant({ tenantId: tenant.id }, async () => undefined);
  const list = timings.get("baseline: empty tenant transaction") ?? [];
  list.push(performance.now() - t0);
  timings.set("baseline: empty tenant transaction", list);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe(`findSlots, 10 staff, 5,000 appointments in 60 days (${Math.round((5000 / capacity) * 100)}% full)`, () => {
  bench("baseline: empty tenant transaction", baseline, { time: 2000 });
  bench("next 5 slots, any staff", () => timed("next 5, any staff", { serviceId, count: 5 }), { time: 3000 });
  bench("next 5 slots, one staff member", () => timed("next 5, one staff", { serviceId, staffId: staffIds[5], count: 5 }), { time: 3000 });
  bench("all slots of one day, any staff", () => {
    const from = new Date(Date.now() + 10 * 86_400_000);
    return timed("one day, any staff", { serviceId, from, to: new Date(from.getTime() + 86_400_000), count: 100 });
  }, { time: 3000 });
  bench("100 slots across the 60-day horizon, one staff member", () => timed("100 slots, 60 days, one staff", { serviceId, staffId: oneStaff, count: 100 }), { time: 3000 });
});

afterAll(() => {
  for (const [name, xs] of timings) {
    console.log(`${name}: n=${xs.length} median=${pct(xs, 50).toFixed(2)} ms p95=${pct(xs, 95).toFixed(2)} ms`);
  }
});
