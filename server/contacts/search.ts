// Finding contacts: ranked search across name, company, phone and e-mail, and the list page's
// filtered, sorted, keyset-paginated query. Raw SQL because the generated search columns
// ("searchName", "phoneSearch", see migration 20261122010000_contacts) and row-value keyset
// comparisons are beyond Prisma's query builder.
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
  // TODO(issue #3, scheduling/invoices): `hasUpcomingAppointment` and `hasOverdueBalance` plug in
  // here as EXISTS (...) conditions in `filterSql` once the Appointment and Invoice tables exist.
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

function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterSql(ctx: ContactContext, f: ContactFilter): Prisma.Sql {
  const parts = [Prisma.sql`c."tenantId" = ${ctx.tenantId}`];
  if (f.tag) parts.push(Prisma.sql`c.tags @> ARRAY[${f.tag}]::text[]`);
  if (f.doNotCall !== undefined) parts.push(Prisma.sql`c."doNotCall" = ${f.doNotCall}`);
  if (f.source) parts.push(Prisma.sql`c.source = ${f.source}`);
  return Prisma.join(parts, " AND ");
}

/**
 * Ranked search. Phone queries match the full number in E.164 (parsed with the business's
 * country) or any run of its digits; e-mail queries match by prefix; words match names and
 * company by prefix or, word by word, by trigram similarity (typos, partial words).
 */
export async function searchContacts(
  ctx: ContactContext,
  input: { q: string; limit?: number; filter?: ContactFilter; country?: string },
): Promise<SearchHit[]> {
  const limit = Math.min(input.limit ?? 20, SEARCH_LIMIT);
  const country = input.country ?? (await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true } })).country;
  const query = classifyQuery(input.q, country);
  const where = filterSql(ctx, input.filter ?? {});
  let match: Prisma.Sql;
  let score: Prisma.Sql;
  if (query.kind === "phone") {
    const exact = query.e164 ?? "";
    const contains = `%${query.digits}%`;
    match = Prisma.sql`(c.phone = ${exact} OR c."altPhone" = ${exact} OR c."phoneSearch" LIKE ${contains})`;
    // A number that ends with what was typed ranks above one that merely contains it.
    score = Prisma.sql`CASE WHEN c.phone = ${exact} OR c."altPhone" = ${exact} THEN 1.0
      WHEN c."phoneSearch" LIKE ${`%${query.digits} %`} OR c."phoneSearch" LIKE ${`%${query.digits}`} THEN 0.8 ELSE 0.6 END`;
  } else if (query.kind === "email") {
    match = Prisma.sql`c.email LIKE ${likePrefix(query.q)}`;
    score = Prisma.sql`CASE WHEN c.email = ${query.q} THEN 1.0 ELSE 0.9 END`;
  } else {
    if (!query.words.length) return [];
    await ctx.db.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`;
    const prefix = likePrefix(query.q);
    const wordsMatch = Prisma.join(query.words.map((w) => Prisma.sql`${w} <% c."searchName"`), " AND ");
    const similarity = Prisma.join(query.words.map((w) => Prisma.sql`word_similarity(${w}, c."searchName")`), " + ");
    match = Prisma.sql`(c."searchName" LIKE ${prefix} OR c.email LIKE ${prefix} OR (${wordsMatch}))`;
    score = Prisma.sql`CASE WHEN c."searchName" LIKE ${prefix} OR c.email LIKE ${prefix} THEN 1.0
      ELSE (${similarity}) / ${query.words.length} * 0.95 END`;
  }
  return ctx.db.$queryRaw<SearchHit[]>`
    SELECT ${SUMMARY_COLUMNS}, (${score})::float8 AS score
    FROM "Contact" c
    WHERE ${where} AND ${match}
    ORDER BY score DESC, c."familyName", c."givenName", c.id
    LIMIT ${limit}`;
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
  const rows = await ctx.db.$queryRaw<ContactSummary[]>`
    SELECT ${SUMMARY_COLUMNS} FROM "Contact" c
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY ${order}
    LIMIT ${input.limit + 1}`;
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

/** The contact a phone call comes from (caller ID), for the agent and the call log. */
export async function findContactByPhone(ctx: ContactContext, e164: string): Promise<ContactSummary | null> {
  const rows = await ctx.db.$queryRaw<ContactSummary[]>`
    SELECT ${SUMMARY_COLUMNS} FROM "Contact" c
    WHERE c."tenantId" = ${ctx.tenantId} AND (c.phone = ${e164} OR c."altPhone" = ${e164})
    ORDER BY (c.phone = ${e164}) DESC, c."updatedAt" DESC
    LIMIT 1`;
  return rows[0] ?? null;
}
