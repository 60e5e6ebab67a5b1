// CSV import of invoices, with the contacts import's rigour and its CSV reader: every row is
// validated on its own, a bad row is rejected with its line and reason and never stops the good
// ones, and rows upsert by external id, then invoice number, so importing the same file twice
// creates nothing new. Each invoice's contact is found by the contact's external id, phone or
// e-mail (contacts are imported first; an invoice for an unknown person is rejected, not guessed).
import { Readable } from "node:stream";
import { z } from "zod";
import type { InvoiceStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import { headerLookup, normaliseHeader, suggestColumns } from "../contacts/column-mapping";
import { readCsv } from "../contacts/csv";
import type { ImportProgress, Rejection } from "../contacts/import";
import { parsePhone } from "../contacts/phone";
import { currencySchema, Decimal, parseAmount } from "./money";
import { daysBetween, fromDbDate, isoDateSchema, toDbDate } from "./dates";
import { InvoiceError, todayFor, type InvoiceContext } from "./invoices";

export { rejectionsCsv } from "../contacts/import";
export type { Rejection };

export const INVOICE_IMPORT_FIELDS = [
  "externalId", "number", "contactExternalId", "contactPhone", "contactEmail", "currency", "total",
  "amountDue", "amountPaid", "issueDate", "dueDate", "status", "lineSummary", "paymentUrl",
] as const;
export type InvoiceImportField = (typeof INVOICE_IMPORT_FIELDS)[number];

export const invoiceMappingSchema = z.record(z.string().regex(/^\d+$/), z.enum(INVOICE_IMPORT_FIELDS));
export type InvoiceMapping = z.infer<typeof invoiceMappingSchema>;

// What accounting tools (Zoho Invoice, QuickBooks, Xero, FreshBooks) call these columns.
const SYNONYMS: Record<InvoiceImportField, string[]> = {
  externalId: ["id", "invoice id", "external id", "record id", "zoho id", "transaction id"],
  number: ["invoice number", "invoice no", "invoice", "invoice num", "number", "no", "invoice ref", "reference", "numero", "numero de facture", "rechnungsnummer", "factura"],
  contactExternalId: ["contact id", "customer id", "client id", "account id", "customer number", "customer ref"],
  contactPhone: ["phone", "customer phone", "contact phone", "client phone", "mobile", "telephone", "tel"],
  contactEmail: ["email", "e mail", "customer email", "contact email", "client email", "email address", "billing email"],
  currency: ["currency", "currency code", "ccy", "devise", "wahrung", "moneda"],
  total: ["total", "amount", "invoice total", "invoice amount", "total amount", "grand total", "montant", "betrag", "importe"],
  amountDue: ["amount due", "balance", "balance due", "due", "outstanding", "open balance", "amount outstanding", "solde"],
  amountPaid: ["amount paid", "paid", "paid amount", "payments"],
  issueDate: ["issue date", "invoice date", "date", "issued", "issued on", "date issued", "created date", "date de facture"],
  dueDate: ["due date", "due", "payment due", "due on", "date due", "echeance", "date d echeance", "falligkeit", "vencimiento"],
  status: ["status", "invoice status", "state"],
  lineSummary: ["description", "summary", "items", "line items", "line summary", "memo", "notes", "details"],
  paymentUrl: ["payment url", "payment link", "pay link", "invoice url", "link", "url"],
};
const LOOKUP = headerLookup(SYNONYMS);

export function suggestInvoiceMapping(headers: readonly string[]): InvoiceMapping {
  return suggestColumns(headers, LOOKUP);
}

export interface InvoiceImportOptions {
  mapping?: InvoiceMapping;
  /** For files without a currency column (chosen on the mapping screen). */
  defaultCurrency?: string;
  /** How to read "03/04/2027": month first (US) or day first (most of the world). Defaults from the business's country. */
  dateOrder?: "mdy" | "dmy";
  /** The system the file's ids belong to, for invoices and for matching contacts' external ids. */
  externalSource?: string;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => Promise<void> | void;
}

export interface InvoiceImportResult extends ImportProgress {
  headers: string[];
  mapping: InvoiceMapping;
  rejections: Rejection[];
}

const MAX_REJECTIONS = 5_000;
const MONTH_FIRST = new Set(["US", "PH", "FM", "MH", "PW"]);

/** How a business in `country` writes "03/04/2027" unless told otherwise. */
export function defaultDateOrder(country: string): "mdy" | "dmy" {
  return MONTH_FIRST.has(country) ? "mdy" : "dmy";
}

/** "2027-03-14", "2027/3/14", "14/03/2027" or "03/14/2027" (by `order`), "14.03.2027"; time parts ignored. */
export function parseCsvDate(input: string, order: "mdy" | "dmy"): string | null {
  const s = input.trim().split(/[ T]/)[0]!;
  let y: number, m: number, d: number;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    y = Number(match[3]);
    [m, d] = order === "mdy" ? [a, b] : [b, a];
  } else return null;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isoDateSchema.safeParse(iso).success ? iso : null;
}

