// CSV export of the contacts a filter selects, streamed page by page (keyset pagination), so
// exporting a million contacts never holds more than one page in memory.
import { Readable } from "node:stream";
import type { ContactContext } from "./contacts";
import { csvLine } from "./csv";
import { pageOfContacts, type ContactFilter, type ContactSummary } from "./search";

const EXPORT_PAGE = 1_000;

const COLUMNS: [string, (c: ContactSummary) => string | boolean | null][] = [
  ["id", (c) => c.id],
  ["first name", (c) => c.givenName],
  ["last name", (c) => c.familyName],
  ["company", (c) => c.company],
  ["title", (c) => c.title],
  ["phone", (c) => c.phone],
  ["alternate phone", (c) => c.altPhone],
  ["email", (c) => c.email],
  ["tags", (c) => c.tags.join(", ")],
  ["source", (c) => c.source],
  ["do not call", (c) => (c.doNotCall ? "yes" : "no")],
  ["timezone", (c) => c.timezone],
  ["created", (c) => c.createdAt.toISOString()],
];

/**
 * The CSV lines (header first) of every contact matching `filter`. The header names are ones
 * the importer recognises, so an export can be edited and imported back.
 */
export async function* exportContactsCsv(ctx: ContactContext, filter: ContactFilter): AsyncGenerator<string> {
  yield "\uFEFF" + csvLine(COLUMNS.map(([name]) => name));
  let cursor: string | undefined;
  do {
    const page = await pageOfContacts(ctx, { ...filter, sort: "name", dir: "asc", cursor, limit: EXPORT_PAGE });
    let chunk = "";
    for (const contact of page.items) chunk += csvLine(COLUMNS.map(([, value]) => value(contact)));
    if (chunk) yield chunk;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The same as a Node stream, for an HTTP response body. */
export function exportContactsStream(ctx: ContactContext, filter: ContactFilter): Readable {
  return Readable.from(exportContactsCsv(ctx, filter));
}
