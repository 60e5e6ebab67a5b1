// Planning at the issue's size: one business with 100,000 future appointments and 100,000
// overdue invoices (20,000 contacts). Budget: a full pass under 20 s; an incremental pass touches
// only what changed. Each pass runs once (they are seconds long); the afterAll prints the
// figures recorded in docs/performance.md.
import { afterAll, bench, describe } from "vitest";
import { systemDb } from "../db";
import { planCampaign } from "./planner";

const s = Math.random().toString(36).slice(2, 8);
const db = systemDb();
const tenant = await db.tenant.create({ data: { name: "Bench planner", slug: `bench-plan-${s}`, timezone: "America/Chicago" } });
const service = await db.service.create({ data: { tenantId: tenant.id, name: "Visit", durationMinutes: 30 } });
await db.$executeRaw`INSERT INTO "StaffMember" (id, "tenantId", name, "updatedAt") SELECT 'bs' || ${s} || g, ${tenant.id}, 'Staff ' || g, now() FROM generate_series(0, 99) g`;
await db.$executeRaw`
  INSERT INTO "Contact" (id, "tenantId", "givenName", phone, timezone, "updatedAt")
  SELECT 'bc' || ${s} || g, ${tenant.id}, 'C' || g, '+1312' || lpad(g::text, 7, '0'), 'America/Chicago', now() FROM generate_series(0, 19999) g`;
// 100 staff x 1,000 consecutive half-hour slots: no overlap, so the EXCLUDE constraint holds.
await db.$executeRaw`
  INSERT INTO "Appointment" (id, "tenantId", "contactId", "staffId", "serviceId", "startsAt", "endsAt", "blockedStart", "blockedEnd", "updatedAt")
  SELECT 'ba' || ${s} || g, ${tenant.id}, 'bc' || ${s} || (g % 20000), 'bs' || ${s} || (g % 100), ${service.id},
         date_trunc('hour', now()) + interval '2 days' + (g / 100) * interval '30 minutes',
         date_trunc('hour', now()) + interval '2 days' + (g / 100) * interval '30 minutes' + interval '30 minutes',
         date_trunc('hour', now()) + interval '2 days' + (g / 100) * interval '30 minutes',
         date_trunc('hour', now()) + interval '2 days' + (g / 100) * interval '30 minutes' + interval '30 minutes', now() - interval '1 day'
    FROM generate_series(0, 99999) g`;
await db.$executeRaw`
  INSERT INTO "Invoice" (id, "tenantId", number, "contactId", currency, total, "amountDue", "issueDate", "dueDate", status, "updatedAt")
  SELECT 'bi' || ${s} || g, ${tenant.id}, 'B-' || g, 'bc' || ${s} || (g % 20000), 'USD', 100 + g % 500, 100 + g % 500,
         current_date - 90, current_date - 1 - (g % 60), 'overdue', now() - interval '1 day'
    FROM generate_series(0, 99999) g`;
await db.$executeRawUnsafe(`VACUUM ANALYZE "Appointment", "Invoice", "Contact", "CallTask", "PromiseToPay"`);
const reminders = await db.campaign.create({ data: { tenantId: tenant.id, type: "reminder", name: "R", status: "active", settings: { hoursBefore: 24 } } });
const collections = await db.campaign.create({ data: { tenantId: tenant.id, type: "collections", name: "C", status: "active", settings: { minDaysOverdue: 3, cadenceDays: [3, 10, 20, 40] } } });
const ctx = { db, tenantId: tenant.id };

const figures: string[] = [];
async function timed(label: string, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  const r = await fn();
  figures.push(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s ${JSON.stringify(r)}`);
}

describe("planning, 100,000 appointments + 100,000 invoices", () => {
  bench("full pass, then incremental passes", async () => {
    await timed("reminders full pass", () => planCampaign(ctx, reminders.id, { full: true }));
    await timed("collections full pass", () => planCampaign(ctx, collections.id, { full: true }));
    await timed("reminders full pass again (idempotent)", () => planCampaign(ctx, reminders.id, { full: true }));
    await timed("reminders incremental, nothing changed", () => planCampaign(ctx, reminders.id));
    await timed("collections incremental, nothing changed", () => planCampaign(ctx, collections.id));
    await db.$executeRaw`UPDATE "Appointment" SET status = 'cancelled', "updatedAt" = now() WHERE "tenantId" = ${tenant.id} AND id LIKE ${`ba${s}1%`} AND length(id) = ${`ba${s}`.length + 3}`;
    await timed("reminders incremental, 100 cancelled", () => planCampaign(ctx, reminders.id));
  }, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
});

afterAll(() => {
  for (const f of figures) console.log(f);
});