const STATUS_WORDS: Record<string, "draft" | "void" | "paid" | null> = {
  draft: "draft", void: "void", voided: "void", cancelled: "void", canceled: "void", paid: "paid", closed: "paid",
  open: null, sent: null, overdue: null, unpaid: null, viewed: null, "partially paid": null, partial: null, outstanding: null, due: null,
};

interface Row {
  line: number;
  raw: string[];
  externalId: string | null;
  number: string;
  contact: { externalId: string | null; phone: string | null; email: string | null };
  currency: string;
  total: Decimal;
  amountDue: Decimal;
  issueDate: string;
  dueDate: string;
  status: InvoiceStatus;
  lineSummary: string;
  paymentUrl: string | null;
}

type Prepared = { ok: true; row: Row } | { ok: false; reason: string };

/** One CSV record -> a validated invoice row, or why not. */
export function prepareInvoiceRow(
  record: { line: number; fields: string[] },
  mapping: InvoiceMapping,
  options: { country: string; today: string; defaultCurrency?: string; dateOrder: "mdy" | "dmy" },
): Prepared {
  const v: Partial<Record<InvoiceImportField, string>> = {};
  for (const [index, field] of Object.entries(mapping)) {
    const value = record.fields[Number(index)];
    if (value) v[field] = value;
  }
  const number = v.number ?? "";
  if (!number) return { ok: false, reason: "number: the invoice number is missing" };
  if (number.length > 50) return { ok: false, reason: "number: longer than 50 characters" };

  let phone: string | null = null;
  if (v.contactPhone) {
    const parsed = parsePhone(v.contactPhone, options.country);
    if (!parsed.ok) return { ok: false, reason: `contactPhone: ${parsed.reason}` };
    phone = parsed.phone.e164;
  }
  const email = v.contactEmail?.toLowerCase() ?? null;
  if (email && !z.string().email().safeParse(email).success) return { ok: false, reason: `contactEmail: "${email}" is not an e-mail address` };
  if (!v.contactExternalId && !phone && !email) return { ok: false, reason: "contact: give the contact's id, phone or e-mail" };

  const currency = currencySchema.safeParse(v.currency ?? options.defaultCurrency ?? "");
  if (!currency.success) return { ok: false, reason: v.currency ? `currency: "${v.currency}" is not a currency code` : "currency: missing (add a currency column or choose a default)" };

  if (!v.total) return { ok: false, reason: "total: missing" };
  const total = parseAmount(v.total);
  if (!total.ok) return { ok: false, reason: `total: ${total.reason}` };
  let amountDue = total.value;
  if (v.amountDue) {
    const due = parseAmount(v.amountDue);
    if (!due.ok) return { ok: false, reason: `amountDue: ${due.reason}` };
    amountDue = due.value;
  } else if (v.amountPaid) {
    const paid = parseAmount(v.amountPaid);
    if (!paid.ok) return { ok: false, reason: `amountPaid: ${paid.reason}` };
    amountDue = total.value.minus(paid.value);
  }
  if (amountDue.isNegative() || amountDue.greaterThan(total.value)) return { ok: false, reason: "amountDue: more than the total, or the payments exceed it" };

  if (!v.issueDate) return { ok: false, reason: "issueDate: missing" };
  const issueDate = parseCsvDate(v.issueDate, options.dateOrder);
  if (!issueDate) return { ok: false, reason: `issueDate: "${v.issueDate}" is not a date` };
  const dueDate = v.dueDate ? parseCsvDate(v.dueDate, options.dateOrder) : issueDate;
  if (!dueDate) return { ok: false, reason: `dueDate: "${v.dueDate}" is not a date` };
  if (daysBetween(issueDate, dueDate) < 0) return { ok: false, reason: "dueDate: before the issue date" };

  let stated: "draft" | "void" | "paid" | null = null;
  if (v.status) {
    const word = normaliseHeader(v.status);
    if (!(word in STATUS_WORDS)) return { ok: false, reason: `status: "${v.status}" is not an invoice status` };
    stated = STATUS_WORDS[word]!;
  }
  if (stated === "paid" && !amountDue.isZero()) {
    // "Paid" in the file with a balance left: trust the money, not the label.
    stated = null;
  }
  const status: InvoiceStatus =
    stated === "draft" || stated === "void"
      ? stated
      : amountDue.isZero()
        ? "paid"
        : amountDue.lessThan(total.value)
          ? "partially_paid"
          : dueDate < options.today
            ? "overdue"
            : "open";

  const paymentUrl = v.paymentUrl ?? null;
  if (paymentUrl && !z.string().url().max(2000).safeParse(paymentUrl).success) return { ok: false, reason: "paymentUrl: not a valid link" };
  return {
    ok: true,
    row: {
      line: record.line,
      raw: record.fields,
      externalId: v.externalId ?? null,
      number,
      contact: { externalId: v.contactExternalId ?? null, phone, email },
      currency: currency.data,
      total: total.value,
      amountDue,
      issueDate,
      dueDate,
      status,
      lineSummary: (v.lineSummary ?? "").slice(0, 2000),
      paymentUrl,
    },
  };
}

