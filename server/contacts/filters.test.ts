// The contact list's "has upcoming appointment" and "has overdue balance" filters (issue #3),
// through the list, the search and the CSV export, which all share filterSql.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { createContact } from "./contacts";
import { exportContactsCsv } from "./export";
import { listContacts, searchContacts, type ContactFilter } from "./search";
import { asTenant, newBusiness } from "./test-helpers";

const DAY = 86_400_000;
const isoDate = (offsetDays: number) => new Date(new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10) + "T00:00:00.000Z");

let tenantId = "";
let otherTenantId = "";
beforeAll(async () => {
  const biz = await newBusiness();
  tenantId = biz.id;
  const ids = await asTenant(tenantId, async (ctx) => {
    const make = async (givenName: string) => (await createContact(ctx, { givenName, familyName: "Filter" })).id;
    return {
      future: await make("Future"), // a scheduled appointment next week
      past: await make("Past"), // only a completed appointment last week
      cancelled: await make("Cancelled"), // only a cancelled appointment tomorrow
      overdue: await make("Overdue"), // stored status overdue
      lapsed: await make("Lapsed"), // open, due last month: overdue by its date
      paidLate: await make("Paidlate"), // past due but nothing left to pay
      notYetDue: await make("Notyetdue"), // open, due next month
      both: await make("Both"), // upcoming appointment and an overdue invoice
      none: await make("Nothing"),
    };
  });
  const db = systemDb();
  const staff = await db.staffMember.create({ data: { tenantId, name: "Dr Who" } });
  const service = await db.service.create({ data: { tenantId, name: "Checkup", durationMinutes: 30 } });
  const appointment = (contactId: string, offsetDays: number, status: "scheduled" | "completed" | "cancelled") => {
    const startsAt = new Date(Date.now() + offsetDays * DAY);
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
    return db.appointment.create({
      data: { tenantId, contactId, staffId: staff.id, serviceId: service.id, startsAt, endsAt, blockedStart: startsAt, blockedEnd: endsAt, status },
    });
  };
  await appointment(ids.future, 7, "scheduled");
  await appointment(ids.past, -7, "completed");
  await appointment(ids.cancelled, 1, "cancelled");
  await appointment(ids.both, 3, "scheduled");
  let n = 0;
  const invoice = (contactId: string, status: "open" | "overdue" | "paid", dueInDays: number, amountDue: number) =>
    db.invoice.create({
      data: {
        tenantId, contactId, number: `F-${(n += 1)}`, currency: "USD", total: 100, amountDue, status,
        issueDate: isoDate(dueInDays - 30), dueDate: isoDate(dueInDays),
      },
    });
  await invoice(ids.overdue, "overdue", -10, 100);
  await invoice(ids.lapsed, "open", -30, 40);
  await invoice(ids.paidLate, "paid", -30, 0);
  await invoice(ids.notYetDue, "open", 30, 100);
  await invoice(ids.both, "overdue", -5, 25);

  // Another business's appointment and invoice for a contact of the same name must not count.
  otherTenantId = (await newBusiness()).id;
  const stranger = await asTenant(otherTenantId, (ctx) => createContact(ctx, { givenName: "Nothing", familyName: "Filter" }));
  const otherStaff = await db.staffMember.create({ data: { tenantId: otherTenantId, name: "Other" } });
  const otherService = await db.service.create({ data: { tenantId: otherTenantId, name: "Other", durationMinutes: 30 } });
  const s = new Date(Date.now() + 2 * DAY);
  const e = new Date(s.getTime() + 30 * 60_000);
  await db.appointment.create({
    data: { tenantId: otherTenantId, contactId: stranger.id, staffId: otherStaff.id, serviceId: otherService.id, startsAt: s, endsAt: e, blockedStart: s, blockedEnd: e },
  });
});

const listed = (filter: ContactFilter) =>
  asTenant(tenantId, async (ctx) => (await listContacts(ctx, { ...filter, limit: 50 })).items.map((c) => c.givenName));

