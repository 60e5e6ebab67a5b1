// CSV import of contacts. Streams the file, validates every row with the same rules as the
// contact form, and upserts in batches: a row matches an existing contact by external id, then
// phone, then e-mail, so importing the same file twice creates nothing new. A bad row is
// rejected with its line and reason and never stops the good ones.
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import pg from "pg";
import { z } from "zod";
import { withTenantConnection } from "../db";
import { recordAudit } from "../audit/log";
import {
  contactFieldsSchema,
  isIdentifiable,
  newContactRow,
  normaliseFields,
  normaliseTags,
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
const YIELD_EVERY = 100;

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

// The columns import writes, with their SQL types. Rows travel as one array per column
// (unnest): PostgreSQL reads 2,000 rows of arrays in ~9 ms against ~40 ms as jsonb records.
const COLUMNS: [keyof ContactRow, string][] = [
  ["givenName", "text"], ["familyName", "text"], ["phone", "text"], ["phoneExtension", "text"], ["altPhone", "text"],
  ["email", "text"], ["company", "text"], ["title", "text"], ["addressLine1", "text"], ["addressLine2", "text"],
  ["city", "text"], ["region", "text"], ["postalCode", "text"], ["country", "text"], ["timezone", "text"],
  ["tags", "text[]"], ["notes", "text"], ["source", "text"], ["consentStatus", '"ConsentStatus"'],
  ["consentSource", "text"], ["consentAt", "timestamp(3)"], ["doNotCall", "boolean"],
];
const COLUMN_LIST = COLUMNS.map(([c]) => `"${c}"`).join(", ");
// $1 is the tenant; $2 the ids, then one array per column. An array of arrays cannot be
// ragged, so each row's tags arrive as an array literal (arrayLiteral) and are cast per row.
const UNNEST = `unnest($2::text[], ${COLUMNS.map(([, t], i) => `$${i + 3}::${t === "text[]" ? "text" : t}[]`).join(", ")}) AS r(id, ${COLUMN_LIST})`;
const VALUE = (c: string, t: string) => (t === "text[]" ? `r."${c}"::text[]` : `r."${c}"`);
// Timestamps are stored as UTC wall time, as Prisma writes them.
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

// One round trip per batch: the contacts matching any external id, phone (either slot) or
// e-mail, whole, each row tagged with what matched. Through contact_import_matches (migration
// 20261203010000_contact_search_perf), planned generically: a business being imported into has
// no planner statistics, and a query naming it read its whole name index on every lookup.
const MATCH_SQL = `SELECT * FROM contact_import_matches($1, $2::text[], $3::text[], $4::text[])`;
const INSERT_SQL = `
  INSERT INTO "Contact" (id, "tenantId", ${COLUMN_LIST}, "createdAt", "updatedAt")
  SELECT r.id, $1, ${COLUMNS.map(([c, t]) => VALUE(c, t)).join(", ")}, ${NOW_UTC}, ${NOW_UTC}
  FROM ${UNNEST}`;
const UPDATE_SQL = `
  UPDATE "Contact" c SET ${COLUMNS.map(([c, t]) => `"${c}" = ${VALUE(c, t)}`).join(", ")}, "updatedAt" = ${NOW_UTC}
  FROM ${UNNEST}
  WHERE c.id = r.id AND c."tenantId" = $1`;

/** A PostgreSQL array literal of strings: {"a","b \"c\""}. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}

/** The parameters of INSERT_SQL / UPDATE_SQL after the tenant: ids, then one array per column. */
function columnArrays(rows: readonly (ContactRow & { id: string })[]): unknown[] {
  return [
    rows.map((r) => r.id),
    ...COLUMNS.map(([c, t]) =>
      rows.map((r) => {
        const v = r[c];
        if (t === "text[]") return arrayLiteral((v as string[] | null) ?? []);
        // As UTC wall time: pg would send a Date in the process's zone.
        if (v instanceof Date) return v.toISOString();
        return v ?? null;
      }),
    ),
  ];
}
const LINK_SQL = `
  INSERT INTO "ContactExternalId" (id, "tenantId", "contactId", source, "externalId")
  SELECT l.id, $1, l."contactId", $2, l."externalId"
  FROM unnest($3::text[], $4::text[], $5::text[]) AS l(id, "contactId", "externalId")
  ON CONFLICT ("tenantId", source, "externalId") DO NOTHING`;
// Statistics that count far fewer contacts than this import has written would let the next
// batch's lookups be planned as if the table were empty (a quadratic plan): refreshed then
// (migration 20261203190000_contact_import_stats).
const STATS_SQL = `SELECT contact_import_refresh_stats($1::bigint) AS counted`;

// "timestamp without time zone" columns hold UTC wall time (as Prisma writes them): read them
// as UTC whatever the process's zone, so a contact written back keeps its consent time.
const UTC_TIMESTAMPS: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP ? (v: string) => new Date(`${v.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * The import's statements, run on its one connection in the order they were asked for, each
 * sent as soon as the one before it is done. Writes are queued without waiting for them, so
 * the next batch's lookup can be asked for while this batch's rows are still going in (it runs
 * after them and sees them) and the database is not left idle while the file is read. The
 * first failure fails every statement after it and is what `drain` throws.
 */
class StatementQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(private readonly client: pg.ClientBase) {}

  run<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    const result = this.tail.then(async () => {
      if (this.failure) throw this.failure.error;
      return (await this.client.query<R>({ text, values, types: UTC_TIMESTAMPS })).rows;
    });
    this.tail = result.catch((error) => {
      this.failure ??= { error };
    });
    return result;
  }

  /** Queued and not awaited: a failure surfaces through the next `run` or `drain`. */
  send(text: string, values: unknown[]): void {
    this.run(text, values).catch(() => {});
  }

  /** Nothing queued from now on is sent (the import failed outside the database). */
  abort(error: unknown): void {
    this.failure ??= { error };
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }
}

let lastIdMs = 0;
let idSequence = 0;
let randomPool = Buffer.alloc(0);
let randomAt = 0;

/**
 * A UUID version 7 (RFC 9562): milliseconds first, then a counter, then random bits. Rows an
 * import creates get ids in ascending order, so the primary key and the (tenantId, createdAt,
 * id) / (tenantId, updatedAt, id) indexes take them at one end instead of all over the index.
 */
export function timeOrderedId(): string {
  // Random bits drawn 16 kB at a time: one randomBytes call per id cost ~0.9 s of a 100,000-row import.
  if (randomAt + 16 > randomPool.length) {
    randomPool = randomBytes(16 * 1024);
    randomAt = 0;
  }
  const bytes = randomPool.subarray(randomAt, (randomAt += 16));
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

interface Writer {
  queue: StatementQueue;
  tenantId: string;
  source: string;
  defaults: TenantDefaults;
  counters: Counters;
  /** Contacts the planner statistics counted when last asked (-1: not asked yet). */
  statsCounted: number;
  /** Names and companies written, for the business's name words (added once, at the end). */
  nameParts: Set<string>;
}

/**
 * Matches a batch against the business's contacts (and the rows earlier batches wrote), then
 * queues its inserts, updates and external-id links. Returns once they are queued.
 */
async function upsertBatch(w: Writer, batch: PreparedRow[]) {
  const { counters } = w;
  const extIds = [...new Set(batch.map((p) => p.externalId).filter((x): x is string => Boolean(x)))];
  const phones = [...new Set(batch.map((p) => p.row.phone).filter((x): x is string => Boolean(x)))];
  const emails = [...new Set(batch.map((p) => p.row.email).filter((x): x is string => Boolean(x)))];
  const found = await w.queue.run<ContactRow & { id: string; kind: number; key: string }>(MATCH_SQL, [w.source, extIds, phones, emails]);
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
      inserts.push({ id, ...newContactRow({ source: "import", ...p.row }, w.defaults) });
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

  const changed = [...changedIds].map((id) => existing.get(id)!);
  for (const r of [...inserts, ...changed]) {
    if (r.givenName) w.nameParts.add(r.givenName);
    if (r.familyName) w.nameParts.add(r.familyName);
    if (r.company) w.nameParts.add(r.company);
  }
  if (inserts.length) w.queue.send(INSERT_SQL, [w.tenantId, ...columnArrays(inserts)]);
  if (changed.length) w.queue.send(UPDATE_SQL, [w.tenantId, ...columnArrays(changed)]);
  if (links.length) w.queue.send(LINK_SQL, [w.tenantId, w.source, links.map((l) => l.id), links.map((l) => l.contactId), links.map((l) => l.externalId)]);
  if (inserts.length && counters.created > w.statsCounted * 10) {
    w.statsCounted = Number.POSITIVE_INFINITY; // asked; the answer sets it
    w.queue.run<{ counted: number }>(STATS_SQL, [counters.created]).then(
      ([r]) => void (w.statsCounted = r?.counted ?? -1),
      () => {},
    );
  }
}

/** The business to import into, and who asked (for the audit trail). */
export interface ImportScope {
  tenantId: string;
  actorId: string | null;
}

/** A 50 MB file takes well under a minute; an import's statements (and the invoice import's transaction) get room to spare. */
export const IMPORT_TIMEOUT_MS = 10 * 60_000;

/**
 * Imports a CSV stream into the business, in one transaction of its own (a crash leaves nothing
 * half-imported); progress is reported through `onProgress`.
 */
export function importContacts(
  scope: ImportScope,
  source: Readable | AsyncIterable<Buffer | string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return withTenantConnection(
    { tenantId: scope.tenantId, userId: scope.actorId },
    async (client) => {
      const queue = new StatementQueue(client);
      try {
        return await importInto(client, queue, scope, source, options);
      } catch (error) {
        // Nothing may run on the connection after the rollback, nor while it happens: what is
        // queued from here on is dropped, what is running is awaited.
        queue.abort(error);
        await queue.drain().catch(() => {});
        throw error;
      }
    },
    { statementTimeoutMs: IMPORT_TIMEOUT_MS },
  );
}

async function importInto(
  client: pg.ClientBase,
  queue: StatementQueue,
  scope: ImportScope,
  source: Readable | AsyncIterable<Buffer | string>,
  options: ImportOptions,
): Promise<ImportResult> {
  // The name-word triggers stand aside for this transaction: the import adds its words once,
  // at its end (migration 20261203220000_contact_import_words).
  // work_mem: GIN indexes merge their pending entries in memory of that size.
  queue.send(`SELECT set_config('app.contact_words', 'deferred', true), set_config('work_mem', '64MB', true)`, []);
  const [defaults] = await queue.run<TenantDefaults>(`SELECT country, timezone FROM "Tenant" WHERE id = $1`, [scope.tenantId]);
  if (!defaults) throw new Error(`business ${scope.tenantId} not found`);
  const counters: Counters = { processedRows: 0, created: 0, updated: 0, skipped: 0, rejectedCount: 0, rejections: [] };
  const writer: Writer = { queue, tenantId: scope.tenantId, source: options.externalSource ?? "csv", defaults, counters, statsCounted: -1, nameParts: new Set() };
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let headers: string[] | null = null;
  let mapping: ColumnMapping = options.mapping ?? {};
  let batch: PreparedRow[] = [];
  // The next batch is read and validated while the database writes this one (the CPU work of
  // the two overlaps; on a small machine that is most of the import). Batches are matched one
  // after another, each after the previous one's rows are in, so a person repeated across
  // batches is matched, never created twice.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const current = batch;
    batch = [];
    // Rows read and rejected up to this batch's end, as if it had been written synchronously.
    const read = { processedRows: counters.processedRows, rejectedCount: counters.rejectedCount };
    await writing;
    writing = (async () => {
      if (current.length) await upsertBatch(writer, current);
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
    // Let the database's replies in: a file already in memory (or read faster than it is
    // validated) never leaves the event loop otherwise, and the batch being written would wait
    // for the next one to be read whole before its next statement was even sent.
    else if (counters.processedRows % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (!headers) {
    await writing;
    throw new ImportFileError("The file is empty.");
  }
  await flush();
  await writing;
  if (writer.nameParts.size) queue.send(`SELECT contact_name_words_add($1::text[])`, [[...writer.nameParts]]);
  await queue.drain();
  await recordAudit(client, {
    tenantId: scope.tenantId,
    actorId: scope.actorId,
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
