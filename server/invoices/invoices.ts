// Invoices: create, edit, issue, void, read one with its payments and promises, and the list
// with filters and cursor pagination. Services take the tenant's row-level-security transaction
// and zod-parsed input; routers, jobs and the phone agent call them alike.
import { z } from "zod";
import type { Tx } from "../db";
import { Prisma } from "../db";
import type { InvoiceStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import { currencySchema, moneySchema, Decimal } from "./money";
import { businessToday, fromDbDate, isoDateSchema, toDbDate } from "./dates";
import { COLLECTIBLE, effectiveStatus, INVOICE_STATUSES } from "./status";

/** What every invoice service receives: the tenant transaction, who acts, and a clock tests can pin. */
export interface InvoiceContext {
  db: Tx;
  tenantId: string;
  /** The signed-in user, or null for the phone agent, a sync job or an import. */
  actorId: string | null;
  ip?: string;
  now?: () => Date;
}

export class InvoiceError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "CONFLICT",
    message: string,
  ) {
    super(message);
    this.name = "InvoiceError";
  }
}

/** The business's calendar date now (due dates and aging are counted in it). */
export async function todayFor(ctx: InvoiceContext): Promise<string> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
  return businessToday(tenant.timezone, ctx.now ? ctx.now() : new Date());
}

// --- Views -----------------------------------------------------------------------------------

const invoiceInclude = { contact: { select: { id: true, givenName: true, familyName: true, company: true } } } as const;
type InvoiceWithContact = Prisma.InvoiceGetPayload<{ include: typeof invoiceInclude }>;

export interface InvoiceView {
  id: string;
  number: string;
  contactId: string;
  contactName: string;
  currency: string;
  /** Decimal strings with two places: "1234.50". */
  total: string;
  amountDue: string;
  amountPaid: string;
  issueDate: string;
  dueDate: string;
  /** Effective status (see status.ts), not necessarily the stored one. */
  status: InvoiceStatus;
  /** Days past the due date in the business's calendar; 0 when not yet due or nothing is owed. */
  daysOverdue: number;
  lineSummary: string;
  source: "manual" | "zoho" | "csv";
  externalId: string | null;
  paymentUrl: string | null;
  createdAt: Date;
}

export function contactDisplayName(c: { givenName: string; familyName: string; company: string }): string {
  return `${c.givenName} ${c.familyName}`.trim() || c.company || "Unnamed contact";
}

export function toView(row: InvoiceWithContact, today: string): InvoiceView {
  const dueDate = fromDbDate(row.dueDate);
  const status = effectiveStatus(row.status, dueDate, today);
  const owing = COLLECTIBLE.includes(status) && dueDate < today;
  return {
    id: row.id,
    number: row.number,
    contactId: row.contactId,
    contactName: contactDisplayName(row.contact),
    currency: row.currency,
    total: row.total.toFixed(2),
    amountDue: row.amountDue.toFixed(2),
    amountPaid: row.total.minus(row.amountDue).toFixed(2),
    issueDate: fromDbDate(row.issueDate),
    dueDate,
    status,
    daysOverdue: owing ? Math.round((toDbDate(today).getTime() - row.dueDate.getTime()) / 86_400_000) : 0,
    lineSummary: row.lineSummary,
    source: row.source,
    externalId: row.externalId,
    paymentUrl: row.paymentUrl,
    createdAt: row.createdAt,
  };
}

// --- Create and edit -------------------------------------------------------------------------

const text = (max: number) => z.string().trim().max(max);
const id = z.string().min(1).max(64);

export const createInvoiceInput = z
  .object({
    number: text(50).min(1, "Give the invoice a number"),
    contactId: id,
    currency: currencySchema,
    total: moneySchema,
    issueDate: isoDateSchema,
    dueDate: isoDateSchema,
    lineSummary: text(2000).default(""),
    paymentUrl: z.union([z.literal(""), z.string().trim().url("Not a valid link").max(2000)]).nullish(),
    /** Save as a draft (not sent, not collectible) instead of issuing it. */
    draft: z.boolean().default(false),
  })
  .refine((v) => v.dueDate >= v.issueDate, { message: "The due date cannot be before the issue date", path: ["dueDate"] });
export type CreateInvoiceInput = z.input<typeof createInvoiceInput>;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function readInvoice(ctx: InvoiceContext, invoiceId: string): Promise<InvoiceWithContact> {
  const row = await ctx.db.invoice.findFirst({ where: { id: invoiceId, tenantId: ctx.tenantId }, include: invoiceInclude });
  if (!row) throw new InvoiceError("NOT_FOUND", "That invoice does not exist.");
  return row;
}

