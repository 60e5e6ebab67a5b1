import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { createContact } from "../contacts/contacts";
import { newBusiness } from "../contacts/test-helpers";
import { signedInMember } from "../testing/members";
import { agingSummary } from "./aging";
import { createInvoice, getInvoice, listInvoices, voidInvoice, type InvoiceContext } from "./invoices";
import { addPromise, recordPayment } from "./payments";
import { markOverdueInvoices } from "./overdue";
import { parseAmount } from "./money";

/** Runs `fn` in the business's row-level-security transaction with the clock pinned at `now`. */
function asTenant<T>(tenantId: string, now: Date, fn: (ctx: InvoiceContext) => Promise<T>): Promise<T> {
  return withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null, now: () => now }), { timeout: 60_000 });
}

function isoPlusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let n = 0;
const nextNumber = () => `INV-${Date.now().toString(36)}-${++n}`;

async function businessWithContact(timezone = "America/Chicago") {
  const tenant = await newBusiness({ timezone });
  const contact = await withTenant({ tenantId: tenant.id }, (tx) =>
    createContact({ db: tx, tenantId: tenant.id, actorId: null }, { givenName: "Ada", familyName: "Lovelace", email: `ada${++n}@example.com` }),
  );
  return { tenant, contact };
}

// Noon UTC on 2027-06-15 is 2027-06-15 in Chicago.
const NOW = new Date("2027-06-15T12:00:00Z");
const TODAY = "2027-06-15";

describe("aging summary", () => {
  it("puts amounts due in the right bucket at every boundary, per currency", async () => {
    const { tenant, contact } = await businessWithContact();
    await asTenant(tenant.id, NOW, async (ctx) => {
      const overdueDays = [-5, 0, 1, 30, 31, 60, 61, 90, 91];
      for (const days of overdueDays) {
        const due = isoPlusDays(TODAY, -days);
        await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "100.10", issueDate: isoPlusDays(due, -1), dueDate: due });
      }
      await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "eur", total: "1.234,50", issueDate: "2027-01-01", dueDate: "2027-02-01" });
      // Not collectible: a draft, a void invoice and a paid one are left out.
      await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "999", issueDate: TODAY, dueDate: TODAY, draft: true });
      const voided = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "999", issueDate: "2027-01-01", dueDate: "2027-01-02" });
      await voidInvoice(ctx, voided.id);
      const paid = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "50", issueDate: "2027-01-01", dueDate: "2027-01-02" });
      await recordPayment(ctx, { invoiceId: paid.id, amount: "50" });

      const aging = await agingSummary(ctx);
      expect(aging.today).toBe(TODAY);
      const usd = aging.currencies.find((c) => c.currency === "USD")!;
      expect(usd.buckets).toEqual({
        current: { amount: "200.20", count: 2 },
        d1_30: { amount: "200.20", count: 2 },
        d31_60: { amount: "200.20", count: 2 },
        d61_90: { amount: "200.20", count: 2 },
        d90_plus: { amount: "100.10", count: 1 },
      });
      expect(usd.total).toEqual({ amount: "900.90", count: 9 });
      const eur = aging.currencies.find((c) => c.currency === "EUR")!;
      expect(eur.buckets.d90_plus).toEqual({ amount: "1234.50", count: 1 });
      expect(eur.total.count).toBe(1);
    });
  });
});

describe("overdue status", () => {
  it("follows the due date in the business's own timezone, on read and in the nightly job", async () => {
    // 2027-03-14T11:00Z is already the 15th in Auckland (UTC+13) but still the 14th in Los Angeles.
    const now = new Date("2027-03-14T11:00:00Z");
    const nz = await businessWithContact("Pacific/Auckland");
    const la = await businessWithContact("America/Los_Angeles");
    const make = (b: typeof nz) =>
      asTenant(b.tenant.id, now, (ctx) => createInvoice(ctx, { number: nextNumber(), contactId: b.contact.id, currency: "USD", total: "10", issueDate: "2027-03-01", dueDate: "2027-03-14" }));
    const nzInvoice = await make(nz);
    const laInvoice = await make(la);
    expect(nzInvoice.status).toBe("overdue");
    expect(nzInvoice.daysOverdue).toBe(1);
    expect(laInvoice.status).toBe("open");
    expect(laInvoice.daysOverdue).toBe(0);

    await markOverdueInvoices(systemDb(), now);
    const stored = await systemDb().invoice.findMany({ where: { id: { in: [nzInvoice.id, laInvoice.id] } } });
    expect(stored.find((i) => i.id === nzInvoice.id)!.status).toBe("overdue");
    expect(stored.find((i) => i.id === laInvoice.id)!.status).toBe("open");

    const overdueOnly = await asTenant(nz.tenant.id, now, (ctx) => listInvoices(ctx, { overdueOnly: true }));
    expect(overdueOnly.items.map((i) => i.id)).toEqual([nzInvoice.id]);
    const openLa = await asTenant(la.tenant.id, now, (ctx) => listInvoices(ctx, { status: "open" }));
    expect(openLa.items.map((i) => i.id)).toEqual([laInvoice.id]);
  });
});

