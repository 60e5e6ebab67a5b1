// Payments and promises to pay. Recording a payment locks the invoice row, refuses more than is
// still due, and recomputes the amount due and status in the caller's transaction, so two people
// (or a person and a sync) recording at once can never take an invoice below zero.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import { Decimal, formatMoney, moneySchema } from "./money";
import { fromDbDate, isoDateSchema, toDbDate } from "./dates";
import { getInvoice, InvoiceError, todayFor, type InvoiceContext, type InvoiceDetail } from "./invoices";

const id = z.string().min(1).max(64);

export const recordPaymentInput = z.object({
  invoiceId: id,
  amount: moneySchema,
  /** Defaults to the business's today. */
  paidOn: isoDateSchema.optional(),
  method: z.string().trim().max(50).default(""),
  reference: z.string().trim().max(200).default(""),
});
export type RecordPaymentInput = z.input<typeof recordPaymentInput>;

interface LockedInvoice {
  id: string;
  number: string;
  currency: string;
  status: string;
  amountDue: string;
  issueDate: Date;
}

async function lockInvoice(ctx: InvoiceContext, invoiceId: string): Promise<LockedInvoice> {
  const [row] = await ctx.db.$queryRaw<LockedInvoice[]>`
    SELECT id, number, currency, status::text AS status, "amountDue"::text AS "amountDue", "issueDate"
    FROM "Invoice" WHERE id = ${invoiceId} AND "tenantId" = ${ctx.tenantId} FOR UPDATE`;
  if (!row) throw new InvoiceError("NOT_FOUND", "That invoice does not exist.");
  return row;
}

export async function recordPayment(ctx: InvoiceContext, rawInput: RecordPaymentInput): Promise<InvoiceDetail> {
  const input = recordPaymentInput.parse(rawInput);
  const invoice = await lockInvoice(ctx, input.invoiceId);
  if (invoice.status === "draft") throw new InvoiceError("CONFLICT", "Issue this draft before recording a payment on it.");
  if (invoice.status === "void") throw new InvoiceError("CONFLICT", "This invoice is void; it cannot take payments.");
  if (invoice.status === "paid") throw new InvoiceError("CONFLICT", `Invoice ${invoice.number} is already paid in full.`);
  const amount = new Decimal(input.amount);
  if (amount.isZero()) throw new InvoiceError("INVALID", "Enter an amount greater than zero.");
  const due = new Decimal(invoice.amountDue);
  if (amount.greaterThan(due)) {
    throw new InvoiceError(
      "INVALID",
      `That payment of ${formatMoney(amount, invoice.currency)} is more than the ${formatMoney(due, invoice.currency)} still due on invoice ${invoice.number}.`,
    );
  }
  const today = await todayFor(ctx);
  const paidOn = input.paidOn ?? today;
  if (paidOn > today) throw new InvoiceError("INVALID", "A payment cannot be dated in the future.");
  if (paidOn < fromDbDate(invoice.issueDate)) throw new InvoiceError("INVALID", "A payment cannot be dated before the invoice was issued.");

  const remaining = due.minus(amount);
  const payment = await ctx.db.payment.create({
    data: {
      tenantId: ctx.tenantId,
      invoiceId: invoice.id,
      amount: amount.toFixed(2),
      paidOn: toDbDate(paidOn),
      method: input.method,
      reference: input.reference,
      createdById: ctx.actorId,
    },
  });
  await ctx.db.invoice.update({
    where: { id: invoice.id },
    data: { amountDue: remaining.toFixed(2), status: remaining.isZero() ? "paid" : "partially_paid" },
  });
  await settlePromises(ctx, invoice.id, today);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "invoice.payment_recorded",
    targetType: "invoice",
    targetId: invoice.id,
    ip: ctx.ip,
    meta: { paymentId: payment.id, amount: amount.toFixed(2), currency: invoice.currency, paidOn, amountDue: remaining.toFixed(2) },
  });
  return getInvoice(ctx, invoice.id);
}

export const addPromiseInput = z.object({
  invoiceId: id,
  amount: moneySchema,
  promisedFor: isoDateSchema,
  /** The call in which the contact promised (set by the phone agent). */
  callId: z.string().min(1).max(64).nullish(),
});

export async function addPromise(ctx: InvoiceContext, rawInput: z.input<typeof addPromiseInput>): Promise<InvoiceDetail> {
  const input = addPromiseInput.parse(rawInput);
  const invoice = await lockInvoice(ctx, input.invoiceId);
  if (!["open", "overdue", "partially_paid"].includes(invoice.status)) {
    throw new InvoiceError("CONFLICT", `Invoice ${invoice.number} has nothing left to collect.`);
  }
  const amount = new Decimal(input.amount);
  if (amount.isZero()) throw new InvoiceError("INVALID", "Enter an amount greater than zero.");
  if (amount.greaterThan(invoice.amountDue)) {
    throw new InvoiceError("INVALID", `The promise is more than the ${formatMoney(invoice.amountDue, invoice.currency)} still due.`);
  }
  if (input.promisedFor < (await todayFor(ctx))) throw new InvoiceError("INVALID", "A promise to pay needs a date from today on.");
  const promise = await ctx.db.promiseToPay.create({
    data: {
      tenantId: ctx.tenantId,
      invoiceId: invoice.id,
      amount: amount.toFixed(2),
      promisedFor: toDbDate(input.promisedFor),
      callId: input.callId ?? null,
      createdById: ctx.actorId,
    },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "invoice.promise_added",
    targetType: "invoice",
    targetId: invoice.id,
    ip: ctx.ip,
    meta: { promiseId: promise.id, amount: amount.toFixed(2), promisedFor: input.promisedFor, callId: input.callId ?? null },
  });
  return getInvoice(ctx, invoice.id);
}

/**
 * Settles the invoice's pending promises as of `today`: a promise is kept when the payments
 * recorded since it was made and dated on or before its date add up to its amount (or the
 * invoice is paid off); once its date has passed without that, it is broken. Each promise is
 * judged on its own, so two promises can be kept by the same payment.
 */
export async function settlePromises(ctx: InvoiceContext, invoiceId: string, today: string): Promise<{ kept: number; broken: number }> {
  const kept = await ctx.db.$executeRaw`
    UPDATE "PromiseToPay" p SET status = 'kept', "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM "Invoice" i
    WHERE p."invoiceId" = ${invoiceId} AND p."tenantId" = ${ctx.tenantId} AND i.id = p."invoiceId" AND p.status = 'pending'
      AND (i.status = 'paid' OR p.amount <= (
        SELECT coalesce(sum(pay.amount), 0) FROM "Payment" pay
        WHERE pay."invoiceId" = p."invoiceId" AND pay."createdAt" >= p."createdAt" AND pay."paidOn" <= p."promisedFor"))`;
  const broken = await ctx.db.$executeRaw`
    UPDATE "PromiseToPay" SET status = 'broken', "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "invoiceId" = ${invoiceId} AND "tenantId" = ${ctx.tenantId} AND status = 'pending' AND "promisedFor" < ${toDbDate(today)}::date`;
  return { kept, broken };
}