export async function createInvoice(ctx: InvoiceContext, rawInput: CreateInvoiceInput): Promise<InvoiceView> {
  const input = createInvoiceInput.parse(rawInput);
  const contact = await ctx.db.contact.findFirst({ where: { id: input.contactId, tenantId: ctx.tenantId }, select: { id: true } });
  if (!contact) throw new InvoiceError("INVALID", "Choose an existing contact for this invoice.");
  let row: InvoiceWithContact;
  try {
    row = await ctx.db.invoice.create({
      data: {
        tenantId: ctx.tenantId,
        number: input.number,
        contactId: input.contactId,
        currency: input.currency,
        total: input.total,
        amountDue: input.total,
        issueDate: toDbDate(input.issueDate),
        dueDate: toDbDate(input.dueDate),
        status: input.draft ? "draft" : new Decimal(input.total).isZero() ? "paid" : "open",
        lineSummary: input.lineSummary,
        paymentUrl: input.paymentUrl || null,
        source: "manual",
        createdById: ctx.actorId,
      },
      include: invoiceInclude,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvoiceError("CONFLICT", `Invoice number ${input.number} is already used.`);
    throw error;
  }
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "invoice.created",
    targetType: "invoice",
    targetId: row.id,
    ip: ctx.ip,
    meta: { number: row.number, total: input.total, currency: input.currency },
  });
  return toView(row, await todayFor(ctx));
}

export const updateInvoiceInput = z
  .object({
    id,
    number: text(50).min(1).optional(),
    dueDate: isoDateSchema.optional(),
    lineSummary: text(2000).optional(),
    paymentUrl: z.union([z.literal(""), z.string().trim().url("Not a valid link").max(2000)]).nullish(),
  });

/**
 * Edits what can change after issuing without rewriting history: number, due date, summary and
 * payment link. Amounts change through payments (or a new invoice after voiding this one).
 */
export async function updateInvoice(ctx: InvoiceContext, rawInput: z.input<typeof updateInvoiceInput>): Promise<InvoiceView> {
  const input = updateInvoiceInput.parse(rawInput);
  const current = await readInvoice(ctx, input.id);
  if (input.dueDate && input.dueDate < fromDbDate(current.issueDate)) {
    throw new InvoiceError("INVALID", "The due date cannot be before the issue date.");
  }
  const data: Prisma.InvoiceUpdateInput = {};
  if (input.number !== undefined) data.number = input.number;
  if (input.lineSummary !== undefined) data.lineSummary = input.lineSummary;
  if (input.paymentUrl !== undefined) data.paymentUrl = input.paymentUrl || null;
  if (input.dueDate) {
    data.dueDate = toDbDate(input.dueDate);
    // Keep the stored status honest at once rather than waiting for the nightly job.
    if (current.status === "open" || current.status === "overdue") {
      data.status = effectiveStatus(current.status, input.dueDate, await todayFor(ctx));
    }
  }
  let row: InvoiceWithContact;
  try {
    row = await ctx.db.invoice.update({ where: { id: current.id }, data, include: invoiceInclude });
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvoiceError("CONFLICT", `Invoice number ${input.number} is already used.`);
    throw error;
  }
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "invoice.updated",
    targetType: "invoice",
    targetId: row.id,
    ip: ctx.ip,
    meta: { changed: Object.keys(data) },
  });
  return toView(row, await todayFor(ctx));
}

/** A draft becomes collectible. */
export async function issueInvoice(ctx: InvoiceContext, invoiceId: string): Promise<InvoiceView> {
  const current = await readInvoice(ctx, invoiceId);
  if (current.status !== "draft") throw new InvoiceError("CONFLICT", "Only a draft can be issued.");
  const today = await todayFor(ctx);
  const status = current.amountDue.isZero() ? "paid" : effectiveStatus("open", fromDbDate(current.dueDate), today);
  const row = await ctx.db.invoice.update({ where: { id: current.id }, data: { status }, include: invoiceInclude });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "invoice.issued", targetType: "invoice", targetId: row.id, ip: ctx.ip });
  return toView(row, today);
}