describe("contact list filters", () => {
  it("has upcoming appointment: only non-cancelled appointments from now on count", async () => {
    expect(await listed({ hasUpcomingAppointment: true })).toEqual(["Both", "Future"]);
  });

  it("has no upcoming appointment: everyone else, including past and cancelled ones", async () => {
    expect(await listed({ hasUpcomingAppointment: false })).toEqual([
      "Cancelled", "Lapsed", "Nothing", "Notyetdue", "Overdue", "Paidlate", "Past",
    ]);
  });

  it("has overdue balance: stored overdue, or open and past due with money owed", async () => {
    expect(await listed({ hasOverdueBalance: true })).toEqual(["Both", "Lapsed", "Overdue"]);
  });

  it("has no overdue balance", async () => {
    expect(await listed({ hasOverdueBalance: false })).toEqual(["Cancelled", "Future", "Nothing", "Notyetdue", "Paidlate", "Past"]);
  });

  it("combines with each other, with search and with paging", async () => {
    expect(await listed({ hasUpcomingAppointment: true, hasOverdueBalance: true })).toEqual(["Both"]);
    expect(await listed({ hasUpcomingAppointment: true, hasOverdueBalance: false })).toEqual(["Future"]);
    const hits = await asTenant(tenantId, (ctx) => searchContacts(ctx, { q: "filter", filter: { hasOverdueBalance: true } }));
    expect(hits.map((h) => h.givenName).sort()).toEqual(["Both", "Lapsed", "Overdue"]);
    const first = await asTenant(tenantId, (ctx) => listContacts(ctx, { hasOverdueBalance: true, limit: 2 }));
    expect(first.items.map((c) => c.givenName)).toEqual(["Both", "Lapsed"]);
    const second = await asTenant(tenantId, (ctx) => listContacts(ctx, { hasOverdueBalance: true, limit: 2, cursor: first.nextCursor! }));
    expect(second.items.map((c) => c.givenName)).toEqual(["Overdue"]);
  });

  it("does not see another business's appointments", async () => {
    const others = await asTenant(otherTenantId, async (ctx) => (await listContacts(ctx, { hasUpcomingAppointment: true })).items);
    expect(others.map((c) => c.givenName)).toEqual(["Nothing"]);
    expect(await listed({ hasUpcomingAppointment: true })).not.toContain("Nothing");
  });

  it("the CSV export honours the filters", async () => {
    const csv = await asTenant(tenantId, async (ctx) => {
      let out = "";
      for await (const chunk of exportContactsCsv(ctx, { hasUpcomingAppointment: true })) out += chunk;
      return out;
    });
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(["Both", "Future"]);
  });
});

