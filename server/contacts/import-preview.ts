// The contact import's mapping screen: the first rows of the file, checked with the import's own
// rules (prepareRow), each refusal pointed at the column it comes from. Matching existing
// contacts happens only in the import itself.
import { Readable } from "node:stream";
import { z } from "zod";
import { columnMappingSchema, suggestMapping, type ColumnMapping } from "./column-mapping";
import { ContactError, tenantDefaults, type ContactContext } from "./contacts";
import { readCsv } from "./csv";
import { prepareRow } from "./import";

export const contactImportPreviewInput = z.object({
  /** The start of the file, read by the browser (the whole file is uploaded only to import it). */
  sample: z.string().max(256 * 1024),
  /** The sample stops before the end of the file, so its last record may be cut short. */
  truncated: z.boolean().default(false),
  /** Absent: guessed from the header row. */
  mapping: columnMappingSchema.optional(),
  rows: z.number().int().min(1).max(50).default(10),
});

export interface ContactImportPreview {
  headers: string[];
  mapping: ColumnMapping;
  /** Contacts have no single required column (a row needs a name, company, phone or e-mail). */
  missing: never[];
  rows: { line: number; cells: string[]; problem: { column: number | null; message: string } | null }[];
}

export async function previewContactImport(
  ctx: ContactContext,
  rawInput: z.input<typeof contactImportPreviewInput>,
): Promise<ContactImportPreview> {
  const input = contactImportPreviewInput.parse(rawInput);
  const defaults = await tenantDefaults(ctx);
  const records: { line: number; fields: string[] }[] = [];
  let cutShort = input.truncated;
  try {
    for await (const record of readCsv(Readable.from([input.sample]))) {
      records.push(record);
      if (records.length > input.rows + 1) break;
    }
  } catch {
    // A sample cut inside a quoted field fails to parse at its end; what came before stands.
    if (!input.truncated) throw new ContactError("INVALID", "The file could not be read as CSV.");
    cutShort = false;
  }
  // A cut-off sample ends inside a record: never judge that one.
  if (cutShort && records.length <= input.rows + 1) records.pop();
  const [header, ...data] = records;
  if (!header) throw new ContactError("INVALID", "The file is empty.");
  const mapping = input.mapping ?? suggestMapping(header.fields);
  const columnOf = new Map(Object.entries(mapping).map(([index, field]) => [field as string, Number(index)]));
  return {
    headers: header.fields,
    mapping,
    missing: [],
    rows: data.slice(0, input.rows).map((record) => {
      const prepared = prepareRow(record, mapping, defaults);
      if (prepared.ok) return { line: record.line, cells: record.fields, problem: null };
      // Reasons read "field: what is wrong" (see prepareRow); a full name feeds the name fields.
      const field = prepared.reason.split(":")[0]!;
      const column = columnOf.get(field) ?? (field === "givenName" || field === "familyName" ? columnOf.get("fullName") : undefined);
      return { line: record.line, cells: record.fields, problem: { column: column ?? null, message: prepared.reason } };
    }),
  };
}
