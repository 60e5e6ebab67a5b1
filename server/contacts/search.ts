// Finding contacts: ranked search across name, company, phone and e-mail, and the list page's
// filtered, sorted, keyset-paginated query. Raw SQL because the generated search columns
// ("searchName", "searchFamilyFirst", "searchCompany", "phoneSearch"; migration
// 20261122010000_contacts) and row-value keyset comparisons are beyond Prisma's query builder.
import { z } from "zod";
import { Prisma } from "../db";
import type { ContactContext } from "./contacts";
import { parsePhone, phoneDigits } from "./phone";

export interface ContactSummary {
  id: string;
  givenName: string;
  familyName: string;
  company: string;
  title: string;
  phone: string | null;
  altPhone: string | null;
  email: string | null;
  tags: string[];
  source: string;
  doNotCall: boolean;
  timezone: string;
  createdAt: Date;
  updatedAt: Date;
}

const SUMMARY_COLUMNS = Prisma.sql`c.id, c."givenName", c."familyName", c.company, c.title, c.phone, c."altPhone",
  c.email, c.tags, c.source, c."doNotCall", c.timezone, c."createdAt", c."updatedAt"`;

export const contactFilterSchema = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
  doNotCall: z.boolean().optional(),
  source: z.string().trim().min(1).max(40).optional(),
  /** true: has a non-cancelled appointment starting now or later; false: has none. */
  hasUpcomingAppointment: z.boolean().optional(),
  /**
   * true: owes money on an overdue invoice (open, overdue or partially paid, an amount still due,
   * and due before today in the business's timezone); false: owes none.
   */
  hasOverdueBalance: z.boolean().optional(),
});
export type ContactFilter = z.infer<typeof contactFilterSchema>;