interface Counters extends ImportProgress {
  rejections: Rejection[];
}

function reject(c: Counters, r: Rejection) {
  c.rejectedCount += 1;
  if (c.rejections.length < MAX_REJECTIONS) c.rejections.push(r);
}

/** An invoice already stored, as the batch compares and updates it. */
interface StoredInvoice {
  id: string;
  number: string;
  contactId: string;
  currency: string;
  total: Decimal;
  amountDue: Decimal;
  issueDate: Date;
  dueDate: Date;
  status: InvoiceStatus;
  lineSummary: string;
  paymentUrl: string | null;
  externalId: string | null;
  source: string;
}

type InvoiceValues = Pick<StoredInvoice, "number" | "contactId" | "currency" | "issueDate" | "dueDate" | "status" | "lineSummary" | "paymentUrl"> & { total: string; amountDue: string };

/**
 * Matches a batch's rows to contacts and stored invoices, then writes it: every read and write is
 * one raw statement with array parameters (about 0.1 ms a row). Through Prisma's model API
 * (findMany, createMany, one update per changed row) the query compiler and the result mapping
 * cost ~0.5 ms a row in Node: 12 s for 20,000 invoices (docs/performance.md, invoice import).
 */
async function upsertBatch(ctx: InvoiceContext, batch: Row[], source: string, counters: Counters) {
  const keys = <T>(pick: (r: Row) => T | null) => [...new Set(batch.map(pick).filter((x): x is T => x !== null))];
  const contactExt = keys((r) => r.contact.externalId);
  const phones = keys((r) => r.contact.phone);
  const emails = keys((r) => r.contact.email);
  // One after the other: statements of one transaction share its connection anyway.
  const byExt = contactExt.length
    ? await ctx.db.$queryRaw<{ externalId: string; contactId: string }[]>`
        SELECT "externalId", "contactId" FROM "ContactExternalId"
        WHERE "tenantId" = ${ctx.tenantId} AND source = ${source} AND "externalId" = ANY(${contactExt}::text[])`
    : [];
  const byPhone = phones.length
    ? await ctx.db.$queryRaw<{ id: string; phone: string | null; altPhone: string | null }[]>`
        SELECT id, phone, "altPhone" FROM "Contact"
        WHERE "tenantId" = ${ctx.tenantId} AND (phone = ANY(${phones}::text[]) OR "altPhone" = ANY(${phones}::text[]))
        ORDER BY "createdAt", id`
    : [];
  const byEmail = emails.length
    ? await ctx.db.$queryRaw<{ id: string; email: string | null }[]>`
        SELECT id, email FROM "Contact" WHERE "tenantId" = ${ctx.tenantId} AND email = ANY(${emails}::text[]) ORDER BY "createdAt", id`
    : [];
  const existing = (
    await ctx.db.$queryRaw<(Omit<StoredInvoice, "total" | "amountDue" | "issueDate" | "dueDate"> & { total: string; amountDue: string; issueDate: string; dueDate: string })[]>`
      SELECT id, number, "contactId", currency, total::text AS total, "amountDue"::text AS "amountDue",
        to_char("issueDate", 'YYYY-MM-DD') AS "issueDate", to_char("dueDate", 'YYYY-MM-DD') AS "dueDate", status::text AS status, "lineSummary", "paymentUrl", "externalId", source::text AS source
      FROM "Invoice"
      WHERE "tenantId" = ${ctx.tenantId}
        AND ((source = 'csv' AND "externalId" = ANY(${keys((r) => r.externalId)}::text[])) OR number = ANY(${keys((r) => r.number)}::text[]))`
  ).map((i): StoredInvoice => ({ ...i, total: new Decimal(i.total), amountDue: new Decimal(i.amountDue), issueDate: toDbDate(i.issueDate), dueDate: toDbDate(i.dueDate) }));
  const contactByExt = new Map(byExt.map((e) => [e.externalId, e.contactId]));
  const contactByPhone = new Map<string, string>();
  for (const c of byPhone) for (const p of [c.phone, c.altPhone]) if (p && !contactByPhone.has(p)) contactByPhone.set(p, c.id);
  const contactByEmail = new Map<string, string>();
  for (const c of byEmail) if (c.email && !contactByEmail.has(c.email)) contactByEmail.set(c.email, c.id);
  const invoiceByExt = new Map(existing.filter((i) => i.source === "csv" && i.externalId).map((i) => [i.externalId!, i]));
  const invoiceByNumber = new Map(existing.map((i) => [i.number, i]));

  const creates = new Map<string, InvoiceValues & { externalId: string | null }>();
  // By invoice: a file may change the same invoice twice, and the later row wins.
  const updates = new Map<string, InvoiceValues & { setExternalId: string | null }>();
  for (const row of batch) {
    const contactId =
      (row.contact.externalId && contactByExt.get(row.contact.externalId)) ||
      (row.contact.phone && contactByPhone.get(row.contact.phone)) ||
      (row.contact.email && contactByEmail.get(row.contact.email)) ||
      null;
    if (!contactId) {
      const tried = [row.contact.externalId && `id ${row.contact.externalId}`, row.contact.phone, row.contact.email].filter(Boolean).join(", ");
      reject(counters, { line: row.line, reason: `contact: no contact matches ${tried} (import the contacts first)`, raw: row.raw });
      continue;
    }
    const match = (row.externalId && invoiceByExt.get(row.externalId)) || invoiceByNumber.get(row.number);
    if (match && row.externalId && match.externalId && match.externalId !== row.externalId) {
      reject(counters, { line: row.line, reason: `number: ${row.number} is already used by another invoice`, raw: row.raw });
      continue;
    }
    if (match && match.number !== row.number && invoiceByNumber.has(row.number)) {
      reject(counters, { line: row.line, reason: `number: ${row.number} is already used by another invoice`, raw: row.raw });
      continue;
    }
    const data: InvoiceValues = {
      number: row.number,
      contactId,
      currency: row.currency,
      total: row.total.toFixed(2),
      amountDue: row.amountDue.toFixed(2),
      issueDate: toDbDate(row.issueDate),
      dueDate: toDbDate(row.dueDate),
      status: row.status,
      lineSummary: row.lineSummary,
      paymentUrl: row.paymentUrl,
    };
    if (!match) {
      const id = crypto.randomUUID();
      creates.set(id, { ...data, externalId: row.externalId });
      // Later rows of the same file that repeat this invoice find it here (and update nothing).
      const asStored: StoredInvoice = { ...data, id, total: row.total, amountDue: row.amountDue, externalId: row.externalId, source: "csv" };
      invoiceByNumber.set(row.number, asStored);
      if (row.externalId) invoiceByExt.set(row.externalId, asStored);
      counters.created += 1;
      continue;
    }
    // The file is the accounting system's record: its amounts, dates and status win.
    const changed =
      match.number !== data.number ||
      match.contactId !== contactId ||
      match.currency !== data.currency ||
      !match.total.equals(row.total) ||
      !match.amountDue.equals(row.amountDue) ||
      match.issueDate.getTime() !== data.issueDate.getTime() ||
      match.dueDate.getTime() !== data.dueDate.getTime() ||
      match.status !== data.status ||
      match.lineSummary !== data.lineSummary ||
      (match.paymentUrl ?? null) !== data.paymentUrl ||
      (row.externalId !== null && match.externalId !== row.externalId);
    if (!changed) {
      counters.skipped += 1;
      continue;
    }
    const created = creates.get(match.id);
    if (created) {
      // The file repeats an invoice it created a few rows earlier with different values: the later row wins.
      Object.assign(created, data);
    } else {
      const setExternalId = row.externalId && !match.externalId ? row.externalId : null;
      updates.set(match.id, { ...data, setExternalId: setExternalId ?? updates.get(match.id)?.setExternalId ?? null });
      if (setExternalId) {
        Object.assign(match, { externalId: setExternalId, source: "csv" });
        // Later rows of the file find it by that id too (a renumbering by id).
        invoiceByExt.set(setExternalId, match);
      }
    }
    Object.assign(match, data, { total: row.total, amountDue: row.amountDue });
    invoiceByNumber.set(row.number, match);
    counters.updated += 1;
  }
  // Updates first, as the rows came: a renumbered invoice frees its old number for a new one.
  if (updates.size) {
    const u = columnsOf([...updates].map(([id, v]) => ({ id, ...v })));
    await ctx.db.$executeRaw`
      UPDATE "Invoice" i SET number = u.number, "contactId" = u.contact, currency = u.currency, total = u.total::numeric,
        "amountDue" = u.due::numeric, "issueDate" = u.issue::date, "dueDate" = u.duedate::date, status = u.status::"InvoiceStatus",
        "lineSummary" = u.summary, "paymentUrl" = u.url,
        "externalId" = coalesce(u.ext, i."externalId"), source = CASE WHEN u.ext IS NULL THEN i.source ELSE 'csv'::"InvoiceSource" END,
        "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM unnest(${u.id}::text[], ${u.number}::text[], ${u.contact}::text[], ${u.currency}::text[], ${u.total}::text[], ${u.due}::text[],
        ${u.issue}::text[], ${u.duedate}::text[], ${u.status}::text[], ${u.summary}::text[], ${u.url}::text[],
        ${[...updates.values()].map((v) => v.setExternalId)}::text[]) AS u(id, number, contact, currency, total, due, issue, duedate, status, summary, url, ext)
      WHERE i.id = u.id AND i."tenantId" = ${ctx.tenantId}`;
  }
  if (creates.size) {
    const c = columnsOf([...creates].map(([id, v]) => ({ id, ...v })));
    await ctx.db.$executeRaw`
      INSERT INTO "Invoice" (id, "tenantId", number, "contactId", currency, total, "amountDue", "issueDate", "dueDate", status, "lineSummary",
        "paymentUrl", "externalId", source, "createdById", "createdAt", "updatedAt")
      SELECT u.id, ${ctx.tenantId}, u.number, u.contact, u.currency, u.total::numeric, u.due::numeric, u.issue::date, u.duedate::date,
        u.status::"InvoiceStatus", u.summary, u.url, u.ext, 'csv', ${ctx.actorId}, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
      FROM unnest(${c.id}::text[], ${c.number}::text[], ${c.contact}::text[], ${c.currency}::text[], ${c.total}::text[], ${c.due}::text[],
        ${c.issue}::text[], ${c.duedate}::text[], ${c.status}::text[], ${c.summary}::text[], ${c.url}::text[],
        ${[...creates.values()].map((v) => v.externalId)}::text[]) AS u(id, number, contact, currency, total, due, issue, duedate, status, summary, url, ext)`;
  }
}

