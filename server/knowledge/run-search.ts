// The knowledge search, as the phone agent runs it and as the "try a question" box shows it: the
// statement of search.ts on a plain pg connection. Kept apart from search.ts, which the
// knowledge page's browser bundle imports (snippetParts): server/db must not reach the browser.
import { readAsTenant } from "../db";
import { searchKnowledgeInput, SEARCH_SQL, toHit, type KnowledgeHit, type Row } from "./search";

const STATEMENT = { name: "knowledge_search", text: SEARCH_SQL, types: ["text", "int", "int"] };

/**
 * The same search in a tenant transaction of its own on a plain pg connection, as a statement
 * prepared once per connection, in one round trip (readAsTenant). The phone agent calls this
 * while a caller waits, and the page's procedure (memberProcedure, no transaction of its own)
 * to show the same answers: Prisma's transaction and query round trips cost ~1.3-2.4 ms at the
 * median and ~5-6 ms at p95 on their own (docs/performance.md, knowledge search). `snippets`:
 * how many of the best hits get a highlighted snippet (all by default; the others get the
 * passage's start).
 */
export async function searchKnowledge(
  tenantId: string,
  query: string,
  options: { limit?: number; snippets?: number } = {},
): Promise<KnowledgeHit[]> {
  const input = searchKnowledgeInput.parse({ query, limit: options.limit });
  const rows = await readAsTenant<Row>({ tenantId }, STATEMENT, [input.query, input.limit, options.snippets ?? input.limit]);
  return rows.map(toHit);
}
