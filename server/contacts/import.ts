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
const YIELD_EVERY = 20;

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
  ["timezoneSource", '"ContactTimezoneSource"'],
  ["tags", "text[]"], ["notes", "text"], ["source", "text"], ["consentStatus", '"ConsentStatus"'],
  ["consentSource", "text"], ["consentAt", "timestamp(3)"], ["doNotCall", "boolean"],
];
const COLUMN_LIST = COLUMNS.map(([c]) => `"${c}"`).join(", ");
// The ids, then one array per column, from parameter `first` on. An array of arrays cannot be
// ragged, so each row's tags arrive as an array literal (arrayLiteral) and are cast per row.
const ROWS = (first: number, alias: string) =>
  `unnest($${first}::text[], ${COLUMNS.map(([, t], i) => `$${first + 1 + i}::${t === "text[]" ? "text" : t}[]`).join(", ")}) AS ${alias}(id, ${COLUMN_LIST})`;
const VALUE = (alias: string, c: string, t: string) => (t === "text[]" ? `${alias}."${c}"::text[]` : `${alias}."${c}"`);
// Timestamps are stored as UTC wall time, as Prisma writes them.
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

// One round trip per batch: the contacts matching any external id, phone (either slot) or
// e-mail, whole, each row tagged with what matched. Through contact_import_matches (migration
// 20261203010000_contact_search_perf), planned generically: a business being imported into has
// no planner statistics, and a query naming it read its whole name index on every lookup.
const MATCH_SQL = `SELECT * FROM contact_import_matches($1, $2::text[], $3::text[], $4::text[])`;
// And one for all of a batch's writes: its new contacts, its changed ones and its new external-id
// links, each an empty array when there are none. The database goes from one statement to the
// next without waiting for this process to hear back (it is busy reading the next batch).
// $1 the tenant, $2 the external ids' source, new contacts from $3, changed ones from UPDATED,
// links from LINKS. A link to a contact this statement creates passes its foreign key: the key
// is checked once the whole statement is done.
const PER_ROW = 1 + COLUMNS.length;
const UPDATED = 3 + PER_ROW;
const LINKS = UPDATED + PER_ROW;
const WRITE_SQL = `
  WITH created AS (
    INSERT INTO "Contact" (id, "tenantId", ${COLUMN_LIST}, "createdAt", "updatedAt")
    SELECT r.id, $1, ${COLUMNS.map(([c, t]) => VALUE("r", c, t)).join(", ")}, ${NOW_UTC}, ${NOW_UTC}
    FROM ${ROWS(3, "r")}
    RETURNING 1
  ), changed AS (
    -- contact_import_matches does not return timezoneSource: a stored contact keeps its own
    -- unless the import set one (a zone the file names).
    UPDATE "Contact" c SET ${COLUMNS.map(([c, t]) => `"${c}" = ${c === "timezoneSource" ? `coalesce(u."${c}", c."${c}")` : VALUE("u", c, t)}`).join(", ")}, "updatedAt" = ${NOW_UTC}
    FROM ${ROWS(UPDATED, "u")}
    WHERE c.id = u.id AND c."tenantId" = $1
    RETURNING 1
  ), linked AS (
    INSERT INTO "ContactExternalId" (id, "tenantId", "contactId", source, "externalId")
    SELECT l.id, $1, l."contactId", $2, l."externalId"
    FROM unnest($${LINKS}::text[], $${LINKS + 1}::text[], $${LINKS + 2}::text[]) AS l(id, "contactId", "externalId")
    ON CONFLICT ("tenantId", source, "externalId") DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM changed) AS changed`;

/** A PostgreSQL array literal: {"a",NULL,"b \"c\""}. */
function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/[\\"]/g, "\\$&")}"`)).join(",")}}`;
}

/**
 * One set of rows of WRITE_SQL: their ids, then one array per column,
 * each already written as an array literal. pg would otherwise encode the arrays when the
 * statement is sent, that is while the database waits for it (~15 ms a batch); written here,
 * that work overlaps the statements still running.
 */
function columnArrays(rows: readonly (ContactRow & { id: string })[]): string[] {
  return [
    arrayLiteral(rows.map((r) => r.id)),
    ...COLUMNS.map(([c, t]) =>
      arrayLiteral(
        rows.map((r) => {
          const v = r[c];
          if (v === null || v === undefined) return t === "text[]" ? "{}" : null;
          if (t === "text[]") return arrayLiteral(v as string[]);
          // As UTC wall time: pg would send a Date in the process's zone.
          if (v instanceof Date) return v.toISOString();
          if (typeof v === "boolean") return v ? "t" : "f";
          return String(v);
        }),
      ),
    ),
  ];
}
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
 * The import's statements, run on its one connection in the order they were asked for. Writes
 * are queued without waiting for them, so the next batch's lookup can be asked for while this
 * batch's rows are still going in (it runs after them and sees them). Each statement is sent
 * the moment the one before it is done, before whoever waits for that one's answer runs: a
 * batch's lookup answer sets off ~30 ms of deciding rows, and the database would otherwise wait
 * that long for the statement already queued behind it. The first failure fails every statement
 * after it (none of them is sent) and is what `drain` throws.
 */