/** The shared columns of a batch's writes, as arrays for unnest (dates as YYYY-MM-DD). */
function columnsOf(rows: (InvoiceValues & { id: string })[]) {
  return {
    id: rows.map((r) => r.id),
    number: rows.map((r) => r.number),
    contact: rows.map((r) => r.contactId),
    currency: rows.map((r) => r.currency),
    total: rows.map((r) => r.total),
    due: rows.map((r) => r.amountDue),
    issue: rows.map((r) => fromDbDate(r.issueDate)),
    duedate: rows.map((r) => fromDbDate(r.dueDate)),
    status: rows.map((r) => r.status),
    summary: rows.map((r) => r.lineSummary),
    url: rows.map((r) => r.paymentUrl),
  };
}

/** How rows are read for this business: its country for phones and date order, its today for overdue. */
async function rowOptionsFor(ctx: InvoiceContext, options: Pick<InvoiceImportOptions, "defaultCurrency" | "dateOrder">) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true } });
  return {
    country: tenant.country,
    today: await todayFor(ctx),
    defaultCurrency: options.defaultCurrency,
    dateOrder: options.dateOrder ?? defaultDateOrder(tenant.country),
  } as const;
}

const REQUIRED_FIELDS = ["number", "total", "issueDate"] as const satisfies readonly InvoiceImportField[];