describe("payments", () => {
  it("recomputes the amount due and status, and refuses to take more than is due", async () => {
    const { tenant, contact } = await businessWithContact();
    await asTenant(tenant.id, NOW, async (ctx) => {
      const invoice = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "100.00", issueDate: "2027-06-01", dueDate: "2027-06-30" });
      const partly = await recordPayment(ctx, { invoiceId: invoice.id, amount: "40.10", method: "card", reference: "ch_1" });
      expect(partly).toMatchObject({ amountDue: "59.90", amountPaid: "40.10", status: "partially_paid" });
      await expect(recordPayment(ctx, { invoiceId: invoice.id, amount: "59.91" })).rejects.toThrow(
        "That payment of $59.91 is more than the $59.90 still due on invoice",
      );
      const paid = await recordPayment(ctx, { invoiceId: invoice.id, amount: "59.90", paidOn: "2027-06-10" });
      expect(paid).toMatchObject({ amountDue: "0.00", status: "paid" });
      expect(paid.payments.map((p) => [p.amount, p.paidOn])).toEqual([["40.10", TODAY], ["59.90", "2027-06-10"]]);
      await expect(recordPayment(ctx, { invoiceId: invoice.id, amount: "1" })).rejects.toThrow("already paid in full");
    });
  });

  it("refuses payments dated in the future or on drafts and void invoices", async () => {
    const { tenant, contact } = await businessWithContact();
    await asTenant(tenant.id, NOW, async (ctx) => {
      const invoice = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "10", issueDate: "2027-06-01", dueDate: "2027-06-30" });
      await expect(recordPayment(ctx, { invoiceId: invoice.id, amount: "1", paidOn: "2027-06-16" })).rejects.toThrow("future");
      const draft = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "10", issueDate: "2027-06-01", dueDate: "2027-06-30", draft: true });
      await expect(recordPayment(ctx, { invoiceId: draft.id, amount: "1" })).rejects.toThrow("Issue this draft");
      await voidInvoice(ctx, invoice.id);
      await expect(recordPayment(ctx, { invoiceId: invoice.id, amount: "1" })).rejects.toThrow("void");
    });
  });

  it("lets only one of two concurrent payments take the last amount due", async () => {
    const { tenant, contact } = await businessWithContact();
    const invoice = await asTenant(tenant.id, NOW, (ctx) =>
      createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "30", issueDate: "2027-06-01", dueDate: "2027-06-30" }),
    );
    const results = await Promise.allSettled([
      asTenant(tenant.id, NOW, (ctx) => recordPayment(ctx, { invoiceId: invoice.id, amount: "20" })),
      asTenant(tenant.id, NOW, (ctx) => recordPayment(ctx, { invoiceId: invoice.id, amount: "20" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const stored = await systemDb().invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    expect(stored.amountDue.toFixed(2)).toBe("10.00");
  });
});

describe("promises to pay", () => {
  it("is kept when payments by its date cover it, and broken once its date passes unpaid", async () => {
    const { tenant, contact } = await businessWithContact();
    const { kept, broken } = await asTenant(tenant.id, NOW, async (ctx) => {
      const a = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "300", issueDate: "2027-06-01", dueDate: "2027-06-10" });
      const b = await createInvoice(ctx, { number: nextNumber(), contactId: contact.id, currency: "USD", total: "300", issueDate: "2027-06-01", dueDate: "2027-06-10" });
      await addPromise(ctx, { invoiceId: a.id, amount: "100", promisedFor: "2027-06-20", callId: "call_1" });
      await addPromise(ctx, { invoiceId: b.id, amount: "100", promisedFor: "2027-06-16" });
      await expect(addPromise(ctx, { invoiceId: b.id, amount: "100", promisedFor: "2027-06-14" })).rejects.toThrow("from today on");
      await expect(addPromise(ctx, { invoiceId: b.id, amount: "300.01", promisedFor: "2027-06-20" })).rejects.toThrow("more than");
      // Two instalments add up to the promise.
      await recordPayment(ctx, { invoiceId: a.id, amount: "60" });
      const half = await getInvoice(ctx, a.id);
      expect(half.promises[0]!.status).toBe("pending");
      await recordPayment(ctx, { invoiceId: a.id, amount: "40" });
      // b gets less than promised.
      await recordPayment(ctx, { invoiceId: b.id, amount: "50" });
      return { kept: a.id, broken: b.id };
    });
    const keptInvoice = await asTenant(tenant.id, NOW, (ctx) => getInvoice(ctx, kept));
    expect(keptInvoice.promises.map((p) => [p.status, p.callId])).toEqual([["kept", "call_1"]]);

    // The day after b's promised date, the nightly job calls it broken.
    await markOverdueInvoices(systemDb(), new Date("2027-06-17T12:00:00Z"));
    const brokenInvoice = await asTenant(tenant.id, NOW, (ctx) => getInvoice(ctx, broken));
    expect(brokenInvoice.promises[0]!.status).toBe("broken");
  });
});