class StatementQueue {
  private readonly waiting: { text: string; values: unknown[]; settle: (rows: pg.QueryResultRow[] | null, error?: unknown) => void }[] = [];
  private running = false;
  private readonly drained: (() => void)[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly client: pg.ClientBase) {}

  run<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.waiting.push({ text, values, settle: (rows, error) => (rows ? resolve(rows as R[]) : reject(error)) });
      if (!this.running) this.next();
    });
  }

  private next(): void {
    let item = this.waiting.shift();
    while (item && this.failure) {
      item.settle(null, this.failure.error);
      item = this.waiting.shift();
    }
    this.running = Boolean(item);
    if (!item) {
      for (const done of this.drained.splice(0)) done();
      return;
    }
    const { settle } = item;
    this.client.query({ text: item.text, values: item.values, types: UTC_TIMESTAMPS }).then(
      (result) => {
        this.next();
        settle(result.rows);
      },
      (error: unknown) => {
        this.failure ??= { error };
        this.next();
        settle(null, error);
      },
    );
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
    if (this.running) await new Promise<void>((resolve) => this.drained.push(resolve));
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
    if (["tags", "phone", "altPhone", "phoneExtension", "timezone", "timezoneSource", "source", "consentStatus", "consentSource", "consentAt"].includes(key)) continue;
    set(key, value);
  }
  if (row.tags) set("tags", normaliseTags([...target.tags, ...row.tags]));
  // A zone the file names is a fact; one derived from a number is not applied to a stored contact.
  if (p.explicitZone && row.timezone && row.timezone !== target.timezone) {
    set("timezone", row.timezone);
    set("timezoneSource", "explicit");
  }
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
  /** Names and companies written so far: each batch adds the words of those new to the import. */
  nameParts: Set<string>;
  /** The contacts the previous batch created or changed, as it left them: its rows may not be in yet when this batch's lookup runs. */
  previous: Map<string, StoredRow>;
  /** The external ids the previous batch linked, and to which contact. */
  previousLinks: Map<string, string>;
}

type StoredRow = ContactRow & { id: string };
type MatchRow = StoredRow & { kind: number; key: string };

/** Lookup kinds of contact_import_matches: 0 external id, 1 phone, 2 alternate phone, 3 e-mail. */
function stillHolds(contact: StoredRow, kind: number, key: string): boolean {
  if (kind === 0) return true; // external ids are never taken away
  if (kind === 3) return contact.email === key;
  return contact.phone === key || contact.altPhone === key;
}

/** Queues the lookup of the contacts a batch may match: by external id, phone (either slot) or e-mail. */
function lookUpBatch(w: Writer, batch: PreparedRow[]): Promise<MatchRow[]> {
  const extIds = [...new Set(batch.map((p) => p.externalId).filter((x): x is string => Boolean(x)))];
  const phones = [...new Set(batch.map((p) => p.row.phone).filter((x): x is string => Boolean(x)))];
  const emails = [...new Set(batch.map((p) => p.row.email).filter((x): x is string => Boolean(x)))];
  return w.queue.run<MatchRow>(MATCH_SQL, [w.source, extIds, phones, emails]);
}

/**
 * Decides, for each row of a batch, whether it creates, updates or repeats a contact, and queues
 * the inserts, updates and external-id links. `found` is the batch's lookup; it saw every batch
 * written before the previous one, and maybe not the previous one, whose contacts (`w.previous`)
 * are laid over it as that batch left them.
 */