export const invoiceImportPreviewInput = z.object({
  /** The start of the file, read by the browser (the whole file is uploaded only to import it). */
  sample: z.string().max(256 * 1024),
  /** The sample stops before the end of the file, so its last record may be cut short. */
  truncated: z.boolean().default(false),
  /** Absent: guessed from the header row. */
  mapping: invoiceMappingSchema.optional(),
  defaultCurrency: currencySchema.optional(),
  dateOrder: z.enum(["mdy", "dmy"]).optional(),
  rows: z.number().int().min(1).max(50).default(10),
});

export interface ImportPreviewRow {
  line: number;
  cells: string[];
  /** Why the import would refuse this row; `column` is the file column at fault when one is. */
  problem: { column: number | null; message: string } | null;
}

export interface InvoiceImportPreview {
  headers: string[];
  mapping: InvoiceMapping;
  /** Required fields no column is mapped to: the import cannot start until they are. */
  missing: InvoiceImportField[];
  rows: ImportPreviewRow[];
}

/**
 * The mapping screen's preview: the first rows of the file checked with the import's own rules,
 * each refusal pointed at the column it comes from. Contacts are matched only by the import.
 */
export async function previewInvoiceImport(
  ctx: InvoiceContext,
  rawInput: z.input<typeof invoiceImportPreviewInput>,
): Promise<InvoiceImportPreview> {
  const input = invoiceImportPreviewInput.parse(rawInput);
  const rowOptions = await rowOptionsFor(ctx, input);
  const records: { line: number; fields: string[] }[] = [];
  let cutShort = input.truncated;
  try {
    for await (const record of readCsv(Readable.from([input.sample]))) {
      records.push(record);
      if (records.length > input.rows + 1) break;
    }
  } catch {
    // A sample cut inside a quoted field fails to parse at its end; what came before stands.
    if (!input.truncated) throw new InvoiceError("INVALID", "The file could not be read as CSV.");
    cutShort = false;
  }
  // A cut-off sample ends inside a record: never judge that one.
  if (cutShort && records.length <= input.rows + 1) records.pop();
  const [header, ...data] = records;
  if (!header) throw new InvoiceError("INVALID", "The file is empty.");
  const mapping = input.mapping ?? suggestInvoiceMapping(header.fields);
  const columnOf = new Map(Object.entries(mapping).map(([index, field]) => [field as string, Number(index)]));
  const mapped = new Set(Object.values(mapping));
  return {
    headers: header.fields,
    mapping,
    missing: REQUIRED_FIELDS.filter((f) => !mapped.has(f)),
    rows: data.slice(0, input.rows).map((record) => {
      const prepared = prepareInvoiceRow(record, mapping, rowOptions);
      if (prepared.ok) return { line: record.line, cells: record.fields, problem: null };
      // Reasons read "field: what is wrong" (see prepareInvoiceRow).
      const field = prepared.reason.split(":")[0]!;
      return { line: record.line, cells: record.fields, problem: { column: columnOf.get(field) ?? null, message: prepared.reason } };
    }),
  };
}

