// CSV in and out. Reading streams through csv-parse (files up to 50 MB never sit in memory
// whole) after sniffing the delimiter: spreadsheets in much of Europe export `;`, others tabs.
import { parse } from "csv-parse";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type Delimiter = "," | ";" | "\t";

/** The delimiter that occurs most often outside quotes in the first non-blank line ("," if none). */
export function detectDelimiter(sample: string): Delimiter {
  const line = sample.replace(/^\uFEFF/, "").split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as Delimiter] += 1;
  }
  let best: Delimiter = ",";
  for (const d of [";", "\t"] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

export interface CsvRecord {
  /** 1-based line of the file where the record starts (what a person sees in an editor). */
  line: number;
  fields: string[];
}

/** How much of the file we look at to guess the delimiter. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Reads CSV records from a byte stream. Handles a UTF-8 BOM, `,` `;` and tab delimiters,
 * quoted fields with newlines and doubled quotes, ragged rows, and skips blank lines
 * (including lines of bare delimiters).
 */
export async function* readCsv(source: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    size += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  const first = Buffer.concat(head);
  const parser = parse({
    delimiter: detectDelimiter(first.subarray(0, SNIFF_BYTES).toString("utf8")),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    info: true,
    raw: true,
  });
  async function* rest() {
    yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    }
  }
  // pipeline: back-pressure, and a failing source fails the loop below instead of hanging it.
  const piped = pipeline(Readable.from(rest()), parser);
  // A consumer that stops early (a refused file) aborts the pipeline; that is not an error.
  piped.catch(() => {});
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    // csv-parse reports the line a record ends on; a quoted field with newlines started earlier.
    // Its raw text also carries the blank lines skipped before it.
    const inner = (item.raw.replace(/^(?:[ \t]*\r?\n)+/, "").replace(/\r?\n$/, "").match(/\n/g) ?? []).length;
    yield { line: item.info.lines - inner, fields: item.record.map((f) => f.trim()) };
  }
  await piped;
}

/** One CSV line, quoting fields that need it (RFC 4180), with CRLF as spreadsheets expect. */
export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return (
    fields
      .map((value) => {
        const s = value === null || value === undefined ? "" : String(value);
        // A leading = + - @ makes spreadsheets run the cell as a formula (CSV injection).
        const safe = /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d/.test(s) ? `'${s}` : s;
        return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      })
      .join(",") + "\r\n"
  );
}
