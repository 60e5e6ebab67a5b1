// Do-not-call CSV import through the shared import screens (app/components/csv-import): a preview
// of the first rows with the column mapping, then the whole file, streamed. Each line is either
// added, a duplicate (already on the list, or earlier in the same file) or rejected with its line
// number and reason. Pending calls to imported numbers are blocked at once, like a manual add.
import { Readable } from "node:stream";
import { z } from "zod";
import type { Tx } from "../db";
import { recordAudit } from "../audit/log";
import { headerLookup, suggestColumns } from "../contacts/column-mapping";
import { readCsv, type CsvRecord } from "../contacts/csv";
import { parsePhone } from "../contacts/phone";
import { OutboundError } from "./errors";

export interface DncImportContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export const DNC_IMPORT_FIELDS = ["phone", "reason"] as const;
export type DncImportField = (typeof DNC_IMPORT_FIELDS)[number];
export const dncMappingSchema = z.record(z.string().regex(/^\d+$/), z.enum(DNC_IMPORT_FIELDS));
export type DncMapping = z.infer<typeof dncMappingSchema>;

const LOOKUP = headerLookup<DncImportField>({
  phone: ["phone", "phone number", "number", "mobile", "mobile number", "cell", "telephone", "tel", "msisdn", "e164"],
  reason: ["reason", "note", "notes", "comment", "comments", "why"],
});

/** The largest number of lines one import takes (a national DNC extract belongs elsewhere). */
export const MAX_DNC_IMPORT_ROWS = 200_000;
const BATCH = 1_000;
const SHOWN_REJECTIONS = 1_000;

export interface DncImportOutcome {
  processedRows: number;
  created: number;
  updated: number;
  /** Duplicates: already on the list, or repeated in the file. */
  skipped: number;
  rejectedCount: number;
  headers: string[];
  rejections: { line: number; reason: string; raw: string[] }[];
}

/**
 * A file may have no header row (a bare column of numbers): when the first row's cells include a
 * phone number, it is data and the columns are named "Column 1", "Column 2"...
 */
function headerOf(first: CsvRecord, country: string): { headers: string[]; firstIsData: boolean } {
  const looksLikeData = first.fields.some((cell) => /\d{6,}/.test(cell.replace(/\D/g, "")) && parsePhone(cell, country).ok);
  if (!looksLikeData) return { headers: first.fields, firstIsData: false };
  return { headers: first.fields.map((_, i) => `Column ${i + 1}`), firstIsData: true };
}

function suggestMapping(headers: string[], firstIsData: boolean): DncMapping {
  if (firstIsData) return { "0": "phone" };
  const mapping = suggestColumns(headers, LOOKUP);
  return Object.values(mapping).includes("phone") ? mapping : { ...mapping, ...(headers.length === 1 ? { "0": "phone" } : {}) };
}

function prepare(record: CsvRecord, mapping: DncMapping, country: string): { ok: true; phone: string; reason: string } | { ok: false; column: number | null; reason: string } {
  const entries = Object.entries(mapping);
  const phoneCol = entries.find(([, f]) => f === "phone")?.[0];
  const reasonCol = entries.find(([, f]) => f === "reason")?.[0];
  if (phoneCol === undefined) return { ok: false, column: null, reason: "phone: no column is mapped to the phone number" };
  const raw = (record.fields[Number(phoneCol)] ?? "").trim();
  if (!raw) return { ok: false, column: Number(phoneCol), reason: "phone: empty" };
  const parsed = parsePhone(raw, country);
  if (!parsed.ok) return { ok: false, column: Number(phoneCol), reason: `phone: ${parsed.reason}` };
  const reason = reasonCol === undefined ? "" : (record.fields[Number(reasonCol)] ?? "").trim().slice(0, 500);
  return { ok: true, phone: parsed.phone.e164, reason };
}

async function businessCountry(ctx: DncImportContext) {
  return (await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true } })).country;
}

export const dncImportPreviewInput = z.object({
  sample: z.string().max(256 * 1024),
  truncated: z.boolean().default(false),
  mapping: dncMappingSchema.optional(),
  rows: z.number().int().min(1).max(50).default(10),
});