/** Imports a CSV stream of invoices in the caller's transaction. */
export async function importInvoices(
  ctx: InvoiceContext,
  source: Readable | AsyncIterable<Buffer | string>,
  options: InvoiceImportOptions = {},
): Promise<InvoiceImportResult> {
  const rowOptions = await rowOptionsFor(ctx, options);
  const externalSource = options.externalSource ?? "csv";
  const batchSize = options.batchSize ?? 1_000;
  const counters: Counters = { processedRows: 0, created: 0, updated: 0, skipped: 0, rejectedCount: 0, rejections: [] };
  let headers: string[] | null = null;
  let mapping: InvoiceMapping = options.mapping ?? {};
  let batch: Row[] = [];
  const flush = async () => {
    if (batch.length) await upsertBatch(ctx, batch, externalSource, counters);
    batch = [];
    const { rejections: _r, ...progress } = counters;
    await options.onProgress?.(progress);
  };
  for await (const record of readCsv(source)) {
    if (!headers) {
      headers = record.fields;
      if (!options.mapping) mapping = suggestInvoiceMapping(headers);
      const fields = new Set(Object.values(mapping));
      const missing = REQUIRED_FIELDS.filter((f) => !fields.has(f));
      if (missing.length) throw new InvoiceError("INVALID", `No column was matched to ${missing.join(", ")}. Check the header row or the mapping.`);
      continue;
    }
    counters.processedRows += 1;
    const prepared = prepareInvoiceRow(record, mapping, rowOptions);
    if (!prepared.ok) reject(counters, { line: record.line, reason: prepared.reason, raw: record.fields });
    else batch.push(prepared.row);
    if (batch.length >= batchSize) await flush();
  }
  if (!headers) throw new InvoiceError("INVALID", "The file is empty.");
  await flush();
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "invoice.imported",
    targetType: "invoice_import",
    meta: { created: counters.created, updated: counters.updated, skipped: counters.skipped, rejected: counters.rejectedCount },
  });
  // Rows refused while matching (unknown contact) are found a batch later than rows refused while
  // reading; the report lists them in file order.
  counters.rejections.sort((a, b) => a.line - b.line);
  return { ...counters, headers, mapping };
}

// ---- Import records: the import_invoices job runs the import; the page polls the record. ----

/** What the mapping screen chose besides the columns. */
export const invoiceImportOptionsSchema = z.object({
  defaultCurrency: currencySchema.optional(),
  dateOrder: z.enum(["mdy", "dmy"]).optional(),
});
export type StoredInvoiceImportOptions = z.infer<typeof invoiceImportOptionsSchema>;

export const createInvoiceImportInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  storagePath: z.string().min(1),
  mapping: invoiceMappingSchema,
  options: invoiceImportOptionsSchema.default({}),
});

export async function createInvoiceImportRecord(ctx: InvoiceContext, rawInput: z.input<typeof createInvoiceImportInput>) {
  const input = createInvoiceImportInput.parse(rawInput);
  return ctx.db.invoiceImport.create({
    data: { tenantId: ctx.tenantId, createdById: ctx.actorId, fileName: input.fileName, storagePath: input.storagePath, mapping: input.mapping, options: input.options },
  });
}

/** Null when the import does not exist in this business. */
export async function getInvoiceImportRecord(ctx: InvoiceContext, id: string) {
  return ctx.db.invoiceImport.findFirst({ where: { id, tenantId: ctx.tenantId } });
}