function writeBatch(w: Writer, batch: PreparedRow[], found: MatchRow[]) {
  const { counters } = w;
  const ext = new Map<string, string>();
  const phone = new Map<string, string>();
  const email = new Map<string, string>();
  const existing = new Map<string, StoredRow>();
  for (const { kind, key, ...r } of found) {
    const latest = w.previous.get(r.id) ?? r;
    // The previous batch may have moved this number or address off the contact.
    if (!stillHolds(latest, kind, key)) continue;
    const m = kind === 0 ? ext : kind === 3 ? email : phone;
    if (!m.has(key)) m.set(key, r.id);
    if (!existing.has(r.id)) existing.set(r.id, latest);
  }
  // What the previous batch wrote, whether or not the lookup saw it.
  for (const contact of w.previous.values()) {
    if (!existing.has(contact.id)) existing.set(contact.id, contact);
    if (contact.phone && !phone.has(contact.phone)) phone.set(contact.phone, contact.id);
    if (contact.altPhone && !phone.has(contact.altPhone)) phone.set(contact.altPhone, contact.id);
    if (contact.email && !email.has(contact.email)) email.set(contact.email, contact.id);
  }
  for (const [externalId, contactId] of w.previousLinks) if (!ext.has(externalId)) ext.set(externalId, contactId);
  const linked = new Set(ext.keys());
  const matchOf = (p: PreparedRow) =>
    (p.externalId && ext.get(p.externalId)) || (p.row.phone && phone.get(p.row.phone)) || (p.row.email && email.get(p.row.email)) || null;

  const inserts: StoredRow[] = [];
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
  w.previous = new Map([...inserts, ...changed].map((r) => [r.id, r]));
  w.previousLinks = new Map(links.map((l) => [l.externalId, l.contactId]));
  // Names and companies this import has not written before, for the business's name words.
  const newParts: string[] = [];
  for (const r of [...inserts, ...changed]) {
    for (const part of [r.givenName, r.familyName, r.company]) {
      if (part && !w.nameParts.has(part)) {
        w.nameParts.add(part);
        newParts.push(part);
      }
    }
  }
  if (inserts.length || changed.length || links.length) {
    w.queue.send(WRITE_SQL, [
      w.tenantId,
      w.source,
      ...columnArrays(inserts),
      ...columnArrays(changed),
      arrayLiteral(links.map((l) => l.id)),
      arrayLiteral(links.map((l) => l.contactId)),
      arrayLiteral(links.map((l) => l.externalId)),
    ]);
  }
  if (newParts.length) w.queue.send(`SELECT contact_name_words_add($1::text[])`, [newParts]);
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
  // The name-word triggers stand aside for this transaction: each batch adds the words of the
  // names and companies new to the import (migration 20261203220000_contact_import_words), not
  // those of every row it writes.
  // work_mem: GIN indexes merge their pending entries in memory of that size.
  queue.send(`SELECT set_config('app.contact_words', 'deferred', true), set_config('work_mem', '64MB', true)`, []);
  const [defaults] = await queue.run<TenantDefaults>(`SELECT country, timezone FROM "Tenant" WHERE id = $1`, [scope.tenantId]);
  if (!defaults) throw new Error(`business ${scope.tenantId} not found`);
  const counters: Counters = { processedRows: 0, created: 0, updated: 0, skipped: 0, rejectedCount: 0, rejections: [] };
  const writer: Writer = {
    queue,
    tenantId: scope.tenantId,
    source: options.externalSource ?? "csv",
    defaults,
    counters,
    statsCounted: -1,
    nameParts: new Set(),
    previous: new Map(),
    previousLinks: new Map(),
  };
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let headers: string[] | null = null;
  let mapping: ColumnMapping = options.mapping ?? {};
  let batch: PreparedRow[] = [];
  // The next batch is read and validated while the database writes this one (the CPU work of
  // the two overlaps; on a small machine that is most of the import). A batch's lookup is sent
  // as soon as it is read, once the rows of the batch before the previous one are queued (so
  // it sees them); its rows are decided when the previous batch's are, in file order, with the
  // previous batch's contacts laid over the lookup (writeBatch). The database never waits for
  // a batch to be decided, and a person repeated across batches is matched, never created twice.
  const resolved: Promise<void> = Promise.resolve();
  let written: [beforeLast: Promise<void>, last: Promise<void>] = [resolved, resolved];
  const flush = async () => {
    const current = batch;
    batch = [];
    // Rows read and rejected up to this batch's end, as if it had been written synchronously.
    const read = { processedRows: counters.processedRows, rejectedCount: counters.rejectedCount };
    await written[0];
    const found = current.length ? lookUpBatch(writer, current) : Promise.resolve([]);
    found.catch(() => {}); // surfaces through `done`
    const done = written[1].then(async () => {
      const rows = await found;
      if (current.length) writeBatch(writer, current, rows);
      const { rejections: _r, ...progress } = counters;
      await options.onProgress?.({ ...progress, ...read });
    });
    // Awaited by a later flush or at the end; until then a failure must not count as unhandled.
    done.catch(() => {});
    written = [written[1], done];
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
    await written[1];
    throw new ImportFileError("The file is empty.");
  }
  await flush();
  await written[1];
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
