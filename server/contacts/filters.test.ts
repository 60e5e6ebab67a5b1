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