export const listContactsInput = contactFilterSchema.extend({
  sort: z.enum(["name", "createdAt", "updatedAt"]).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListContactsInput = z.input<typeof listContactsInput>;

export interface ContactPage {
  items: ContactSummary[];
  /** Pass back as `cursor` for the next page; null on the last page (and for searches, which return the best matches only). */
  nextCursor: string | null;
}

export interface SearchHit extends ContactSummary {
  /** 0..1, higher is better: 1 for an exact phone/e-mail or a name that starts with the query. */
  score: number;
}

/** How many matches a search returns: the list shows the best ones; refine the query for more. */
export const SEARCH_LIMIT = 50;

// Typos cost trigrams fast in short words ("jon" vs "john" shares half), so the per-word
// threshold sits below pg_trgm's default 0.6; 0.5 still keeps unrelated names out.
const WORD_SIMILARITY_THRESHOLD = 0.5;

type QueryKind = { kind: "phone"; digits: string; e164: string | null } | { kind: "email"; q: string } | { kind: "name"; q: string; words: string[] };

/** Decides what the user typed: a phone number in any format, an e-mail, or words. */
export function classifyQuery(q: string, defaultCountry: string): QueryKind {
  const trimmed = q.trim().toLowerCase();
  const digits = phoneDigits(trimmed);
  if (/^[\d\s()+\-./]+$/.test(trimmed) && digits.length >= 3) {
    const parsed = digits.length >= 7 ? parsePhone(trimmed, defaultCountry) : null;
    return { kind: "phone", digits, e164: parsed?.ok ? parsed.phone.e164 : null };
  }
  if (trimmed.includes("@")) return { kind: "email", q: trimmed };
  const words = trimmed.split(/\s+/).filter(Boolean).slice(0, 5);
  return { kind: "name", q: words.join(" "), words };
}

function filterSql(ctx: ContactContext, f: ContactFilter): Prisma.Sql {
  const parts = [Prisma.sql`c."tenantId" = ${ctx.tenantId}`];
  if (f.tag) parts.push(Prisma.sql`c.tags @> ARRAY[${f.tag}]::text[]`);
  if (f.doNotCall !== undefined) parts.push(Prisma.sql`c."doNotCall" = ${f.doNotCall}`);
  if (f.source) parts.push(Prisma.sql`c.source = ${f.source}`);
  // Both read facts kept on the contact by triggers (migration 20261203130000_crm_perf) that stay
  // true as time passes: the start of its latest non-cancelled appointment, and the earliest due
  // date of what it still owes. Plain comparisons (leakproof, so they may use an index under
  // row-level security); together they read the (tenantId, oldestUnpaidDueDate,
  // latestAppointmentAt) index instead of probing appointments and invoices per contact.
  if (f.hasOverdueBalance !== undefined) {
    // Today in the business's calendar, as the invoice pages count overdue (server/invoices/status.ts).
    const today = Prisma.sql`(now() AT TIME ZONE (SELECT t.timezone FROM "Tenant" t WHERE t.id = ${ctx.tenantId}))::date`;
    parts.push(
      f.hasOverdueBalance
        ? Prisma.sql`c."oldestUnpaidDueDate" < ${today}`
        : Prisma.sql`(c."oldestUnpaidDueDate" IS NULL OR c."oldestUnpaidDueDate" >= ${today})`,
    );
  }
  if (f.hasUpcomingAppointment !== undefined) {
    parts.push(
      f.hasUpcomingAppointment
        ? Prisma.sql`c."latestAppointmentAt" >= now()`
        : Prisma.sql`(c."latestAppointmentAt" IS NULL OR c."latestAppointmentAt" < now())`,
    );
  }
  return Prisma.join(parts, " AND ");
}

/** Fuzzy matching ranks at most this many candidates, so a common word costs what a rare one does. */
const FUZZY_CANDIDATES = 1_000;

// The highest code point: in "C" order every string that starts with p sorts below p + this.
const AFTER_PREFIX = "\u{10FFFF}";

/**
 * Where a search looks: the business's contacts that pass the filters. When the filters leave few
 * contacts (a rare tag, overdue VIPs), those are collected first through `contact_filter_page`
 * (see filteredPage) and the search runs over them: otherwise a common prefix ("ma") with rare
 * filters walked every contact starting that way, four times (one walk per name key).
 */
interface Scope {
  /** A WITH clause to put before the statement, or nothing. */
  with: Prisma.Sql;
  /** The relation, always aliased `c`. */
  from: Prisma.Sql;
  where: Prisma.Sql;
}

function wholeScope(ctx: ContactContext, filter: ContactFilter): Scope {
  return { with: Prisma.empty, from: Prisma.sql`"Contact" c`, where: filterSql(ctx, filter) };
}

async function searchScope(ctx: ContactContext, filter: ContactFilter): Promise<Scope> {
  const where = filterSql(ctx, filter);
  const ids = await filteredSet(ctx, filter);
  if (!ids) return wholeScope(ctx, filter);
  // The rows are fetched by id, with the filters tested again on each (the set was read by an
  // earlier statement). `IS TRUE` keeps that test a filter: as index conditions the planner read
  // the filters' GIN entries again (a range of upcoming appointment times: 25 ms at a million
  // contacts) instead of the primary key (1,169 ids: 8 ms). The same holds for every statement
  // that joins the ids of contact_filter_page or contact_filter_search to "Contact".
  return {
    with: Prisma.sql`WITH s AS MATERIALIZED (SELECT * FROM "Contact" c WHERE c.id = ANY(${ids}::text[]) AND (${where}) IS TRUE) `,
    from: Prisma.sql`s c`,
    where: Prisma.sql`TRUE`,
  };
}

/**
 * Contacts whose key starts with `prefix`, for each key one index-ordered page (each stops at
 * `limit` however many match: no tie-break column, which would sort every equal key), in one
 * round trip. A range rather than LIKE: under row-level
 * security only leakproof operators (text < and > are, LIKE is not) may drive an index.
 */
async function prefixScan(ctx: ContactContext, scope: Scope, keys: PrefixKey[], prefix: string, limit: number) {
  const parts = keys.map(
    ({ key, score, extra }, i) => Prisma.sql`(SELECT ${SUMMARY_COLUMNS}, ${score}::float8 AS score, ${i} AS tier FROM ${scope.from}
      WHERE ${scope.where} AND ${extra ?? Prisma.sql`TRUE`} AND ${key} >= ${prefix} AND ${key} < ${prefix + AFTER_PREFIX}
      ORDER BY ${key} LIMIT ${limit})`,
  );
  const rows = await ctx.db.$queryRaw<(SearchHit & { tier: number })[]>`${scope.with}${Prisma.join(parts, " UNION ALL ")}`;
  // UNION ALL keeps each page's order but not the order of the pages.
  return rows.sort((a, b) => a.tier - b.tier).map(({ tier: _tier, ...hit }) => hit);
}

/**
 * prefixScan over the filtered set when it is small (as filteredSet decides), in one statement:
 * contact_filter_search (migration 20261204000000_contact_filter_search) tests the prefix while
 * it collects the set and returns only the matches' ids, whose rows are read here under
 * row-level security with the filters tested again. Fetching the whole set to test the prefix
 * here cost one primary-key probe per contact in it. Null when the set is large.
 */
async function filteredPrefixScan(ctx: ContactContext, filter: ContactFilter, keys: PrefixKey[], prefix: string, limit: number) {
  if (!narrows(filter)) return null;
  const f = filter;
  const rows = await ctx.db.$queryRaw<(SearchHit & { key: number; pos: number })[]>`
    SELECT p.key, p.pos, ${SUMMARY_COLUMNS}
    FROM contact_filter_search(${f.tag ?? null}::text, ${f.doNotCall ?? null}::boolean, ${f.source ?? null}::text,
      ${f.hasUpcomingAppointment ?? null}::boolean, ${f.hasOverdueBalance ?? null}::boolean, ${prefix}::text,
      ${keys.map((k) => NAME_KEYS.indexOf(k))}::int[], ${limit}::int, ${Math.min(filterSetLimits.estimate, filterSetLimits.search)}::int,
      ${filterSetLimits.search}::int) p
    LEFT JOIN "Contact" c ON c.id = p.id AND (${filterSql(ctx, filter)}) IS TRUE
    ORDER BY p.key, p.pos`;
  if (rows.some((r) => r.pos === 0)) return null;
  return rows.filter((r) => r.id !== null).map(({ key, pos: _pos, ...hit }) => ({ ...hit, score: NAME_KEYS[key]!.score }));
}

/**
 * The best `limit`, by `score`, of the (at most FUZZY_CANDIDATES) contacts a trigram lookup
 * returns. The lookups are SQL functions (migration 20261122010000_contacts) because trigram
 * operators are not leakproof and could not use their index under row-level security.
 */
function fuzzyScan(ctx: ContactContext, scope: Scope, candidates: Prisma.Sql, score: Prisma.Sql, limit: number) {
  return ctx.db.$queryRaw<SearchHit[]>`${scope.with}
    SELECT ${SUMMARY_COLUMNS}, (${score})::float8 AS score FROM ${scope.from}
    WHERE ${scope.where} AND c.id IN (SELECT id FROM ${candidates})
    ORDER BY score DESC, c."familyName", c."givenName", c.id
    LIMIT ${limit}`;
}

// The prefix keys, in the order their matches rank, each backed by a COLLATE "C" index
// (migration 20261122010000_contacts): "john sm", "smith j", "acme", "john.smith@".
interface PrefixKey {
  key: Prisma.Sql;
  score: number;
  extra?: Prisma.Sql;
}

const NAME_KEYS: PrefixKey[] = [
  { key: Prisma.sql`c."searchName" COLLATE "C"`, score: 1 },
  { key: Prisma.sql`c."searchFamilyFirst" COLLATE "C"`, score: 1 },
  { key: Prisma.sql`c."searchCompany" COLLATE "C"`, score: 0.95, extra: Prisma.sql`c."searchCompany" <> ''` },
  { key: Prisma.sql`c.email COLLATE "C"`, score: 0.9 },
];

/**
 * Ranked search, fast at a million contacts because every step reads one page of an index:
 * - a phone number in any format: the exact number (E.164, parsed with the business's country),
 *   then numbers containing the digits typed, those ending with them first;
 * - an e-mail: by prefix;
 * - words: names (given or family name first), company and e-mail by prefix; when nothing
 *   starts that way, word-by-word trigram similarity, which forgives typos and partial words.
 */
export async function searchContacts(
  ctx: ContactContext,
  input: { q: string; limit?: number; filter?: ContactFilter; country?: string },
): Promise<SearchHit[]> {
  const limit = Math.min(input.limit ?? 20, SEARCH_LIMIT);
  const country = input.country ?? (await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true } })).country;
  const query = classifyQuery(input.q, country);
  const filter = input.filter ?? {};
  // Collected only for the steps that need it; a large filtered set means the whole business.
  let scoped: Promise<Scope> | undefined;
  const scope = () => (scoped ??= searchScope(ctx, filter));
  const prefixHits = async (keys: PrefixKey[], prefix: string) => {
    const viaSet = await filteredPrefixScan(ctx, filter, keys, prefix, limit);
    if (viaSet) return viaSet;
    if (narrows(filter)) scoped = Promise.resolve(wholeScope(ctx, filter));
    return prefixScan(ctx, await scope(), keys, prefix, limit);
  };
  const hits = new Map<string, SearchHit>();
  const add = (rows: SearchHit[]) => {
    for (const row of rows) if (!hits.has(row.id) && hits.size < limit) hits.set(row.id, row);
  };
  if (query.kind === "phone") {
    if (query.e164) {
      // The number's own indexes find its few contacts: the filters are only tested on them.
      add(await ctx.db.$queryRaw<SearchHit[]>`
        SELECT ${SUMMARY_COLUMNS}, 1.0::float8 AS score FROM "Contact" c
        WHERE ${filterSql(ctx, filter)} AND (c.phone = ${query.e164} OR c."altPhone" = ${query.e164})
        ORDER BY c.id LIMIT ${limit}`);
    }
    // The full number found its owner: numbers merely containing those digits are noise.
    if (hits.size === 0) {
      // A number that ends with what was typed ranks above one that merely contains it.
      const endsWith = Prisma.sql`c."phoneSearch" LIKE ${`%${query.digits} %`} OR c."phoneSearch" LIKE ${`%${query.digits}`}`;
      const candidates = Prisma.sql`contact_phone_candidates(${query.digits}, ${FUZZY_CANDIDATES})`;
      add(await fuzzyScan(ctx, await scope(), candidates, Prisma.sql`CASE WHEN ${endsWith} THEN 0.8 ELSE 0.6 END`, limit));
    }
  } else if (query.kind === "email") {
    add(await prefixHits([NAME_KEYS[3]!], query.q));
    for (const hit of hits.values()) if (hit.email === query.q) hit.score = 1;
  } else {
    if (!query.words.length) return [];
    add(await prefixHits(NAME_KEYS, query.q));
    // Nothing starts with what was typed: it is misspelt or partial. First correct each word
    // against the business's name words (a small table) and run the prefix search again.
    if (hits.size === 0) {
      const corrected = await correctedQueries(ctx, query.words);
      if (corrected.length) add(await correctedScan(ctx, await scope(), corrected, limit));
    }
    // Still nothing (a word from the middle of a name, a company word between names): the
    // (costlier) trigram lookup over the names themselves.
    if (hits.size === 0) {
      await ctx.db.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`;
      // The lookup ranks its candidates itself; with filters it returns them all, as the filters
      // may drop the best ones.
      const rows = Object.values(filter).some((v) => v !== undefined) ? FUZZY_CANDIDATES : limit;
      const { with: withSet, from, where } = await scope();
      add(await ctx.db.$queryRaw<SearchHit[]>`${withSet}
        SELECT ${SUMMARY_COLUMNS}, (m.score * 0.85)::float8 AS score
        FROM contact_name_candidates(${query.words}::text[], ${FUZZY_CANDIDATES}, ${rows}) m JOIN ${from} ON c.id = m.id
        WHERE ${where}
        ORDER BY m.score DESC, c."familyName", c."givenName", c.id
        LIMIT ${limit}`);
    }
  }
  // Stable: within a score, the order each step read them in (name order) stays.
  return [...hits.values()].sort((a, b) => b.score - a.score);
}

// --- Typo correction against the business's name words (migration 20261203010000_contact_search_perf)

/** Per typed word: alternatives kept, and candidate words of each kind the lookup returns. */
const WORD_ALTERNATIVES = 3;
const WORD_CANDIDATES_PER_KIND = 10;
/** Corrected queries searched, best first (each reads a page of three indexes). */
const MAX_CORRECTIONS = 6;

/** Optimal string alignment distance: Levenshtein with a swap of neighbours counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Typos forgiven in a word: one in a short word, two from five letters. */
const editsAllowed = (word: string) => (word.length <= 4 ? 1 : 2);

export interface CorrectedQuery {
  q: string;
  /** 0..1: how sure the correction is (1 = every word as typed). */
  score: number;
}

/**
 * The likeliest readings of a misspelt or partial query, from the business's own name words:
 * each word as typed when a name word is that word or (last word) starts with it, the name words
 * a non-last partial word begins ("mari" -> maria), and words within one or two edits ("jmaes"
 * -> james). Empty when some word matches nothing (the trigram lookup then takes over).
 */
export async function correctedQueries(ctx: ContactContext, words: string[]): Promise<CorrectedQuery[]> {
  const typed = [...new Set(words)];
  const rows = await ctx.db.$queryRaw<{ typed_word: string; word: string }[]>`
    SELECT typed_word, word FROM contact_word_candidates(${typed}::text[], ${WORD_CANDIDATES_PER_KIND})`;
  const options = words.map((w, i) => {
    const last = i === words.length - 1;
    const scored = new Map<string, number>();
    const offer = (word: string, score: number) => {
      if ((scored.get(word) ?? -1) < score) scored.set(word, score);
    };
    for (const row of rows) {
      if (row.typed_word !== w) continue;
      if (row.word === w) offer(w, 1);
      else if (row.word.startsWith(w)) {
        // The last word may stay partial (the prefix search completes it); earlier ones expand.
        if (last) offer(w, 0.95);
        else offer(row.word, Math.max(0.8, 0.9 - 0.01 * (row.word.length - w.length)));
      }
      const edits = editDistance(w, row.word);
      if (edits <= editsAllowed(w)) offer(row.word, 1 - edits / Math.max(w.length, row.word.length));
    }
    return [...scored].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, WORD_ALTERNATIVES);
  });
  if (!options.length || options.some((o) => o.length === 0)) return [];
  let combos: { words: string[]; total: number }[] = [{ words: [], total: 0 }];
  for (const choices of options) {
    combos = combos
      .flatMap((c) => choices.map(([word, score]) => ({ words: [...c.words, word], total: c.total + score })))
      .sort((a, b) => b.total - a.total)
      .slice(0, MAX_CORRECTIONS);
  }
  return combos.map((c) => ({ q: c.words.join(" "), score: c.total / words.length }));
}

/** The prefix search for each corrected query, in one round trip; hits score 0.85 x the correction's. */
async function correctedScan(ctx: ContactContext, scope: Scope, corrections: CorrectedQuery[], limit: number) {
  const keys = NAME_KEYS.slice(0, 3);
  const parts = corrections.flatMap(({ q, score }, ci) =>
    keys.map(
      ({ key, score: keyScore, extra }, ki) => Prisma.sql`(SELECT ${SUMMARY_COLUMNS}, ${0.85 * score * keyScore}::float8 AS score,
        ${ci * keys.length + ki} AS tier FROM ${scope.from}
        WHERE ${scope.where} AND ${extra ?? Prisma.sql`TRUE`} AND ${key} >= ${q} AND ${key} < ${q + AFTER_PREFIX}
        ORDER BY ${key} LIMIT ${limit})`,
    ),
  );
  const rows = await ctx.db.$queryRaw<(SearchHit & { tier: number })[]>`${scope.with}${Prisma.join(parts, " UNION ALL ")}`;
  return rows.sort((a, b) => a.tier - b.tier).map(({ tier: _tier, ...hit }) => hit);
}

type CursorValues = [string, string, string] | [string, string];

function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

function decodeCursor(cursor: string, sort: "name" | "createdAt" | "updatedAt"): CursorValues | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const shape = sort === "name" ? z.tuple([z.string(), z.string(), z.string()]) : z.tuple([z.string().datetime(), z.string()]);
    return shape.parse(values);
  } catch {
    return null;
  }
}

/**
 * One page of the contact list. Keyset pagination on (sort key, id) keeps every page as fast as
 * the first at a million contacts; with `q` the best matches come back ranked instead.
 */
export async function listContacts(ctx: ContactContext, rawInput: ListContactsInput): Promise<ContactPage> {
  return pageOfContacts(ctx, listContactsInput.parse(rawInput));
}

/** listContacts without the API's page-size cap, for the export's larger pages. */
export async function pageOfContacts(ctx: ContactContext, input: z.output<typeof listContactsInput>): Promise<ContactPage> {
  if (input.q) {
    const items = await searchContacts(ctx, { q: input.q, limit: Math.min(input.limit, SEARCH_LIMIT), filter: input });
    return { items, nextCursor: null };
  }
  const desc = input.dir === "desc";
  const keyCols =
    input.sort === "name"
      ? Prisma.sql`(c."familyName", c."givenName", c.id)`
      : input.sort === "createdAt"
        ? Prisma.sql`(c."createdAt", c.id)`
        : Prisma.sql`(c."updatedAt", c.id)`;
  const conditions = [filterSql(ctx, input)];
  if (input.cursor) {
    const values = decodeCursor(input.cursor, input.sort);
    if (values) {
      const tuple =
        values.length === 3
          ? Prisma.sql`(${values[0]}, ${values[1]}, ${values[2]})`
          : Prisma.sql`(${values[0]}::timestamp(3), ${values[1]})`;
      conditions.push(desc ? Prisma.sql`${keyCols} < ${tuple}` : Prisma.sql`${keyCols} > ${tuple}`);
    }
  }
  const order =
    input.sort === "name"
      ? desc
        ? Prisma.sql`c."familyName" DESC, c."givenName" DESC, c.id DESC`
        : Prisma.sql`c."familyName", c."givenName", c.id`
      : desc
        ? Prisma.sql`${Prisma.raw(`c."${input.sort}"`)} DESC, c.id DESC`
        : Prisma.sql`${Prisma.raw(`c."${input.sort}"`)}, c.id`;
  const walk = () =>
    ctx.db.$queryRaw<ContactSummary[]>`
      SELECT ${SUMMARY_COLUMNS} FROM "Contact" c
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY ${order}
      LIMIT ${input.limit + 1}`;
  const rows = (await filteredPage(ctx, input, conditions)) ?? (await walk());
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > input.limit && last) {
    nextCursor = encodeCursor(
      input.sort === "name" ? [last.familyName, last.givenName, last.id] : [last[input.sort].toISOString(), last.id],
    );
  }
  return { items, nextCursor };
}

/**
 * When the filtered set is collected first: PostgreSQL's estimate of it is at most `estimate`
 * (above that the walk along the sort index finds a page sooner: it reads about
 * limit x contacts / matches rows), and it really has at most `max` (when the estimate was too
 * low, the walk takes over after reading that many). A search looks through the set only when it
 * has at most `search` contacts (fetching each costs about what walking a name prefix's matches
 * does). Tests change them to force either plan.
 */
export const filterSetLimits = { estimate: 5_000, max: 10_000, search: 2_000 };

/**
 * The page through `contact_filter_page` (migration 20261203150000_contact_filters_fast) when a
 * narrowing filter (a tag, a source, do-not-call, upcoming appointment, overdue balance) leaves
 * few contacts; null when the filtered set is large and the caller's walk along the sort index
 * is the faster plan. Walking reads about limit / share-of-matches rows: fine for a broad filter,
 * but filters common alone and rare together (overdue VIPs: 0.07% of the contacts) made it
 * read tens of thousands of rows, or the whole business for a rare tag. The function collects the
 * set through one GIN index over every filter column (under row-level security the tag test
 * could not use an index) and sorts it; it decides by PostgreSQL's estimate of the set, and
 * hands over (row with position 0) as soon as the set proves larger than filterSetLimits.max.
 * The rows are read here, under row-level security, with the filters applied again (as a filter:
 * see searchScope).
 */
async function filteredPage(
  ctx: ContactContext,
  input: z.output<typeof listContactsInput>,
  conditions: Prisma.Sql[],
): Promise<ContactSummary[] | null> {
  if (!narrows(input)) return null;
  const after = input.cursor ? (decodeCursor(input.cursor, input.sort) ?? []) : [];
  const rows = await ctx.db.$queryRaw<(ContactSummary & { pos: number })[]>`
    SELECT p.pos, ${SUMMARY_COLUMNS}
    FROM ${filterPageCall(input, input.sort, input.dir === "desc", after, input.limit + 1)} p
    LEFT JOIN "Contact" c ON c.id = p.id AND (${Prisma.join(conditions, " AND ")}) IS TRUE
    ORDER BY p.pos`;
  if (rows.some((r) => r.pos === 0)) return null;
  return rows.filter((r) => r.id !== null).map(({ pos: _pos, ...row }) => row);
}

/** The ids of every contact passing the filters when they are few (see filteredPage), else null. */
async function filteredSet(ctx: ContactContext, filter: ContactFilter): Promise<string[] | null> {
  if (!narrows(filter)) return null;
  const rows = await ctx.db.$queryRaw<{ id: string | null; pos: number }[]>`
    SELECT p.id, p.pos FROM ${filterPageCall(filter, "name", false, [], filterSetLimits.search, filterSetLimits.search)} p`;
  if (rows.some((r) => r.pos === 0)) return null;
  return rows.map((r) => r.id!);
}

/** A filter that may leave few contacts: a tag, a source, or a "true" form that is not most contacts. */
function narrows(f: ContactFilter): boolean {
  return !!f.tag || !!f.source || f.doNotCall === true || f.hasUpcomingAppointment === true || f.hasOverdueBalance === true;
}

function filterPageCall(f: ContactFilter, sort: "name" | "createdAt" | "updatedAt", desc: boolean, after: string[], pageSize: number, maxSet?: number) {
  return Prisma.sql`contact_filter_page(${f.tag ?? null}::text, ${f.doNotCall ?? null}::boolean, ${f.source ?? null}::text,
    ${f.hasUpcomingAppointment ?? null}::boolean, ${f.hasOverdueBalance ?? null}::boolean, ${sort}::text, ${desc}::boolean,
    ${after}::text[], ${pageSize}::int, ${Math.min(filterSetLimits.estimate, maxSet ?? Infinity)}::int, ${maxSet ?? filterSetLimits.max}::int)`;
}

/** The contact a phone call comes from (caller ID), for the agent and the call log. */
export async function findContactByPhone(ctx: ContactContext, e164: string): Promise<ContactSummary | null> {
  const rows = await ctx.db.$queryRaw<ContactSummary[]>`
    SELECT ${SUMMARY_COLUMNS} FROM "Contact" c
    WHERE c."tenantId" = ${ctx.tenantId} AND (c.phone = ${e164} OR c."altPhone" = ${e164})
    ORDER BY (c.phone = ${e164}) DESC, c."updatedAt" DESC
    LIMIT 1`;
  return rows[0] ?? null;
}