describe("isolation and roles", () => {
  it("never shows one business's invoices to another", async () => {
    const a = await businessWithContact();
    const b = await businessWithContact();
    const invoice = await asTenant(a.tenant.id, NOW, (ctx) =>
      createInvoice(ctx, { number: nextNumber(), contactId: a.contact.id, currency: "USD", total: "10", issueDate: "2027-06-01", dueDate: "2027-06-30" }),
    );
    await asTenant(b.tenant.id, NOW, async (ctx) => {
      await expect(getInvoice(ctx, invoice.id)).rejects.toThrow("does not exist");
      expect((await listInvoices(ctx, {})).items).toEqual([]);
      expect((await agingSummary(ctx)).currencies).toEqual([]);
      // Even raw SQL in B's transaction cannot see A's row.
      expect(await ctx.db.invoice.count({ where: { id: invoice.id } })).toBe(0);
      // Nor attach B's invoice to A's contact.
      await expect(
        createInvoice(ctx, { number: nextNumber(), contactId: a.contact.id, currency: "USD", total: "10", issueDate: "2027-06-01", dueDate: "2027-06-30" }),
      ).rejects.toThrow("existing contact");
    });
  });

  it("lets staff record a payment and refuses a viewer", async () => {
    const staff = await signedInMember("staff");
    const viewer = await signedInMember("viewer", { tenantId: staff.tenant.id });
    const contact = await staff.caller.contacts.create({ givenName: "Pay", familyName: "Er", email: `payer${++n}@example.com` });
    const invoice = await staff.caller.invoices.create({ number: nextNumber(), contactId: contact.id, currency: "USD", total: "25", issueDate: "2026-01-01", dueDate: "2026-01-31" });
    await expect(viewer.caller.invoices.recordPayment({ invoiceId: invoice.id, amount: "5" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.caller.invoices.recordPayment({ invoiceId: invoice.id, amount: "26" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const paid = await staff.caller.invoices.recordPayment({ invoiceId: invoice.id, amount: "25" });
    expect(paid.status).toBe("paid");
    const list = await viewer.caller.invoices.list({ q: invoice.number.slice(0, 8).toLowerCase() });
    expect(list.items.map((i) => i.id)).toEqual([invoice.id]);
    await expect(staff.caller.invoices.create({ number: invoice.number, contactId: contact.id, currency: "USD", total: "1", issueDate: "2026-01-01", dueDate: "2026-01-31" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("amounts", () => {
  it.each([
    ["1234.5", "1234.50"], ["1,234.50", "1234.50"], ["1.234,50", "1234.50"], ["12,50", "12.50"], ["1,234", "1234.00"],
    ["$ 99", "99.00"], ["€12,5", "12.50"], ["1 234,56", "1234.56"], ["USD 10", "10.00"],
  ])("reads %s as %s", (input, expected) => {
    const parsed = parseAmount(input);
    expect(parsed.ok && parsed.value.toFixed(2)).toBe(expected);
  });

  it.each(["-5", "(12.00)", "abc", "1.234", "12.345.678,123", ""])("refuses %s", (input) => {
    // "1.234" would be ambiguous (one and a bit, or a thousand): three decimals are refused.
    expect(parseAmount(input).ok).toBe(false);
  });
});