// The filters read two facts kept on the contact by triggers (migration 20261203130000_crm_perf):
// every write below goes through the app role under row-level security, as the services do.
describe("the facts behind the filters follow appointment and invoice changes", () => {
  let biz = "";
  let staffId = "";
  let serviceId = "";
  let slot = 0;
  beforeAll(async () => {
    biz = (await newBusiness()).id;
    const db = systemDb();
    staffId = (await db.staffMember.create({ data: { tenantId: biz, name: "Dr Trigger" } })).id;
    serviceId = (await db.service.create({ data: { tenantId: biz, name: "Visit", durationMinutes: 30 } })).id;
  });
  const flags = (contactId: string) =>
    asTenant(biz, async (ctx) => {
      const [up, od] = await Promise.all([
        listContacts(ctx, { hasUpcomingAppointment: true, limit: 200 }),
        listContacts(ctx, { hasOverdueBalance: true, limit: 200 }),
      ]);
      return { upcoming: up.items.some((c) => c.id === contactId), overdue: od.items.some((c) => c.id === contactId) };
    });
  const book = (contactId: string, startsAt: Date) =>
    asTenant(biz, (ctx) => {
      // A distinct half-hour per booking: the exclusion constraint forbids overlaps per staff member.
      const s = new Date(startsAt.getTime() + (slot += 1) * 60 * 60_000);
      const e = new Date(s.getTime() + 30 * 60_000);
      return ctx.db.appointment.create({ data: { tenantId: biz, contactId, staffId, serviceId, startsAt: s, endsAt: e, blockedStart: s, blockedEnd: e } });
    });
  const bill = (contactId: string, dueInDays: number, amountDue = 50) =>
    asTenant(biz, (ctx) =>
      ctx.db.invoice.create({
        data: {
          tenantId: biz, contactId, number: `T-${(slot += 1)}`, currency: "USD", total: 50, amountDue, status: "open",
          issueDate: isoDate(Math.min(dueInDays, 0) - 30), dueDate: isoDate(dueInDays),
        },
      }),
    );
  const person = (givenName: string) => asTenant(biz, async (ctx) => (await createContact(ctx, { givenName, familyName: "Trigger" })).id);

  it("booking, cancelling, moving and deleting appointments", async () => {
    const ann = await person("Ann");
    const bob = await person("Bob");
    expect(await flags(ann)).toEqual({ upcoming: false, overdue: false });
    const first = await book(ann, new Date(Date.now() + 2 * DAY));
    expect((await flags(ann)).upcoming).toBe(true);
    await asTenant(biz, (ctx) => ctx.db.appointment.update({ where: { id: first.id }, data: { status: "cancelled" } }));
    expect((await flags(ann)).upcoming).toBe(false);
    await asTenant(biz, (ctx) => ctx.db.appointment.update({ where: { id: first.id }, data: { status: "confirmed" } }));
    expect((await flags(ann)).upcoming).toBe(true);
    // Rescheduled into the past (a late entry of a visit that happened): no longer upcoming.
    const past = new Date(Date.now() - 3 * DAY);
    await asTenant(biz, (ctx) =>
      ctx.db.appointment.update({ where: { id: first.id }, data: { startsAt: past, endsAt: new Date(past.getTime() + 30 * 60_000), blockedStart: past, blockedEnd: new Date(past.getTime() + 30 * 60_000) } }),
    );
    expect((await flags(ann)).upcoming).toBe(false);
    // Given to another contact: it moves with it.
    const second = await book(ann, new Date(Date.now() + 5 * DAY));
    await asTenant(biz, (ctx) => ctx.db.appointment.update({ where: { id: second.id }, data: { contactId: bob } }));
    expect((await flags(ann)).upcoming).toBe(false);
    expect((await flags(bob)).upcoming).toBe(true);
    await asTenant(biz, (ctx) => ctx.db.appointment.delete({ where: { id: second.id } }));
    expect((await flags(bob)).upcoming).toBe(false);
  });

  it("an appointment that has started is no longer upcoming, without any write", async () => {
    const cy = await person("Cy");
    await book(cy, new Date(Date.now() - 2 * DAY)); // (book adds a few hours to keep slots apart)
    expect((await flags(cy)).upcoming).toBe(false);
    const stored = await systemDb().contact.findUniqueOrThrow({ where: { id: cy }, select: { latestAppointmentAt: true } });
    expect(stored.latestAppointmentAt).not.toBeNull();
  });

  it("invoices: due dates, payments, voiding, another invoice still owed", async () => {
    const dee = await person("Dee");
    const later = await bill(dee, 10);
    expect((await flags(dee)).overdue).toBe(false);
    const late = await bill(dee, -3);
    expect((await flags(dee)).overdue).toBe(true);
    // Paid in full: nothing overdue, though the later invoice is still open.
    await asTenant(biz, (ctx) => ctx.db.invoice.update({ where: { id: late.id }, data: { amountDue: 0, status: "paid" } }));
    expect((await flags(dee)).overdue).toBe(false);
    // The later one's due date moved into the past: two UTC days back, so it is past in the
    // business's calendar too (Chicago's today is still yesterday's UTC date until 06:00 UTC).
    await asTenant(biz, (ctx) => ctx.db.invoice.update({ where: { id: later.id }, data: { dueDate: isoDate(-2), issueDate: isoDate(-32) } }));
    expect((await flags(dee)).overdue).toBe(true);
    await asTenant(biz, (ctx) => ctx.db.invoice.update({ where: { id: later.id }, data: { status: "void" } }));
    expect((await flags(dee)).overdue).toBe(false);
    const stored = await systemDb().contact.findUniqueOrThrow({ where: { id: dee }, select: { oldestUnpaidDueDate: true } });
    expect(stored.oldestUnpaidDueDate).toBeNull();
  });

  it("overdue is counted in the business's calendar at the time of asking", async () => {
    // Due today in UTC. In Kiribati (UTC+14) today is already tomorrow at most hours of the day,
    // so there the invoice is overdue; in Honolulu (UTC-10) today is never after the UTC date.
    const ahead = (await newBusiness({ timezone: "Pacific/Kiritimati" })).id;
    const behind = (await newBusiness({ timezone: "Pacific/Honolulu" })).id;
    const overdueIn = async (tenant: string) => {
      const id = await asTenant(tenant, async (ctx) => (await createContact(ctx, { givenName: "Eve", familyName: "Zone" })).id);
      await asTenant(tenant, (ctx) =>
        ctx.db.invoice.create({
          data: { tenantId: tenant, contactId: id, number: "Z-1", currency: "USD", total: 10, amountDue: 10, status: "open", issueDate: isoDate(-30), dueDate: isoDate(0) },
        }),
      );
      return asTenant(tenant, async (ctx) => (await listContacts(ctx, { hasOverdueBalance: true })).items.length === 1);
    };
    const kiribatiToday = new Date(Date.now() + 14 * 60 * 60_000).toISOString().slice(0, 10);
    expect(await overdueIn(ahead)).toBe(kiribatiToday > new Date().toISOString().slice(0, 10));
    expect(await overdueIn(behind)).toBe(false);
  });

  it("the stored facts equal a recomputation from the appointments and invoices", async () => {
    const rows = await systemDb().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Contact" c
      WHERE c."tenantId" = ${biz} AND (
        c."latestAppointmentAt" IS DISTINCT FROM (SELECT max(a."startsAt") FROM "Appointment" a WHERE a."contactId" = c.id AND a.status <> 'cancelled')
        OR c."oldestUnpaidDueDate" IS DISTINCT FROM (SELECT min(i."dueDate") FROM "Invoice" i
             WHERE i."contactId" = c.id AND i.status IN ('open', 'overdue', 'partially_paid') AND i."amountDue" > 0))`;
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe("both filters together: sorting and paging", () => {
  let biz = "";
  const expected: { id: string; givenName: string; familyName: string; createdAt: Date }[] = [];
  const overdueVips: string[] = [];
  beforeAll(async () => {
    biz = (await newBusiness()).id;
    const db = systemDb();
    const staff = await db.staffMember.create({ data: { tenantId: biz, name: "Dr Page" } });
    const service = await db.service.create({ data: { tenantId: biz, name: "Visit", durationMinutes: 30 } });
    // Twelve contacts with both, seven with one or neither, interleaved in name order; two pairs
    // share a whole name, so only the id breaks the tie.
    const names = ["Adams", "Baker", "Baker", "Clark", "Diaz", "Evans", "Evans", "Fox", "Gray", "Hill", "Ito", "Jones", "Kim", "Lee", "Moss", "Nash", "Ortiz", "Park", "Quinn"];
    let n = 0;
    for (const [i, familyName] of names.entries()) {
      const givenName = familyName === "Baker" || familyName === "Evans" ? "Sam" : `P${i}`;
      const c = await asTenant(biz, (ctx) => createContact(ctx, { givenName, familyName, tags: i % 4 === 1 ? ["vip"] : [] }));
      const both = i % 3 !== 2; // 0, 1, 3, 4, 6, 7, ...: both; 2, 5, 8, ...: only one
      const upcoming = both || i % 2 === 0;
      const overdue = both || i % 2 === 1;
      if (upcoming) {
        const s = new Date(Date.now() + (i + 1) * DAY);
        const e = new Date(s.getTime() + 30 * 60_000);
        await db.appointment.create({ data: { tenantId: biz, contactId: c.id, staffId: staff.id, serviceId: service.id, startsAt: s, endsAt: e, blockedStart: s, blockedEnd: e } });
      }
      if (overdue) {
        await db.invoice.create({
          data: { tenantId: biz, contactId: c.id, number: `P-${(n += 1)}`, currency: "USD", total: 10, amountDue: 10, status: "partially_paid", issueDate: isoDate(-40), dueDate: isoDate(-9) },
        });
      }
      if (both) expected.push({ id: c.id, givenName, familyName, createdAt: c.createdAt });
      if (overdue && i % 4 === 1) overdueVips.push(c.id);
    }
  });

  const walk = async (sort: "name" | "createdAt" | "updatedAt", dir: "asc" | "desc") => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const res = await asTenant(biz, (ctx) => listContacts(ctx, { hasUpcomingAppointment: true, hasOverdueBalance: true, sort, dir, limit: 5, cursor }));
      seen.push(...res.items.map((c) => c.id));
      if (!res.nextCursor) return { seen, pages: page + 1 };
      cursor = res.nextCursor;
    }
    throw new Error("paging did not end");
  };
  const byName = (a: (typeof expected)[number], b: (typeof expected)[number]) =>
    a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  it("pages through every match once, in name order both ways", async () => {
    expect(expected).toHaveLength(13);
    const asc = await walk("name", "asc");
    expect(asc.seen).toEqual([...expected].sort(byName).map((c) => c.id));
    expect(asc.pages).toBe(3);
    const desc = await walk("name", "desc");
    expect(desc.seen).toEqual([...expected].sort(byName).reverse().map((c) => c.id));
  });

  it("pages in creation order, newest first", async () => {
    const { seen } = await walk("createdAt", "desc");
    const want = [...expected].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1)).map((c) => c.id);
    expect(seen).toEqual(want);
  });

  it("overdue with a tag: every overdue VIP once, across pages", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await asTenant(biz, (ctx) => listContacts(ctx, { hasOverdueBalance: true, tag: "vip", limit: 2, cursor }));
      seen.push(...res.items.map((c) => c.id));
      cursor = res.nextCursor ?? undefined;
    } while (cursor);
    expect(overdueVips.length).toBeGreaterThan(2);
    expect(seen.sort()).toEqual([...overdueVips].sort());
  });

  it("agrees with each filter alone", async () => {
    const ids = (filter: ContactFilter) => asTenant(biz, async (ctx) => (await listContacts(ctx, { ...filter, limit: 200 })).items.map((c) => c.id));
    const up = new Set(await ids({ hasUpcomingAppointment: true }));
    const od = new Set(await ids({ hasOverdueBalance: true }));
    const both = await ids({ hasUpcomingAppointment: true, hasOverdueBalance: true });
    expect(both.sort()).toEqual([...up].filter((id) => od.has(id)).sort());
    expect(both).toHaveLength(13);
  });
});
