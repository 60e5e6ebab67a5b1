// CSV import of contacts. Streams the file, validates every row with the same rules as the
// contact form, and upserts in batches: a row matches an existing contact by external id, then
// phone, then e-mail, so importing the same file twice creates nothing new. A bad row is
// rejected with its line and reason and never stops the good ones.
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { z } from "zod";
import { Prisma } from "../db";
import { recordAudit } from "../audit/log";
import {
  contactFieldsSchema,
  isIdentifiable,
  newContactRow,
  normaliseFields,
  normaliseTags,
  tenantDefaults,
  type ContactContext,
  type ContactFields,
  type ContactRow,
  type TenantDefaults,
} from "./contacts";
import { suggestMapping, type ColumnMapping, type ImportField } from "./column-mapping";
import { csvLine, readCsv } from "./csv";

export interface Rejection {
  line: number;
  reason: string;
  /** The row as it was in the file. */
  raw: string[];
}

export interface ImportProgress {
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejectedCount: number;
}

export interface ImportResult extends ImportProgress {
  headers: string[];
  mapping: ColumnMapping;
  /** Rejected rows, the first MAX_REJECTIONS of them (rejectedCount has them all). */
  rejections: Rejection[];
}

export interface ImportOptions {
  /** Confirmed on the mapping screen; guessed from the header row when absent. */
  mapping?: ColumnMapping;
  /** The system the file's id column belongs to. */
  externalSource?: string;
  batchSize?: number;
  /** Called after every batch (the job stores it on the ContactImport row for the progress bar). */
  onProgress?: (progress: ImportProgress) => Promise<void> | void;
}

/** A file with more bad rows than this is broken as a whole; the count still says how many. */
export const MAX_REJECTIONS = 5_000;
const DEFAULT_BATCH = 2_000;

const YES = new Set(["yes", "y", "true", "1", "x", "oui", "ja", "si", "sí"]);
const NO = new Set(["no", "n", "false", "0", "non", "nein"]);

interface PreparedRow {
  line: number;
  raw: string[];
  externalId: string | null;
  /** Only the fields the file gave a value for: an update never blanks what the file left empty. */
  row: Partial<ContactRow>;
  /** Whether the file named the timezone (else it was derived, and is not applied to existing contacts). */
  explicitZone: boolean;
}

type Prepared = { ok: true; value: PreparedRow } | { ok: false; reason: string };

function splitFullName(full: string): { givenName: string; familyName: string } {
  const comma = full.indexOf(",");
  if (comma > 0) return { familyName: full.slice(0, comma).trim(), givenName: full.slice(comma + 1).trim() };
  const words = full.split(/\s+/).filter(Boolean);
  // One word ("Madonna", or a CJK name written without spaces) stays whole as the given name.
  if (words.length < 2) return { givenName: full.trim(), familyName: "" };
  return { givenName: words.slice(0, -1).join(" "), familyName: words.at(-1)! };
}

function yesNo(value: string, field: string): boolean | string {
  const v = value.toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return `${field}: "${value}" is not yes or no`;
}

// Built once: a file has a hundred thousand rows.
const partialFields = contactFieldsSchema.partial();

