// One timeline of everything about a contact, newest first: notes, appointments (scheduling
// service), invoices and their payments. Calls and e-mails join when those tables exist.
import type { ContactContext } from "./contacts";
import { listNotes } from "./contacts";
import { listAppointments } from "../scheduling/appointments";
import { listInvoices } from "../invoices/invoices";

export type TimelineEntry =
  | { kind: "note"; id: string; at: Date; body: string }
  | { kind: "appointment"; id: string; at: Date; endsAt: Date; status: string; service: string; staff: string }
  | { kind: "invoice"; id: string; at: Date; number: string; total: string; amountDue: string; currency: string; status: string; daysOverdue: number }
  | { kind: "payment"; id: string; at: Date; invoiceId: string; invoiceNumber: string; amount: string; currency: string; method: string };

/** How many of each kind the page shows; a contact with more is rare and the lists link on. */
const PER_KIND = 100;

export async function contactTimeline(ctx: ContactContext, contactId: string): Promise<TimelineEntry[]> {
  const [notes, appointments, invoices, payments] = await Promise.all([
    listNotes(ctx, contactId),
    listAppointments(ctx, { contactId, order: "desc", limit: PER_KIND }),
    listInvoices(ctx, { contactId, limit: PER_KIND }),
    ctx.db.payment.findMany({
      where: { tenantId: ctx.tenantId, invoice: { contactId } },
      include: { invoice: { select: { number: true, currency: true } } },
      orderBy: [{ paidOn: "desc" }, { createdAt: "desc" }],
      take: PER_KIND,
    }),
  ]);
  const entries: TimelineEntry[] = [
    ...notes.slice(0, PER_KIND).map((n) => ({ kind: "note" as const, id: n.id, at: n.createdAt, body: n.body })),
    ...appointments.items.map((a) => ({
      kind: "appointment" as const,
      id: a.id,
      at: a.startsAt,
      endsAt: a.endsAt,
      status: a.status,
      service: a.service.name,
      staff: a.staff.name,
    })),
    ...invoices.items.map((i) => ({
      kind: "invoice" as const,
      id: i.id,
      // An invoice is dated by its issue day (a calendar date, kept at UTC midnight).
      at: new Date(`${i.issueDate}T00:00:00Z`),
      number: i.number,
      total: i.total,
      amountDue: i.amountDue,
      currency: i.currency,
      status: i.status,
      daysOverdue: i.daysOverdue,
    })),
    ...payments.map((p) => ({
      kind: "payment" as const,
      id: p.id,
      at: p.paidOn,
      invoiceId: p.invoiceId,
      invoiceNumber: p.invoice.number,
      amount: p.amount.toFixed(2),
      currency: p.invoice.currency,
      method: p.method,
    })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
}
