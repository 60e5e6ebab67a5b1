import { beforeAll, describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../../server/db";
import type { ActionName } from "../graphs/spec";
import type { CallStateValue } from "../runtime/state";
import { createSandboxBusiness } from "../sim/run-scenario";
import { runBuiltinAction } from "./index";
import { scoreLead } from "./leads";
import { resetEnvCache } from "../../server/env";

const NOW = new Date("2026-12-07T15:00:00Z");
let tenantId = "";

function state(over: Partial<CallStateValue> = {}): CallStateValue {
  return {
    slots: {},
    vars: {},
    context: { business: { timeZone: "America/Chicago", name: "Bright Smile Dental" }, caller: { phone: "+13125550199" } },
    attempts: {},
    outcome: null,
    ended: false,
    lines: [],
    path: [],
    actions: [],
    lastSaid: [],
    port: null,
    waitingAt: null,
    turns: 0,
    counter: 0,
    lineSeq: 0,
    actionSeq: 0,
    lastUtterance: "",
    transition: null,
    ...over,
  };
}

async function newCall() {
  return systemDb().call.create({ data: { tenantId, direction: "test", simulated: true } });
}

async function act(type: ActionName, args: Record<string, unknown>, s: CallStateValue, callId?: string) {
  const id = callId ?? (await newCall()).id;
  return runBuiltinAction({ tenantId, callId: id, now: NOW }, { type, args, nodeId: "n", state: s });
}

beforeAll(async () => {
  tenantId = (await createSandboxBusiness(NOW)).tenantId;
}, 180_000);

describe("built-in actions on the real services", () => {
  it("looks the caller up with their next appointment, balance and projects", async () => {
    const sys = systemDb();
    const contact = await sys.contact.create({ data: { tenantId, givenName: "Ana", familyName: "Lopez", phone: "+13125550101", timezone: "America/Chicago" } });
    const found = await act("lookup_caller", {}, state({ context: { business: {}, caller: { phone: "+13125550101" } } }));
    expect(found).toMatchObject({ ok: true, result: { found: true, contact: { id: contact.id, firstName: "Ana", name: "Ana Lopez" } } });
    expect(found.context?.contact).toMatchObject({ id: contact.id });
    const stranger = await act("lookup_caller", {}, state({ context: { caller: { phone: "+13125550102" } } }));
    expect(stranger).toMatchObject({ ok: true, port: "not_found", result: { found: false } });
  });

  it("finds real free slots, books, reschedules, confirms and cancels", async () => {
    const slots = await act("find_slots", { count: 3 }, state());
    expect(slots.ok).toBe(true);
    const list = slots.value as { start: string; staffId: string; serviceId: string }[];
    expect(list).toHaveLength(3);
    expect(new Date(list[0]!.start).getTime()).toBeGreaterThan(NOW.getTime());
    const s = state({ context: { business: { timeZone: "America/Chicago" }, caller: { phone: "+13125550177" } }, slots: { name: "Pat Doe" } });
    const booked = await act("book_appointment", { slot: list[0] }, s);
    expect(booked).toMatchObject({ ok: true, result: { appointment: { start: list[0]!.start, status: "scheduled" } } });
    const apptId = (booked.result.appointment as { id: string }).id;
    const row = await systemDb().appointment.findUniqueOrThrow({ where: { id: apptId }, include: { contact: true } });
    expect(row.contact?.phone).toBe("+13125550177");
    expect(row.source).toBe("phone");
    // The same time again is taken.
    const again = await act("book_appointment", { slot: list[0] }, s);
    expect(again).toMatchObject({ ok: false, port: "taken" });

    const withAppt = state({ context: { appointment: { id: apptId } } });
    const moved = await act("reschedule_appointment", { slot: list[1] }, withAppt);
    expect(moved).toMatchObject({ ok: true, result: { appointment: { start: list[1]!.start } } });
    expect(await act("confirm_appointment", {}, withAppt)).toMatchObject({ ok: true, result: { appointment: { status: "confirmed" } } });
    expect(await act("cancel_appointment", {}, withAppt)).toMatchObject({ ok: true, result: { appointment: { status: "cancelled" } } });
    expect(await act("cancel_appointment", {}, state())).toMatchObject({ ok: false, port: "not_found" });
  });

  it("reads a balance, records a promise to pay, sends the payment link and records a dispute", async () => {
    const sys = systemDb();
    const contact = await sys.contact.create({ data: { tenantId, givenName: "Bo", phone: "+13125550111", email: "bo@example.test", timezone: "America/Chicago" } });
    const invoice = await sys.invoice.create({
      data: { tenantId, number: `T-${Date.now()}`, contactId: contact.id, currency: "USD", total: "240.00", amountDue: "240.00", issueDate: new Date("2026-10-01"), dueDate: new Date("2026-11-17"), status: "open", paymentUrl: "https://pay.example.test/inv/1" },
    });
    const s = state({ context: { business: { timeZone: "America/Chicago" }, contact: { id: contact.id, name: "Bo" }, caller: { phone: "+13125550111" } } });
    const balance = await act("invoice_balance", {}, s);
    expect(balance).toMatchObject({ ok: true, result: { number: invoice.number, amountDue: { amount: "240.00", currency: "USD" }, dueDate: "2026-11-17" } });
    const withInvoice = state({ ...s, context: { ...s.context, invoice: { id: invoice.id, number: invoice.number } } });
    const call = await newCall();
    const promise = await act("record_promise", { amount: { amount: "150.00" }, date: { start: "2026-12-11T18:00:00.000Z" } }, withInvoice, call.id);
    expect(promise).toMatchObject({ ok: true, result: { amount: "150.00", promisedFor: "2026-12-11" } });
    const promises = await sys.promiseToPay.findMany({ where: { invoiceId: invoice.id } });
    expect(promises).toHaveLength(1);
    expect(promises[0]!.amount.toFixed(2)).toBe("150.00");

    delete process.env.STRIPE_SECRET_KEY;
    resetEnvCache();
    const link = await act("send_payment_link", {}, withInvoice);
    expect(link).toMatchObject({ ok: true, result: { sent: true, channel: "email", to: "bo@example.test", url: "https://pay.example.test/inv/1", provider: "invoice" } });
    const mails = await sys.emailOutbox.findMany({ where: { tenantId, kind: "payment_link" } });
    expect(mails.some((m) => m.text.includes("https://pay.example.test/inv/1"))).toBe(true);

    const dispute = await act("record_dispute", { reason: "I never got the crown" }, withInvoice);
    expect(dispute).toMatchObject({ ok: true, result: { invoiceId: invoice.id, reason: "I never got the crown", notified: 1 } });
    const notes = await sys.contactNote.findMany({ where: { contactId: contact.id } });
    expect(notes.map((n) => n.body)).toEqual([expect.stringContaining("I never got the crown")]);
  });

  it("gives project status, searches knowledge, and says when nothing matches", async () => {
    const sys = systemDb();
    const contact = await sys.contact.create({ data: { tenantId, givenName: "Cy", phone: "+13125550122", timezone: "America/Chicago" } });
    await sys.project.create({ data: { tenantId, contactId: contact.id, name: "Kitchen remodel", status: "in_progress", updateSummary: "Cabinets arrive Friday.", updatedAt: NOW } });
    const s = state({ context: { contact: { id: contact.id } } });
    expect(await act("project_status", {}, s)).toMatchObject({ ok: true, result: { found: true, name: "Kitchen remodel", status: "In progress", update: "Cabinets arrive Friday." } });
    expect(await act("project_status", {}, state())).toMatchObject({ ok: true, port: "not_found" });
    const kb = await act("search_knowledge", { question: "do you have same-day emergency slots for tooth pain?" }, state());
    expect(kb.ok).toBe(true);
    expect(String(kb.result.answer)).toMatch(/emergency/i);
    expect(await act("search_knowledge", { question: "xylophone quantum zebra" }, state())).toMatchObject({ port: "no_answer" });
  });

  it("creates leads with a score and urgency, notifies staff, takes messages, transfers and adds to do-not-call", async () => {
    const sys = systemDb();
    const call = await newCall();
    const s = state({ slots: { problem: "Basement flooding since this morning", address: "12 Elm St" }, context: { caller: { phone: "+13125550133" } } });
    const lead = await act("create_lead", { answers: ["problem", "address"] }, s, call.id);
    expect(lead).toMatchObject({ ok: true, result: { priority: "urgent" } });
    const row = await sys.lead.findUniqueOrThrow({ where: { id: String(lead.result.leadId) } });
    expect(row).toMatchObject({ priority: "urgent", callId: call.id, answers: { problem: "Basement flooding since this morning", address: "12 Elm St" } });
    expect(row.score).toBeGreaterThan(50);
    const urgentMail = await sys.emailOutbox.findMany({ where: { tenantId, kind: "urgent_lead" } });
    expect(urgentMail).toHaveLength(1);

    expect(await act("flag_urgent", { reason: "gas smell" }, s)).toMatchObject({ ok: true, result: { notified: 1 } });
    expect(await act("notify_staff", { subject: "Hi", message: "Call back" }, s)).toMatchObject({ ok: true, result: { notified: 1 } });
    const msg = await act("take_message", { message: "Call me about the quote" }, s);
    expect(msg).toMatchObject({ ok: true, result: { message: "Call me about the quote", callbackNumber: "+13125550133", notified: 1 } });

    expect(await act("transfer", {}, s)).toMatchObject({ ok: false, port: "failed" });
    expect(await act("transfer", { to: "+13125550000" }, s)).toMatchObject({ ok: true, result: { to: "+13125550000", status: "requested" } });

    const c = await sys.contact.create({ data: { tenantId, givenName: "Dee", phone: "+13125550999", timezone: "America/Chicago" } });
    const dnc = await act("add_to_dnc", {}, state({ context: { caller: { phone: "+13125550999" } } }));
    expect(dnc).toMatchObject({ ok: true, result: { contactsFlagged: 1 } });
    expect((await sys.contact.findUniqueOrThrow({ where: { id: c.id } })).doNotCall).toBe(true);
    const audit = await withTenant({ tenantId }, (tx) => tx.auditLog.findMany({ where: { action: "dnc.added" } }));
    expect(audit).toHaveLength(1);
  });

  it("scores leads from completeness, contact details and urgency", () => {
    expect(scoreLead({ a: "x", b: "" }, { hasPhone: true, hasEmail: false })).toEqual({ score: 40, priority: "normal", urgentWords: [] });
    expect(scoreLead({ a: "we have no heat" }, { hasPhone: true, hasEmail: true })).toMatchObject({ score: 100, priority: "urgent", urgentWords: ["no heat"] });
  });
});