/** One CSV record -> the contact fields it holds, validated and normalised, or why not. */
export function prepareRow(
  record: { line: number; fields: string[] },
  mapping: ColumnMapping,
  defaults: TenantDefaults,
): Prepared {
  const values: Partial<Record<ImportField, string>> = {};
  for (const [index, field] of Object.entries(mapping)) {
    const value = record.fields[Number(index)];
    if (value) values[field] = value;
  }
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(contactFieldsSchema.shape) as (keyof ContactFields)[]) {
    if (key in values) fields[key] = values[key as ImportField];
  }
  if (values.fullName && !values.givenName && !values.familyName) Object.assign(fields, splitFullName(values.fullName));
  if (values.tags) fields.tags = values.tags.split(/[,;|]/);
  if (values.doNotCall) {
    const dnc = yesNo(values.doNotCall, "doNotCall");
    if (typeof dnc === "string") return { ok: false, reason: dnc };
    fields.doNotCall = dnc;
  }
  if (values.consentStatus) {
    const v = values.consentStatus.toLowerCase();
    const consent = YES.has(v) || v === "granted" ? "granted" : NO.has(v) || v === "denied" ? "denied" : v;
    fields.consentStatus = consent;
    fields.consentSource = "csv import";
  }
  const parsed = partialFields.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join(".")}: ${issue.message}` };
  }
  const normalised = normaliseFields(parsed.data, defaults, "create");
  if (!normalised.ok) {
    const [field, reason] = Object.entries(normalised.problems)[0]!;
    return { ok: false, reason: `${field}: ${reason}` };
  }
  const row = normalised.row;
  if (!isIdentifiable({ givenName: "", familyName: "", company: "", phone: null, email: null, ...row })) {
    return { ok: false, reason: "No name, company, phone or e-mail" };
  }
  return {
    ok: true,
    value: { line: record.line, raw: record.fields, externalId: values.externalId ?? null, row, explicitZone: Boolean(parsed.data.timezone) },
  };
}

// The columns import writes, with their SQL types for jsonb_to_recordset.
const COLUMNS: [keyof ContactRow, string][] = [
  ["givenName", "text"], ["familyName", "text"], ["phone", "text"], ["phoneExtension", "text"], ["altPhone", "text"],
  ["email", "text"], ["company", "text"], ["title", "text"], ["addressLine1", "text"], ["addressLine2", "text"],
  ["city", "text"], ["region", "text"], ["postalCode", "text"], ["country", "text"], ["timezone", "text"],
  ["tags", "text[]"], ["notes", "text"], ["source", "text"], ["consentStatus", '"ConsentStatus"'],
  ["consentSource", "text"], ["consentAt", "timestamp(3)"], ["doNotCall", "boolean"],
];
const RECORD_DEF = Prisma.raw(`id text, ${COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(", ")}`);
const COLUMN_LIST = Prisma.raw(COLUMNS.map(([c]) => `"${c}"`).join(", "));
const SET_LIST = Prisma.raw(COLUMNS.map(([c]) => `"${c}" = r."${c}"`).join(", "));
// Timestamps are stored as UTC wall time, as Prisma writes them.
const NOW_UTC = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);

let lastIdMs = 0;
let idSequence = 0;

/**
 * A UUID version 7 (RFC 9562): milliseconds first, then a counter, then random bits. Rows an
 * import creates get ids in ascending order, so the primary key and the (tenantId, createdAt,
 * id) / (tenantId, updatedAt, id) indexes take them at one end instead of all over the index.
 */
export function timeOrderedId(): string {
  const bytes = randomBytes(16);
  let ms = Date.now();
  if (ms > lastIdMs) idSequence = bytes.readUInt16BE(6) & 0x7ff;
  else {
    // Same millisecond (or the clock stepped back): count on, borrowing the next millisecond
    // when the 12-bit counter runs out, so ids stay ascending.
    ms = lastIdMs;
    idSequence += 1;
    if (idSequence > 0xfff) {
      ms += 1;
      idSequence = 0;
    }
  }
  lastIdMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (idSequence >> 8);
  bytes[7] = idSequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** Applies an imported row onto a stored contact; returns whether anything changed. */
function applyImported(target: ContactRow, p: PreparedRow): boolean {
  let changed = false;
  const set = <K extends keyof ContactRow>(key: K, value: ContactRow[K]) => {
    if (!same(target[key], value)) {
      target[key] = value;
      changed = true;
    }
  };
  const { row } = p;
  for (const [key, value] of Object.entries(row) as [keyof ContactRow, never][]) {
    if (["tags", "phone", "altPhone", "phoneExtension", "timezone", "source", "consentStatus", "consentSource", "consentAt"].includes(key)) continue;
    set(key, value);
  }
  if (row.tags) set("tags", normaliseTags([...target.tags, ...row.tags]));
  if (p.explicitZone && row.timezone) set("timezone", row.timezone);
  // A number the contact already has (either slot) changes nothing; a new one becomes the main
  // number and the old main one moves to the free alternate slot.
  if (row.phone && row.phone !== target.phone && row.phone !== target.altPhone) {
    if (target.phone && !target.altPhone) set("altPhone", target.phone);
    set("phone", row.phone);
    set("phoneExtension", row.phoneExtension ?? null);
  }
  if (row.altPhone && row.altPhone !== target.phone) set("altPhone", row.altPhone);
  // Consent changes only when the status does, so re-importing does not move its timestamp.
  if (row.consentStatus && row.consentStatus !== target.consentStatus) {
    set("consentStatus", row.consentStatus);
    set("consentAt", row.consentAt ?? new Date());
    set("consentSource", row.consentSource ?? null);
  }
  return changed;
}

interface Counters extends ImportProgress {
  rejections: Rejection[];
}

function reject(counters: Counters, rejection: Rejection) {
  counters.rejectedCount += 1;
  if (counters.rejections.length < MAX_REJECTIONS) counters.rejections.push(rejection);
}

async function upsertBatch(ctx: ContactContext, batch: PreparedRow[], source: string, defaults: TenantDefaults, counters: Counters) {
  const extIds = [...new Set(batch.map((p) => p.externalId).filter((x): x is string => Boolean(x)))];
  const phones = [...new Set(batch.map((p) => p.row.phone).filter((x): x is string => Boolean(x)))];
  const emails = [...new Set(batch.map((p) => p.row.email).filter((x): x is string => Boolean(x)))];
  // One round trip per batch: the contacts matching any external id, phone (either slot) or
  // e-mail, whole, each row tagged with what matched (it was four queries: three key lookups,
  // then the matched rows through the client). Through contact_import_matches (migration
  // 20261203010000_contact_search_perf), planned generically: a business being imported into has
  // no planner statistics, and a query naming it read its whole name index on every lookup.
  const found = await ctx.db.$queryRaw<(ContactRow & { id: string; kind: number; key: string })[]>`
    SELECT * FROM contact_import_matches(${source}, ${extIds}::text[], ${phones}::text[], ${emails}::text[])`;
  const ext = new Map<string, string>();
  const phone = new Map<string, string>();
  const email = new Map<string, string>();
  const existing = new Map<string, ContactRow & { id: string }>();
  for (const { kind, key, ...r } of found) {
    const m = kind === 0 ? ext : kind === 3 ? email : phone;
    if (!m.has(key)) m.set(key, r.id);
    if (!existing.has(r.id)) existing.set(r.id, r);
  }
  const linked = new Set(ext.keys());
  const matchOf = (p: PreparedRow) =>
    (p.externalId && ext.get(p.externalId)) || (p.row.phone && phone.get(p.row.phone)) || (p.row.email && email.get(p.row.email)) || null;

  const inserts: (ContactRow & { id: string })[] = [];
  const changedIds = new Set<string>();
  const links: { id: string; contactId: string; externalId: string }[] = [];
  for (const p of batch) {
    let id = matchOf(p);
    if (id && existing.has(id)) {
      if (applyImported(existing.get(id)!, p)) {
        changedIds.add(id);
        counters.updated += 1;
      } else {
        counters.skipped += 1;
      }
    } else if (id) {
      // Matched a contact created earlier in this same batch (the file repeats a person).
      const pending = inserts.find((r) => r.id === id)!;
      if (applyImported(pending, p)) counters.updated += 1;
      else counters.skipped += 1;
    } else {
      id = timeOrderedId();
      inserts.push({ id, ...newContactRow({ source: "import", ...p.row }, defaults) });
      counters.created += 1;
      if (p.row.phone) phone.set(p.row.phone, id);
      if (p.row.email) email.set(p.row.email, id);
    }
    if (p.externalId && !linked.has(p.externalId)) {
      links.push({ id: timeOrderedId(), contactId: id, externalId: p.externalId });
      linked.add(p.externalId);
      ext.set(p.externalId, id);
    }
  }

  if (inserts.length) {
    await ctx.db.$executeRaw`
      INSERT INTO "Contact" (id, "tenantId", ${COLUMN_LIST}, "createdAt", "updatedAt")
      SELECT id, ${ctx.tenantId}, ${COLUMN_LIST}, ${NOW_UTC}, ${NOW_UTC}
      FROM jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) AS r(${RECORD_DEF})`;
  }
  if (changedIds.size) {
    const rows = [...changedIds].map((id) => existing.get(id)!);
    await ctx.db.$executeRaw`
      UPDATE "Contact" c SET ${SET_LIST}, "updatedAt" = ${NOW_UTC}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${RECORD_DEF})
      WHERE c.id = r.id AND c."tenantId" = ${ctx.tenantId}`;
  }
  if (links.length) {
    await ctx.db.$executeRaw`
      INSERT INTO "ContactExternalId" (id, "tenantId", "contactId", source, "externalId")
      SELECT l.id, ${ctx.tenantId}, l."contactId", ${source}, l."externalId"
      FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS l(id text, "contactId" text, "externalId" text)
      ON CONFLICT ("tenantId", source, "externalId") DO NOTHING`;
  }
}

/**
 * Imports a CSV stream into the business. Runs in the caller's transaction (`ctx.db`), so a
 * crash leaves nothing half-imported; progress is reported through `onProgress`.
 */
export async function importContacts(
  ctx: ContactContext,
  source: Readable | AsyncIterable<Buffer | string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const defaults = await tenantDefaults(ctx);
  const externalSource = options.externalSource ?? "csv";
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const counters: Counters = { processedRows: 0, created: 0, updated: 0, skipped: 0, rejectedCount: 0, rejections: [] };
  let headers: string[] | null = null;
  let mapping: ColumnMapping = options.mapping ?? {};
  let batch: PreparedRow[] = [];
  // The database writes one batch while the next is read and validated (the CPU work of the
  // two overlaps; on a small machine that is most of the import). Batches still run one after
  // another, each after the previous one's rows are in, so a person repeated across batches is
  // matched, never created twice.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const current = batch;
    batch = [];
    // Rows read and rejected up to this batch's end, as if it had been written synchronously.
    const read = { processedRows: counters.processedRows, rejectedCount: counters.rejectedCount };
    await writing;
    writing = (async () => {
      if (current.length) await upsertBatch(ctx, current, externalSource, defaults, counters);
      const { rejections: _r, ...progress } = counters;
      await options.onProgress?.({ ...progress, ...read });
    })();
    // Awaited by the next flush or at the end; until then a failure must not count as unhandled.
    writing.catch(() => {});
  };
  for await (const record of readCsv(source)) {
    if (!headers) {
      headers = record.fields;
      if (!options.mapping) mapping = suggestMapping(headers);
      if (!Object.keys(mapping).length) throw new ImportFileError("No column could be matched to a contact field. Check the header row.");
      continue;
    }
    counters.processedRows += 1;
    const prepared = prepareRow(record, mapping, defaults);
    if (!prepared.ok) reject(counters, { line: record.line, reason: prepared.reason, raw: record.fields });
    else batch.push(prepared.value);
    if (batch.length >= batchSize) await flush();
  }
  if (!headers) {
    await writing;
    throw new ImportFileError("The file is empty.");
  }
  await flush();
  await writing;
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "contact.imported",
    targetType: "contact_import",
    meta: { created: counters.created, updated: counters.updated, skipped: counters.skipped, rejected: counters.rejectedCount },
  });
  return { ...counters, headers, mapping };
}

/** The file itself is unusable (empty, no recognisable columns): nothing was imported. */
export class ImportFileError extends Error {}

/** The rejected rows as a CSV a person can fix and import again. */
export function* rejectionsCsv(headers: readonly string[], rejections: readonly Rejection[]): Generator<string> {
  yield csvLine(["line", "reason", ...headers]);
  for (const r of rejections) yield csvLine([r.line, r.reason, ...r.raw]);
}

// --- The ContactImport row: what the upload page creates and the job updates -----------------

export const createImportInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  storagePath: z.string().min(1).max(1000),
  mapping: z.record(z.string(), z.string()).optional(),
});

export async function createImportRecord(ctx: ContactContext, rawInput: z.input<typeof createImportInput>) {
  const input = createImportInput.parse(rawInput);
  return ctx.db.contactImport.create({
    data: { tenantId: ctx.tenantId, createdById: ctx.actorId, fileName: input.fileName, storagePath: input.storagePath, mapping: input.mapping ?? {} },
  });
}

export async function getImportRecord(ctx: ContactContext, id: string) {
  return ctx.db.contactImport.findFirst({ where: { id, tenantId: ctx.tenantId } });
}