/** Cancels an invoice that should never have been sent. One with payments on it cannot be voided. */
export async function voidInvoice(ctx: InvoiceContext, invoiceId: string): Promise<InvoiceView> {
  const current = await readInvoice(ctx, invoiceId);
  if (current.status === "void") throw new InvoiceError("CONFLICT", "This invoice is already void.");
  const payments = await ctx.db.payment.count({ where: { invoiceId: current.id } });
  if (payments > 0) throw new InvoiceError("CONFLICT", "This invoice has payments recorded; it cannot be voided.");
  const row = await ctx.db.invoice.update({ where: { id: current.id }, data: { status: "void" }, include: invoiceInclude });
  // Promises on a voided invoice no longer mean anything; leaving them pending would make the
  // nightly job call them broken.
  await ctx.db.promiseToPay.updateMany({ where: { invoiceId: current.id, status: "pending" }, data: { status: "broken" } });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "invoice.voided", targetType: "invoice", targetId: row.id, ip: ctx.ip, meta: { number: row.number } });
  return toView(row, await todayFor(ctx));
}

// --- Read ------------------------------------------------------------------------------------

export interface PaymentView {
  id: string;
  amount: string;
  paidOn: string;
  method: string;
  reference: string;
  createdAt: Date;
}

export interface PromiseView {
  id: string;
  amount: string;
  promisedFor: string;
  status: "pending" | "kept" | "broken";
  callId: string | null;
  createdAt: Date;
}

export interface InvoiceDetail extends InvoiceView {
  payments: PaymentView[];
  promises: PromiseView[];
}

export async function getInvoice(ctx: InvoiceContext, invoiceId: string): Promise<InvoiceDetail> {
  const row = await ctx.db.invoice.findFirst({
    where: { id: invoiceId, tenantId: ctx.tenantId },
    include: { ...invoiceInclude, payments: { orderBy: [{ paidOn: "desc" }, { createdAt: "desc" }] }, promises: { orderBy: { promisedFor: "desc" } } },
  });
  if (!row) throw new InvoiceError("NOT_FOUND", "That invoice does not exist.");
  return {
    ...toView(row, await todayFor(ctx)),
    payments: row.payments.map((p) => ({
      id: p.id,
      amount: p.amount.toFixed(2),
      paidOn: fromDbDate(p.paidOn),
      method: p.method,
      reference: p.reference,
      createdAt: p.createdAt,
    })),
    promises: row.promises.map((p) => ({
      id: p.id,
      amount: p.amount.toFixed(2),
      promisedFor: fromDbDate(p.promisedFor),
      status: p.status,
      callId: p.callId,
      createdAt: p.createdAt,
    })),
  };
}

// --- List ------------------------------------------------------------------------------------

export const listInvoicesInput = z.object({
  status: z.enum(INVOICE_STATUSES).optional(),
  contactId: id.optional(),
  /** Past due with money still owed, whatever the status says (open, overdue, partially paid). */
  overdueOnly: z.boolean().default(false),
  currency: currencySchema.optional(),
  /** Invoice number or the contact's name or company; every word must match. */
  q: z.string().trim().max(200).optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListInvoicesInput = z.input<typeof listInvoicesInput>;

/** The SQL condition for an effective status (see status.ts) on `today`. */
function statusWhere(status: InvoiceStatus, today: Date): Prisma.InvoiceWhereInput {
  if (status === "open") return { status: { in: ["open", "overdue"] }, dueDate: { gte: today } };
  if (status === "overdue") return { status: { in: ["open", "overdue"] }, dueDate: { lt: today } };
  return { status };
}

export async function listInvoices(ctx: InvoiceContext, rawInput: ListInvoicesInput = {}) {
  const input = listInvoicesInput.parse(rawInput);
  const today = await todayFor(ctx);
  const todayDate = toDbDate(today);
  const and: Prisma.InvoiceWhereInput[] = [{ tenantId: ctx.tenantId }];
  if (input.status) and.push(statusWhere(input.status, todayDate));
  if (input.overdueOnly) and.push({ status: { in: [...COLLECTIBLE] }, dueDate: { lt: todayDate }, amountDue: { gt: 0 } });
  if (input.contactId) and.push({ contactId: input.contactId });
  if (input.currency) and.push({ currency: input.currency });
  for (const word of (input.q ?? "").split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = { contains: word, mode: "insensitive" } as const;
    and.push({ OR: [{ number: like }, { contact: { OR: [{ givenName: like }, { familyName: like }, { company: like }] } }] });
  }
  const rows = await ctx.db.invoice.findMany({
    where: { AND: and },
    include: invoiceInclude,
    orderBy: [{ issueDate: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  return { items: page.map((r) => toView(r, today)), nextCursor: more ? page.at(-1)!.id : null, today };
}
