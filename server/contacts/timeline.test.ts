import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { addNote, createContact, deleteContact } from "./contacts";
import { contactTimeline } from "./timeline";
import { previewContactImport } from "./import-preview";
import { asTenant, newBusiness } from "./test-helpers";
import { createInvoice } from "../invoices/invoices";
import { recordPayment } from "../invoices/payments";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const isoDaysAgo = (days: number) => daysAgo(days).toISOString().slice(0, 10);

async function contactWithHistory() {
  const biz = await newBusiness();
  const contact = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Ada", familyName: "Lovelace", phone: "(415) 555-0123" }));
  const sys = systemDb();
  const staff = await sys.staffMember.create({ data: { tenantId: biz.id, name: "Dr Byron" } });
  const service = await sys.service.create({ data: { tenantId: biz.id, name: "Check-up", durationMinutes: 30 } });
  const startsAt = daysAgo(10);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  await sys.appointment.create({
    data: { tenantId: biz.id, staffId: staff.id, serviceId: service.id, contactId: contact.id, startsAt, endsAt, blockedStart: startsAt, blockedEnd: endsAt },
  });
  const invoice = await asTenant(biz.id, (ctx) =>
    createInvoice(ctx, { number: "INV-1", contactId: contact.id, currency: "USD", total: "120.00", issueDate: isoDaysAgo(60), dueDate: isoDaysAgo(30) }),
  );
  await asTenant(biz.id, (ctx) => recordPayment(ctx, { invoiceId: invoice.id, amount: "20.00", paidOn: isoDaysAgo(40), method: "card" }));
  await asTenant(biz.id, (ctx) => addNote(ctx, { contactId: contact.id, body: "Prefers mornings" }));
  return { biz, contact };
}

describe("contact timeline", () => {
  it("joins notes, appointments, invoices and payments, newest first", async () => {
    const { biz, contact } = await contactWithHistory();
    const entries = await asTenant(biz.id, (ctx) => contactTimeline(ctx, contact.id));
    // The note was written just now; the rest happened 10, 40 and 60 days ago.
    expect(entries.map((e) => e.kind)).toEqual(["note", "appointment", "payment", "invoice"]);
    expect(entries.find((e) => e.kind === "payment")).toMatchObject({ amount: "20.00", currency: "USD", invoiceNumber: "INV-1", method: "card" });
    expect(entries.find((e) => e.kind === "appointment")).toMatchObject({ service: "Check-up", staff: "Dr Byron" });
    for (let i = 1; i < entries.length; i++) expect(entries[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(entries[i]!.at.getTime());
  });

  it("shows another contact's history to no one", async () => {
    const { biz } = await contactWithHistory();
    const other = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Bob" }));
    expect(await asTenant(biz.id, (ctx) => contactTimeline(ctx, other.id))).toEqual([]);
  });
});

describe("deleting a contact", () => {
  it("refuses clearly when the contact has invoices", async () => {
    const { biz, contact } = await contactWithHistory();
    await expect(asTenant(biz.id, (ctx) => deleteContact(ctx, contact.id))).rejects.toThrow(/has invoices/);
    expect(await systemDb().contact.count({ where: { id: contact.id } })).toBe(1);
  });
});

describe("import preview", () => {
  it("guesses the mapping and points each bad cell at its column", async () => {
    const biz = await newBusiness();
    const sample = "Name;Phone;E-mail;DNC\nAda Lovelace;(415) 555-0123;ada@example.com;no\nBob;12;bob@example.com;no\nCy;;not-an-email;maybe\n";
    const preview = await asTenant(biz.id, (ctx) => previewContactImport(ctx, { sample }));
    expect(preview.mapping).toEqual({ "0": "fullName", "1": "phone", "2": "email", "3": "doNotCall" });
    expect(preview.rows.map((r) => r.problem?.column ?? null)).toEqual([null, 1, 3]);
    expect(preview.rows[2]!.problem!.message).toMatch(/doNotCall/);
  });

  it("never judges the record a truncated sample cuts in half", async () => {
    const biz = await newBusiness();
    const sample = "name,phone\nAda,4155550123\nBob,41555";
    const preview = await asTenant(biz.id, (ctx) => previewContactImport(ctx, { sample, truncated: true }));
    expect(preview.rows.map((r) => r.cells[0])).toEqual(["Ada"]);
  });

  it("uses the mapping it is given", async () => {
    const biz = await newBusiness();
    const preview = await asTenant(biz.id, (ctx) => previewContactImport(ctx, { sample: "a,b\nx@y.com,Ann\n", mapping: { "0": "email", "1": "givenName" } }));
    expect(preview.mapping).toEqual({ "0": "email", "1": "givenName" });
    expect(preview.rows[0]!.problem).toBeNull();
  });
});