export async function previewDncImport(ctx: DncImportContext, raw: z.input<typeof dncImportPreviewInput>) {
  const input = dncImportPreviewInput.parse(raw);
  const country = await businessCountry(ctx);
  const records: CsvRecord[] = [];
  let cutShort = input.truncated;
  try {
    for await (const record of readCsv(Readable.from([input.sample]))) {
      records.push(record);
      if (records.length > input.rows + 1) break;
    }
  } catch {
    if (!input.truncated) throw new OutboundError("INVALID", "The file could not be read as CSV.");
    cutShort = false;
  }
  if (cutShort && records.length <= input.rows + 1) records.pop();
  const first = records[0];
  if (!first) throw new OutboundError("INVALID", "The file is empty.");
  const { headers, firstIsData } = headerOf(first, country);
  const data = firstIsData ? records : records.slice(1);
  const mapping = input.mapping ?? suggestMapping(headers, firstIsData);
  const mapped = new Set(Object.values(mapping));
  return {
    headers,
    mapping: mapping as Record<string, string>,
    missing: mapped.has("phone") ? [] : ["phone"],
    rows: data.slice(0, input.rows).map((record) => {
      const p = prepare(record, mapping, country);
      return { line: record.line, cells: record.fields, problem: p.ok ? null : { column: p.column, message: p.reason } };
    }),
  };
}

/** Imports a CSV stream (header row optional) in the caller's transaction. */
export async function importDncCsv(ctx: DncImportContext, source: Readable | AsyncIterable<Buffer | string>, opts: { mapping?: DncMapping } = {}): Promise<DncImportOutcome> {
  const country = await businessCountry(ctx);
  const out: DncImportOutcome = { processedRows: 0, created: 0, updated: 0, skipped: 0, rejectedCount: 0, headers: [], rejections: [] };
  const seen = new Set<string>();
  let mapping: DncMapping | undefined = opts.mapping;
  let batch: { phone: string; reason: string }[] = [];
  const reject = (record: CsvRecord, reason: string) => {
    out.rejectedCount += 1;
    if (out.rejections.length < SHOWN_REJECTIONS) out.rejections.push({ line: record.line, reason, raw: record.fields });
  };
  const flush = async () => {
    if (!batch.length) return;
    const phones = batch.map((b) => b.phone);
    const created = await ctx.db.doNotCallEntry.createMany({
      data: batch.map((b) => ({ tenantId: ctx.tenantId, phone: b.phone, reason: b.reason, source: "import" as const, createdById: ctx.actorId })),
      skipDuplicates: true,
    });
    out.created += created.count;
    out.skipped += batch.length - created.count;
    // Honoured at once: nothing still waiting to be dialled may ring these numbers.
    await ctx.db.callTask.updateMany({
      where: { tenantId: ctx.tenantId, phone: { in: phones }, state: { in: ["pending", "waiting"] } },
      data: { state: "blocked", reasonCode: "dnc_list", reason: "The number is on the do-not-call list" },
    });
    batch = [];
  };

  let first = true;
  for await (const record of readCsv(source)) {
    if (first) {
      first = false;
      const { headers, firstIsData } = headerOf(record, country);
      out.headers = headers;
      mapping ??= suggestMapping(headers, firstIsData);
      if (!firstIsData) continue;
    }
    out.processedRows += 1;
    if (out.processedRows > MAX_DNC_IMPORT_ROWS) throw new OutboundError("INVALID", `The file has more than ${MAX_DNC_IMPORT_ROWS.toLocaleString("en-US")} lines. Split it and import each part.`);
    const p = prepare(record, mapping!, country);
    if (!p.ok) {
      reject(record, p.reason);
      continue;
    }
    if (seen.has(p.phone)) {
      out.skipped += 1;
      continue;
    }
    seen.add(p.phone);
    batch.push({ phone: p.phone, reason: p.reason });
    if (batch.length >= BATCH) await flush();
  }
  if (first) throw new OutboundError("INVALID", "The file is empty.");
  await flush();
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "dnc.imported",
    targetType: "do_not_call",
    targetId: undefined,
    meta: { processed: out.processedRows, added: out.created, duplicates: out.skipped, rejected: out.rejectedCount },
  });
  return out;
}
