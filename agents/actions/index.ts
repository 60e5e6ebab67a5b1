// The built-in tools an `action` node runs (spec.ts ACTIONS), on the real services. Each runs in
// its own tenant transaction (row-level security) as the phone agent (actorId null), and returns
// { ok, port?, result, context? }: the result is stored at vars.<saveAs> and as a CallAction row.
import type { ActionName } from "../graphs/spec";
import type { ActionOutcome } from "../runtime/compile";
import type { CallStateValue } from "../runtime/state";
import { withTenant, type Tx } from "../../server/db";
import { findContactByPhone } from "../../server/contacts/search";
import { addNote, createContact } from "../../server/contacts/contacts";
import { findSlots } from "../../server/scheduling/slots";
import { book, cancel, confirm, reschedule } from "../../server/scheduling/appointments";
import { SchedulingError, SlotTakenError, SlotUnavailableError } from "../../server/scheduling/errors";
import { getInvoice } from "../../server/invoices/invoices";
import { addPromise } from "../../server/invoices/payments";
import { businessToday } from "../../server/invoices/dates";
import { projectStatusForContact } from "../../server/projects/projects";
import { snippetParts } from "../../server/knowledge/search";
import { searchKnowledge } from "../../server/knowledge/run-search";
import { enqueueEmail } from "../../server/email/outbox";
import { recordAudit } from "../../server/audit/log";
import { addToDoNotCall } from "./dnc";
import { scoreLead } from "./leads";
import { env } from "../../server/env";

export interface ActionContext {
  tenantId: string;
  callId: string;
  now: Date;
}

export interface ActionRequest {
  type: ActionName;
  args: Record<string, unknown>;
  nodeId: string;
  state: CallStateValue;
}

type Svc = { db: Tx; tenantId: string; actorId: null; now: () => Date };
type Impl = (svc: Svc, req: ActionRequest, actx: ActionContext) => Promise<ActionOutcome>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** An instant from a slot value ({start}), a found slot ({startsAt}), a Date or an ISO string. */
function instantOf(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === "string") {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const o = obj(v);
  if (o) return instantOf(o.startsAt ?? o.start);
  return undefined;
}

const fail = (port: string, message: string, extra: Record<string, unknown> = {}): ActionOutcome => ({ ok: false, port, result: { error: message, ...extra } });

function callerPhone(state: CallStateValue): string | undefined {
  return str(state.context.caller?.phone) ?? str(state.context.contact?.phone);
}
function contactIdOf(state: CallStateValue): string | undefined {
  return str(state.context.contact?.id);
}

export function contactContext(c: { id: string; givenName: string; familyName: string; company: string; phone: string | null; email: string | null; doNotCall?: boolean }) {
  const name = [c.givenName, c.familyName].filter(Boolean).join(" ");
  return { id: c.id, firstName: c.givenName, lastName: c.familyName, name: name || c.company, company: c.company, phone: c.phone, email: c.email };
}

/** Next appointment, the most pressing open invoice and projects of a contact, for the call context. */
export async function loadContactExtras(svc: Svc, contactId: string) {
  const appt = await svc.db.appointment.findFirst({
    where: { tenantId: svc.tenantId, contactId, startsAt: { gte: svc.now() }, status: { in: ["scheduled", "confirmed"] } },
    orderBy: { startsAt: "asc" },
    include: { service: { select: { name: true } }, staff: { select: { name: true } } },
  });
  const invoice = await svc.db.invoice.findFirst({
    where: { tenantId: svc.tenantId, contactId, status: { in: ["open", "overdue", "partially_paid"] }, amountDue: { gt: 0 } },
    orderBy: [{ dueDate: "asc" }],
  });
  const balanceRows = await svc.db.invoice.groupBy({
    by: ["currency"],
    where: { tenantId: svc.tenantId, contactId, status: { in: ["open", "overdue", "partially_paid"] } },
    _sum: { amountDue: true },
  });
  const projects = await projectStatusForContact({ db: svc.db, tenantId: svc.tenantId, actorId: null, now: svc.now }, contactId);
  return {
    appointment: appt
      ? { id: appt.id, start: appt.startsAt.toISOString(), end: appt.endsAt.toISOString(), service: appt.service.name, staff: appt.staff.name, status: appt.status }
      : null,
    invoice: invoice
      ? { id: invoice.id, number: invoice.number, amountDue: { amount: invoice.amountDue.toFixed(2), currency: invoice.currency }, currency: invoice.currency, dueDate: invoice.dueDate.toISOString().slice(0, 10), paymentUrl: invoice.paymentUrl }
      : null,
    balance: balanceRows.map((r) => ({ amount: (r._sum.amountDue ?? 0).toString(), currency: r.currency }))[0] ?? null,
    project: projects[0] ? { name: projects[0].name, status: projects[0].statusLabel, update: projects[0].updateSummary, dueDate: projects[0].dueDate, sentence: projects[0].sentence } : null,
    projects: projects.map((p) => ({ name: p.name, status: p.statusLabel, sentence: p.sentence })),
  };
}

async function staffEmails(svc: Svc): Promise<string[]> {
  const members = await svc.db.membership.findMany({
    where: { tenantId: svc.tenantId, role: { in: ["owner", "admin"] } },
    include: { user: { select: { email: true } } },
  });
  return [...new Set(members.map((m) => m.user.email))];
}

async function notify(svc: Svc, callId: string, subject: string, text: string, kind: string) {
  const to = await staffEmails(svc);
  for (const address of to) await enqueueEmail(svc.db, { tenantId: svc.tenantId, to: address, subject, text: `${text}\n\nCall: ${callId}`, kind });
  return to.length;
}

async function ensureContact(svc: Svc, state: CallStateValue): Promise<string | undefined> {
  const existing = contactIdOf(state);
  if (existing) return existing;
  const phone = callerPhone(state);
  if (!phone) return undefined;
  const found = await findContactByPhone(svc, phone);
  if (found) return found.id;
  const name = str(state.slots.name);
  const [givenName, ...rest] = (name ?? "").split(/\s+/);
  const created = await createContact(svc, { phone, givenName: givenName ?? "", familyName: rest.join(" "), source: "phone" });
  return created.id;
}

async function resolveService(svc: Svc, v: unknown): Promise<{ id: string; name: string } | null> {
  const wanted = str(v) ?? str(obj(v)?.value);
  const services = await svc.db.service.findMany({ where: { tenantId: svc.tenantId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  if (!wanted) return services[0] ?? null;
  const w = wanted.toLowerCase();
  return services.find((s) => s.id === wanted) ?? services.find((s) => s.name.toLowerCase() === w) ?? services.find((s) => s.name.toLowerCase().includes(w) || w.includes(s.name.toLowerCase())) ?? null;
}

async function resolveStaff(svc: Svc, v: unknown): Promise<string | undefined> {
  const wanted = str(v) ?? str(obj(v)?.value);
  if (!wanted) return undefined;
  const staff = await svc.db.staffMember.findMany({ where: { tenantId: svc.tenantId }, select: { id: true, name: true } });
  const w = wanted.toLowerCase();
  return (staff.find((s) => s.id === wanted) ?? staff.find((s) => s.name.toLowerCase().includes(w)))?.id;
}

function appointmentIdOf(req: ActionRequest): string | undefined {
  return str(req.args.appointment) ?? str(obj(req.args.appointment)?.id) ?? str(req.state.context.appointment?.id);
}
function invoiceIdOf(req: ActionRequest): string | undefined {
  return str(req.args.invoice) ?? str(obj(req.args.invoice)?.id) ?? str(req.state.context.invoice?.id);
}

function schedulingFailure(err: unknown): ActionOutcome {
  if (err instanceof SlotTakenError) return fail("taken", err.message);
  if (err instanceof SlotUnavailableError) return fail("taken", err.message);
  if (err instanceof SchedulingError) return fail("error", err.message);
  throw err;
}

function appointmentView(a: { id: string; startsAt: Date; endsAt: Date; status: string; serviceName?: string; staffName?: string }) {
  return { id: a.id, start: a.startsAt.toISOString(), end: a.endsAt.toISOString(), status: a.status, service: a.serviceName, staff: a.staffName };
}

/** The payment link: a Stripe Checkout link when STRIPE_SECRET_KEY is set, else the invoice's own. */
async function paymentLink(invoice: { id: string; number: string; amountDue: string; currency: string; paymentUrl?: string | null }): Promise<{ url: string | null; provider: "stripe" | "invoice" | null }> {
  const key = env().STRIPE_SECRET_KEY;
  if (key) {
    const body = new URLSearchParams({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": invoice.currency.toLowerCase(),
      "line_items[0][price_data][unit_amount]": String(Math.round(Number(invoice.amountDue) * 100)),
      "line_items[0][price_data][product_data][name]": `Invoice ${invoice.number}`,
      success_url: `${env().APP_URL ?? "http://localhost"}/`,
      "metadata[invoiceId]": invoice.id,
    });
    const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (res.ok) {
      const json = (await res.json()) as { url?: string };
      if (json.url) return { url: json.url, provider: "stripe" };
    }
  }
  return invoice.paymentUrl ? { url: invoice.paymentUrl, provider: "invoice" } : { url: null, provider: null };
}

// search_knowledge runs without a Prisma transaction (searchKnowledgeAction, below).
const IMPLS: Record<Exclude<ActionName, "search_knowledge">, Impl> = {
  async lookup_caller(svc, req) {
    const phone = str(req.args.phone) ?? callerPhone(req.state);
    if (!phone) return fail("not_found", "No caller number");
    const c = await findContactByPhone(svc, phone);
    if (!c) return { ok: true, port: "not_found", result: { found: false, phone } };
    const extras = await loadContactExtras(svc, c.id);
    const contact = contactContext(c);
    return {
      ok: true,
      result: { found: true, contact, ...extras },
      context: { contact, appointment: extras.appointment, invoice: extras.invoice, project: extras.project, balance: extras.balance, projects: extras.projects },
    };
  },

  async find_slots(svc, req) {
    const service = await resolveService(svc, req.args.service);
    if (!service) return fail("none", "No bookable service");
    const staffId = await resolveStaff(svc, req.args.staff);
    const after = instantOf(req.args.after);
    const from = after && after > svc.now() ? after : undefined;
    const count = typeof req.args.count === "number" ? req.args.count : 3;
    const excludeAppointmentId = str(req.args.excludeAppointment) ?? (req.args.forReschedule ? appointmentIdOf(req) : undefined);
    const { slots } = await findSlots(svc, { serviceId: service.id, staffId, from, count, excludeAppointmentId });
    const list = slots.map((s) => ({ start: s.startsAt.toISOString(), end: s.endsAt.toISOString(), startsAt: s.startsAt.toISOString(), staffId: s.staffId, staff: s.staffName, serviceId: service.id, service: service.name }));
    if (!list.length) return { ok: true, port: "none", result: { slots: [], count: 0, service: service.name }, value: [] };
    return { ok: true, result: { slots: list, count: list.length, service: service.name }, value: list };
  },

  async book_appointment(svc, req) {
    const slot = obj(req.args.slot);
    const startsAt = instantOf(slot ?? req.args.start);
    if (!startsAt) return fail("error", "No time to book");
    const service = await resolveService(svc, slot?.serviceId ?? req.args.service);
    if (!service) return fail("error", "No bookable service");
    let staffId = str(slot?.staffId) ?? (await resolveStaff(svc, req.args.staff));
    if (!staffId) {
      const { slots } = await findSlots(svc, { serviceId: service.id, from: startsAt, to: new Date(startsAt.getTime() + 60_000), count: 1 });
      const match = slots.find((s) => s.startsAt.getTime() === startsAt.getTime());
      if (!match) return fail("taken", "That time is not free", { start: startsAt.toISOString() });
      staffId = match.staffId;
    }
    const contactId = await ensureContact(svc, req.state);
    try {
      const a = await book(svc, { serviceId: service.id, staffId, startsAt, contactId: contactId ?? null, source: "phone", notes: str(req.args.notes) ?? "" });
      const appointment = appointmentView({ ...a, serviceName: service.name, staffName: (a as { staffName?: string }).staffName });
      return { ok: true, result: { appointment }, context: { appointment } };
    } catch (err) {
      return schedulingFailure(err);
    }
  },

  async reschedule_appointment(svc, req) {
    const id = appointmentIdOf(req);
    if (!id) return fail("not_found", "No appointment to move");
    const slot = obj(req.args.slot);
    const startsAt = instantOf(slot ?? req.args.start);
    if (!startsAt) return fail("error", "No new time");
    try {
      const a = await reschedule(svc, { id, startsAt, staffId: str(slot?.staffId) });
      const appointment = appointmentView(a);
      return { ok: true, result: { appointment }, context: { appointment: { ...(req.state.context.appointment ?? {}), ...appointment } } };
    } catch (err) {
      return schedulingFailure(err);
    }
  },

  async cancel_appointment(svc, req) {
    const id = appointmentIdOf(req);
    if (!id) return fail("not_found", "No appointment to cancel");
    try {
      const a = await cancel(svc, { id, reason: str(req.args.reason) ?? "Cancelled by the caller on the phone" });
      return { ok: true, result: { appointment: appointmentView(a) }, context: { appointment: { ...(req.state.context.appointment ?? {}), status: a.status } } };
    } catch (err) {
      return schedulingFailure(err);
    }
  },

  async confirm_appointment(svc, req) {
    const id = appointmentIdOf(req);
    if (!id) return fail("not_found", "No appointment to confirm");
    try {
      const a = await confirm(svc, { id });
      return { ok: true, result: { appointment: appointmentView(a) }, context: { appointment: { ...(req.state.context.appointment ?? {}), status: a.status } } };
    } catch (err) {
      return schedulingFailure(err);
    }
  },

  async invoice_balance(svc, req) {
    let id = invoiceIdOf(req);
    const contactId = contactIdOf(req.state);
    if (!id && contactId) {
      id = (await svc.db.invoice.findFirst({ where: { tenantId: svc.tenantId, contactId, status: { in: ["open", "overdue", "partially_paid"] } }, orderBy: { dueDate: "asc" }, select: { id: true } }))?.id;
    }
    if (!id) return { ok: true, port: "not_found", result: { found: false } };
    const inv = await getInvoice(svc, id);
    const invoice = { id: inv.id, number: inv.number, amountDue: { amount: inv.amountDue, currency: inv.currency }, currency: inv.currency, dueDate: inv.dueDate, daysOverdue: inv.daysOverdue, status: inv.status };
    return { ok: true, result: { found: true, ...invoice }, context: { invoice: { ...(req.state.context.invoice ?? {}), ...invoice } } };
  },

  async record_promise(svc, req, actx) {
    const id = invoiceIdOf(req);
    if (!id) return fail("not_found", "No invoice");
    const amountArg = req.args.amount;
    const amount = str(obj(amountArg)?.amount) ?? (typeof obj(amountArg)?.amount === "number" ? String(obj(amountArg)!.amount) : undefined) ?? str(amountArg) ?? (typeof amountArg === "number" ? String(amountArg) : undefined);
    const date = instantOf(req.args.date);
    if (!amount || !date) return fail("error", "A promise needs an amount and a date");
    const timeZone = String(req.state.context.business?.timeZone ?? "UTC");
    const promisedFor = businessToday(timeZone, date);
    try {
      const inv = await addPromise(svc, { invoiceId: id, amount, promisedFor, callId: actx.callId });
      return { ok: true, result: { invoiceId: id, amount, promisedFor, amountDue: inv.amountDue } };
    } catch (err) {
      return fail("error", (err as Error).message);
    }
  },

  async send_payment_link(svc, req) {
    const id = invoiceIdOf(req);
    if (!id) return fail("not_found", "No invoice");
    const inv = await svc.db.invoice.findFirst({ where: { id, tenantId: svc.tenantId }, include: { contact: { select: { email: true, phone: true } } } });
    if (!inv) return fail("not_found", "No invoice");
    const link = await paymentLink({ id: inv.id, number: inv.number, amountDue: inv.amountDue.toFixed(2), currency: inv.currency, paymentUrl: inv.paymentUrl });
    if (!link.url) return fail("error", "No payment link: set STRIPE_SECRET_KEY or the invoice's payment URL");
    const channel = str(req.args.channel) ?? "email";
    if (channel === "email" && inv.contact.email) {
      await enqueueEmail(svc.db, {
        tenantId: svc.tenantId,
        to: inv.contact.email,
        subject: `Payment link for invoice ${inv.number}`,
        text: `As promised on the phone, here is the link to pay invoice ${inv.number} (${inv.amountDue.toFixed(2)} ${inv.currency}):\n\n${link.url}\n`,
        kind: "payment_link",
      });
      return { ok: true, result: { sent: true, channel: "email", to: inv.contact.email, url: link.url, provider: link.provider } };
    }
    // SMS sending is part of telephony (#5): the link is recorded for it.
    return { ok: true, result: { sent: false, channel, url: link.url, provider: link.provider, reason: channel === "email" ? "no e-mail address" : "sms not available yet" } };
  },

  async record_dispute(svc, req, actx) {
    const id = invoiceIdOf(req);
    const reason = str(req.args.reason) ?? str(obj(req.args.reason)?.value) ?? req.state.lastUtterance;
    const contactId = contactIdOf(req.state);
    if (contactId) await addNote(svc, { contactId, body: `Disputed ${id ? "an invoice" : "a charge"} on a call: ${reason}` });
    await recordAudit(svc.db, { tenantId: svc.tenantId, actorId: null, action: "invoice.disputed", targetType: "invoice", targetId: id, meta: { reason, callId: actx.callId } });
    const notified = await notify(svc, actx.callId, "Invoice disputed on a call", `A caller disputed ${id ? `invoice ${String(req.state.context.invoice?.number ?? id)}` : "a charge"}: ${reason}`, "dispute");
    return { ok: true, result: { invoiceId: id ?? null, reason, notified } };
  },

  async project_status(svc, req) {
    const contactId = contactIdOf(req.state);
    if (!contactId) return { ok: true, port: "not_found", result: { found: false } };
    const projects = await projectStatusForContact(svc, contactId);
    const wanted = str(req.args.project)?.toLowerCase();
    const p = (wanted ? projects.find((x) => x.name.toLowerCase().includes(wanted)) : undefined) ?? projects[0];
    if (!p) return { ok: true, port: "not_found", result: { found: false } };
    const project = { name: p.name, status: p.statusLabel, update: p.updateSummary, dueDate: p.dueDate, sentence: p.sentence };
    return { ok: true, result: { found: true, ...project }, context: { project } };
  },

  async create_lead(svc, req, actx) {
    const names = Array.isArray(req.args.answers) ? req.args.answers.filter((x): x is string => typeof x === "string") : Object.keys(req.state.slots);
    const answers: Record<string, unknown> = {};
    for (const n of names) answers[n] = req.state.slots[n] ?? null;
    const contactId = await ensureContact(svc, req.state);
    const contact = contactId ? await svc.db.contact.findFirst({ where: { id: contactId, tenantId: svc.tenantId }, select: { phone: true, email: true } }) : null;
    const scored = scoreLead(answers, { hasPhone: Boolean(contact?.phone), hasEmail: Boolean(contact?.email), extraTexts: [req.state.lastUtterance] });
    const priority = req.args.priority === "urgent" ? "urgent" : scored.priority;
    const lead = await svc.db.lead.create({
      data: { tenantId: svc.tenantId, contactId: contactId ?? null, callId: actx.callId, answers: answers as never, score: scored.score, priority, summary: str(req.args.summary) ?? "" },
    });
    await recordAudit(svc.db, { tenantId: svc.tenantId, actorId: null, action: "lead.created", targetType: "lead", targetId: lead.id, meta: { priority, score: scored.score, callId: actx.callId } });
    let notified = 0;
    if (priority === "urgent") {
      notified = await notify(svc, actx.callId, "URGENT new enquiry from a call", `An urgent enquiry (${scored.urgentWords.join(", ") || "flagged urgent"}) just came in by phone.\n\n${JSON.stringify(answers, null, 2)}`, "urgent_lead");
    }
    return { ok: true, result: { leadId: lead.id, score: scored.score, priority, urgentWords: scored.urgentWords, notified }, context: contactId && !req.state.context.contact ? { contact: { id: contactId, phone: callerPhone(req.state) ?? null } } : undefined };
  },

  async flag_urgent(svc, req, actx) {
    const reason = str(req.args.reason) ?? req.state.lastUtterance ?? "Urgent call";
    const who = String(req.state.context.contact?.name ?? callerPhone(req.state) ?? "A caller");
    const notified = await notify(svc, actx.callId, `URGENT: ${who} needs help now`, `${who} called and it is urgent: ${reason}\nCall back: ${callerPhone(req.state) ?? "unknown number"}`, "urgent");
    await recordAudit(svc.db, { tenantId: svc.tenantId, actorId: null, action: "call.flagged_urgent", targetType: "Call", targetId: actx.callId, meta: { reason } });
    return { ok: notified > 0, port: notified > 0 ? "ok" : "error", result: { reason, notified } };
  },

  async notify_staff(svc, req, actx) {
    const subject = str(req.args.subject) ?? "Message from a call";
    const message = str(req.args.message) ?? req.state.lastUtterance;
    const notified = await notify(svc, actx.callId, subject, message, "staff_notification");
    return { ok: notified > 0, port: notified > 0 ? "ok" : "error", result: { subject, notified } };
  },

  async add_to_dnc(svc, req, actx) {
    const phone = str(req.args.phone) ?? callerPhone(req.state);
    if (!phone) return fail("error", "No number to add");
    const r = await addToDoNotCall(svc, { phone, source: "call", callId: actx.callId, reason: str(req.args.reason) });
    return { ok: true, result: r };
  },

  async transfer(_svc, req) {
    // Records the intent; the voice layer (#5) does the SIP transfer.
    const to = str(req.args.to) ?? str(req.state.context.business?.transferNumber);
    if (!to) return fail("failed", "No transfer number configured");
    return { ok: true, result: { to, mode: str(req.args.mode) ?? "cold", status: "requested", reason: str(req.args.reason) ?? null } };
  },

  async take_message(svc, req, actx) {
    const message = str(req.args.message) ?? str(obj(req.args.message)?.value) ?? req.state.lastUtterance;
    if (!message) return fail("error", "Empty message");
    const callback = str(req.args.callbackNumber) ?? str(obj(req.args.callbackNumber)?.value) ?? callerPhone(req.state) ?? "";
    const contactId = contactIdOf(req.state);
    if (contactId) await addNote(svc, { contactId, body: `Phone message: ${message}${callback ? ` (call back: ${callback})` : ""}` });
    const who = String(req.state.context.contact?.name ?? (callback || "A caller"));
    const notified = await notify(svc, actx.callId, `Phone message from ${who}`, `${message}\n\nCall back: ${callback || "no number given"}`, "phone_message");
    return { ok: true, result: { message, callbackNumber: callback, notified } };
  },
};

/** A passage as one or two spoken sentences, led by the best-matching part. */
export function spokenAnswer(text: string, snippet: string): string {
  const plain = text.replace(/[#*_>`]+/g, "").replace(/\s+/g, " ").trim();
  const marked = snippetParts(snippet).find((p) => p.match)?.text;
  const sentences = plain.match(/[^.!?]+[.!?]*/g)?.map((s) => s.trim()).filter(Boolean) ?? [plain];
  const startAt = marked ? Math.max(0, sentences.findIndex((s) => s.toLowerCase().includes(marked.toLowerCase()))) : 0;
  return sentences.slice(startAt, startAt + 2).join(" ").slice(0, 400);
}

/** The knowledge base's answer to the caller's question, or the "no_answer" port. */
async function searchKnowledgeAction(actx: ActionContext, req: ActionRequest): Promise<ActionOutcome> {
  const question = str(req.args.question) ?? req.state.lastUtterance;
  if (!question) return { ok: true, port: "no_answer", result: { answer: "", passages: [] } };
  // Only the best hit's snippet is used (spokenAnswer): the others are not highlighted.
  const hits = await searchKnowledge(actx.tenantId, question, { limit: 3, snippets: 1 });
  const good = hits.filter((h) => h.score >= 0.2);
  if (!good.length) return { ok: true, port: "no_answer", result: { answer: "", passages: [] } };
  const top = good[0]!;
  return {
    ok: true,
    result: {
      answer: spokenAnswer(top.text, top.snippet),
      source: top.articleTitle,
      passages: good.map((h) => ({ id: h.passageId, title: h.articleTitle, heading: h.heading, score: h.score })),
    },
  };
}

export async function runBuiltinAction(actx: ActionContext, req: ActionRequest): Promise<ActionOutcome> {
  // A read the caller is waiting on, without Prisma's transaction (searchKnowledge).
  if (req.type === "search_knowledge") return searchKnowledgeAction(actx, req);
  const impl = IMPLS[req.type];
  if (!impl) return fail("error", `Unknown action ${req.type}`);
  return withTenant({ tenantId: actx.tenantId }, (db) => impl({ db, tenantId: actx.tenantId, actorId: null, now: () => actx.now }, req, actx));
}
