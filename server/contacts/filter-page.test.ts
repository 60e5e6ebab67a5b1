// The contact list's two plans for filters (issue #3): collecting the filtered set first through
// contact_filter_page (migration 20261203150000_contact_filters_fast) or walking the sort index.
// Both must return the same contacts in the same order, page by page, and the SECURITY DEFINER
// function must never return another business's contacts.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Prisma, systemDb, withTenant } from "../db";
import { filterSetLimits, listContacts, searchContacts, type ContactFilter, type ListContactsInput } from "./search";
import { asTenant, newBusiness } from "./test-helpers";

const DAY = 86_400_000;
const FAMILY = ["Adams", "Baker", "Clark", "Diaz", "Evans", "Fox", "Gray", "Hill", "Ito", "Jones", "Marsh", "Mason"];
const GIVEN = ["Ann", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus"];
const SOURCES = ["manual", "import", "phone", "zoho"];

interface Row {
  id: string;
  givenName: string;
  familyName: string;
  tags: string[];
  source: string;
  doNotCall: boolean;
  latestAppointmentAt: Date | null;
  oldestUnpaidDueDate: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const defaults = { ...filterSetLimits };
afterEach(() => Object.assign(filterSetLimits, defaults));
/** The set-first plan for every filtered list, whatever the estimate. */
const forceSet = () => Object.assign(filterSetLimits, { estimate: 1e9, max: 1e6, search: 1e6 });
/** The walk along the sort index, always. */
const forceWalk = () => Object.assign(filterSetLimits, { estimate: -1, search: -1 });

/** Deterministic rows: every filter common, several combinations rare, names and times shared. */
function rows(prefix: string, now: number): Row[] {
  const out: Row[] = [];
  const today = new Date(new Date(now).toISOString().slice(0, 10) + "T00:00:00.000Z").getTime();
  for (let i = 0; i < 140; i += 1) {
    const h = (i * 2654435761) % 1000;
    out.push({
      id: `${prefix}-${String(i).padStart(3, "0")}`,
      givenName: GIVEN[(i * 3) % GIVEN.length]!,
      familyName: FAMILY[(i * 7) % FAMILY.length]!,
      tags: h % 5 === 0 ? ["vip", "lead"] : h % 3 === 0 ? ["lead"] : h % 11 === 0 ? ["o'brien"] : [],
      source: SOURCES[h % 4]!,
      doNotCall: h % 6 === 1,
      latestAppointmentAt: h % 4 === 1 ? new Date(now + (1 + (h % 9)) * DAY) : h % 4 === 2 ? new Date(now - (1 + (h % 9)) * DAY) : null,
      oldestUnpaidDueDate: h % 7 < 2 ? new Date(today - (3 + (h % 20)) * DAY) : h % 7 === 2 ? new Date(today + 5 * DAY) : null,
      // Pairs share a creation time, so only the id orders them.
      createdAt: new Date(now - 1_000_000 + Math.floor(i / 2) * 1000),
      updatedAt: new Date(now - 500_000 + ((i * 37) % 140) * 1000),
    });
  }
  return out;
}

function matches(r: Row, f: ContactFilter, now: number): boolean {
  // Dates well away from midnight in any zone, so "today" in the business's zone is today in UTC.
  const today = new Date(new Date(now).toISOString().slice(0, 10) + "T00:00:00.000Z").getTime();
  if (f.tag && !r.tags.includes(f.tag)) return false;
  if (f.source && r.source !== f.source) return false;
  if (f.doNotCall !== undefined && r.doNotCall !== f.doNotCall) return false;
  const upcoming = !!r.latestAppointmentAt && r.latestAppointmentAt.getTime() >= now;
  if (f.hasUpcomingAppointment !== undefined && upcoming !== f.hasUpcomingAppointment) return false;
  const overdue = !!r.oldestUnpaidDueDate && r.oldestUnpaidDueDate.getTime() < today;
  if (f.hasOverdueBalance !== undefined && overdue !== f.hasOverdueBalance) return false;
  return true;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
function ordered(list: Row[], sort: "name" | "createdAt" | "updatedAt", dir: "asc" | "desc"): string[] {
  const sorted = [...list].sort((a, b) =>
    sort === "name"
      ? cmp(a.familyName, b.familyName) || cmp(a.givenName, b.givenName) || cmp(a.id, b.id)
      : cmp(a[sort].getTime(), b[sort].getTime()) || cmp(a.id, b.id),
  );
  return (dir === "desc" ? sorted.reverse() : sorted).map((r) => r.id);
}

let tenantA = "";
let tenantB = "";
let dataA: Row[] = [];
let dataB: Row[] = [];
let now = 0;

beforeAll(async () => {
  tenantA = (await newBusiness({ timezone: "UTC" })).id;
  tenantB = (await newBusiness({ timezone: "UTC" })).id;
  now = Date.now();
  dataA = rows(`fpa${tenantA.slice(-6)}`, now);
  // The other business: the same names, tags and facts, so any leak would match the filters.
  dataB = rows(`fpb${tenantB.slice(-6)}`, now);
  for (const [tenantId, data] of [[tenantA, dataA], [tenantB, dataB]] as const) {
    await systemDb().contact.createMany({ data: data.map((r) => ({ ...r, tenantId, timezone: "UTC" })) });
  }
  // Plans and estimates as on a running server.
  await systemDb().$executeRaw`ANALYZE "Contact"`;
});

async function allPages(tenantId: string, input: ListContactsInput, limit: number) {
  const seen: string[] = [];
  let cursor = input.cursor;
  for (let page = 0; page < 200; page += 1) {
    const res = await asTenant(tenantId, (ctx) => listContacts(ctx, { ...input, limit, cursor }));
    expect(res.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.items.map((c) => c.id));
    if (!res.nextCursor) return seen;
    cursor = res.nextCursor;
  }
  throw new Error("paging did not end");
}

const FILTERS: ContactFilter[] = [
  { tag: "vip" },
  { tag: "o'brien" },
  { tag: "nobody-has-this" },
  { source: "zoho" },
  { doNotCall: true },
  { tag: "vip", hasUpcomingAppointment: true },
  { tag: "lead", hasOverdueBalance: true },
  { tag: "vip", doNotCall: true },
  { source: "phone", hasUpcomingAppointment: true },
  { doNotCall: true, hasOverdueBalance: true },
  { hasUpcomingAppointment: true, hasOverdueBalance: true },
  { tag: "lead", hasUpcomingAppointment: false, doNotCall: false },
  { source: "import", hasOverdueBalance: false },
  { tag: "lead", source: "manual", hasUpcomingAppointment: true, hasOverdueBalance: false },
];
const SORTS = [
  { sort: "name", dir: "asc" },
  { sort: "name", dir: "desc" },
  { sort: "createdAt", dir: "desc" },
  { sort: "updatedAt", dir: "asc" },
] as const;

describe("filtered list: set-first and walk plans", () => {
  it("the test data has rare and empty combinations, and ties", () => {
    const count = (f: ContactFilter) => dataA.filter((r) => matches(r, f, now)).length;
    expect(count({ tag: "vip", doNotCall: true })).toBeGreaterThan(0);
    expect(count({ tag: "vip", hasUpcomingAppointment: true })).toBeGreaterThan(2);
    expect(count({ tag: "nobody-has-this" })).toBe(0);
    expect(count({ tag: "lead" })).toBeGreaterThan(30);
  });

  for (const [plan, force] of [["set first", forceSet], ["walk", forceWalk]] as const) {
    it(`${plan}: every filter combination and sort, page by page, equals the expected contacts in order`, async () => {
      force();
      for (const filter of FILTERS) {
        for (const s of SORTS) {
          const want = ordered(dataA.filter((r) => matches(r, filter, now)), s.sort, s.dir);
          const got = await allPages(tenantA, { ...filter, ...s }, 4);
          expect({ filter, s, got }).toEqual({ filter, s, got: want });
          if (plan === "set first") {
            // The set-first plan really ran: the function itself returns the first page.
            const direct = await withTenant({ tenantId: tenantA }, (db) => db.$queryRaw<{ id: string | null }[]>`
              SELECT id FROM contact_filter_page(${filter.tag ?? null}::text, ${filter.doNotCall ?? null}::boolean,
                ${filter.source ?? null}::text, ${filter.hasUpcomingAppointment ?? null}::boolean, ${filter.hasOverdueBalance ?? null}::boolean,
                ${s.sort}::text, ${s.dir === "desc"}::boolean, '{}'::text[], 4, 1000000, 1000000) ORDER BY pos`);
            expect(direct.map((r) => r.id)).toEqual(want.slice(0, 4));
          }
        }
      }
    }, 120_000);
  }

  it("the default limits pick either plan and still agree", async () => {
    for (const filter of FILTERS) {
      const want = ordered(dataA.filter((r) => matches(r, filter, now)), "name", "asc");
      expect(await allPages(tenantA, { ...filter }, 6)).toEqual(want);
    }
  });

  it("a set larger than the limit hands over to the walk, with the same result", async () => {
    Object.assign(filterSetLimits, { estimate: 1e9, max: 3 });
    const filter = { tag: "lead" };
    const want = ordered(dataA.filter((r) => matches(r, filter, now)), "createdAt", "desc");
    expect(want.length).toBeGreaterThan(3);
    expect(await allPages(tenantA, { ...filter, sort: "createdAt", dir: "desc" }, 10)).toEqual(want);
  });

  it("a cursor from one plan continues in the other", async () => {
    const filter = { tag: "lead", hasOverdueBalance: true };
    const want = ordered(dataA.filter((r) => matches(r, filter, now)), "name", "asc");
    forceSet();
    const first = await asTenant(tenantA, (ctx) => listContacts(ctx, { ...filter, limit: 3 }));
    forceWalk();
    const rest = await allPages(tenantA, { ...filter, cursor: first.nextCursor! }, 3);
    expect([...first.items.map((c) => c.id), ...rest]).toEqual(want);
  });

  it("search with filters looks through the filtered set with the same result", async () => {
    let found = 0;
    for (const [q, filter] of [
      ["ma", { tag: "lead" }],
      ["ma", { tag: "vip" }],
      ["ba", { tag: "lead", hasOverdueBalance: true }],
      ["ann", { doNotCall: true, hasUpcomingAppointment: true }],
      ["mas", { source: "zoho", hasUpcomingAppointment: false }],
    ] as const) {
      forceWalk();
      const walked = await asTenant(tenantA, (ctx) => searchContacts(ctx, { q, filter, limit: 50, country: "US" }));
      forceSet();
      const viaSet = await asTenant(tenantA, (ctx) => searchContacts(ctx, { q, filter, limit: 50, country: "US" }));
      // Equal names tie on the prefix key, and ties may come in either order.
      const key = (hits: typeof walked) => hits.map((h) => `${h.score.toFixed(4)} ${h.id}`).sort();
      expect(key(viaSet)).toEqual(key(walked));
      const want = dataA.filter((r) => matches(r, filter, now)).map((r) => r.id);
      found += viaSet.length;
      for (const hit of viaSet) expect(want).toContain(hit.id);
    }
    expect(found).toBeGreaterThan(5);
  });

  it("a search whose filtered set is larger than the limit hands over to the walk, with the same result", async () => {
    const filter = { tag: "lead" };
    forceWalk();
    const walked = await asTenant(tenantA, (ctx) => searchContacts(ctx, { q: "m", filter, limit: 50, country: "US" }));
    Object.assign(filterSetLimits, { estimate: 1e9, search: 3 });
    const handedOver = await asTenant(tenantA, (ctx) => searchContacts(ctx, { q: "m", filter, limit: 50, country: "US" }));
    expect(walked.length).toBeGreaterThan(3);
    expect(handedOver.map((h) => h.id).sort()).toEqual(walked.map((h) => h.id).sort());
  });
});

describe("contact_filter_page (SECURITY DEFINER) and tenant isolation", () => {
  const call = (tenantId: string | null, tag: string | null, upcoming: boolean | null) => {
    const run = async (db: Prisma.TransactionClient) =>
      (await db.$queryRaw<{ id: string | null; pos: number }[]>`
        SELECT id, pos FROM contact_filter_page(${tag}::text, NULL::boolean, NULL::text, ${upcoming}::boolean, NULL::boolean,
          'name', false, '{}'::text[], 1000, 1000000, 1000000)`).map((r) => r.id);
    return tenantId ? withTenant({ tenantId }, run) : systemDb().$transaction(run);
  };

  it("returns only the calling business's contacts, from app.tenant_id", async () => {
    const ownIds = new Set(dataA.map((r) => r.id));
    for (const [tag, upcoming] of [["vip", null], ["lead", true], [null, true], ["o'brien", null]] as const) {
      const ids = await call(tenantA, tag, upcoming);
      const f: ContactFilter = { ...(tag ? { tag } : {}), ...(upcoming !== null ? { hasUpcomingAppointment: upcoming } : {}) };
      expect(ids).toEqual(ordered(dataA.filter((r) => matches(r, f, now)), "name", "asc"));
      for (const id of ids) expect(ownIds.has(id!)).toBe(true);
      // The same call from the other business: its own contacts, never these.
      const other = await call(tenantB, tag, upcoming);
      expect(other.length).toBe(ids.length);
      for (const id of other) expect(ownIds.has(id!)).toBe(false);
    }
  });

  it("returns nothing without a business in the transaction", async () => {
    expect(await call(null, "vip", null)).toEqual([]);
  });

  it("treats quotes in a tag as text", async () => {
    const ids = await call(tenantA, "x') OR true OR ('", null);
    expect(ids).toEqual([]);
  });
});

describe("contact_filter_search (SECURITY DEFINER) and tenant isolation", () => {
  const search = (tenantId: string | null, tag: string | null, prefix: string, keys: number[], perKey = 1000) => {
    const run = async (db: Prisma.TransactionClient) =>
      db.$queryRaw<{ id: string | null; key: number; pos: number }[]>`
        SELECT id, key, pos FROM contact_filter_search(${tag}::text, NULL::boolean, NULL::text, NULL::boolean, NULL::boolean,
          ${prefix}::text, ${keys}::int[], ${perKey}::int, 1000000, 1000000)`;
    return tenantId ? withTenant({ tenantId }, run) : systemDb().$transaction(run);
  };
  /** What the function should find: per key, the contacts whose key starts with the prefix, in "C" order. */
  const expected = (data: Row[], tag: string, prefix: string, key: 0 | 1, perKey: number) =>
    data
      .filter((r) => r.tags.includes(tag))
      .map((r) => ({ id: r.id, value: (key === 0 ? `${r.givenName} ${r.familyName}` : `${r.familyName} ${r.givenName}`).toLowerCase() }))
      .filter((r) => r.value.startsWith(prefix))
      .sort((a, b) => cmp(a.value, b.value) || cmp(a.id, b.id))
      .slice(0, perKey)
      .map((r, i) => ({ id: r.id, key, pos: i + 1 }));

  it("returns the calling business's contacts whose keys start with the prefix, a page per key", async () => {
    // "ma" starts family names (Marsh, Mason), "ann" a given name.
    for (const prefix of ["ma", "ann"]) {
      const got = await search(tenantA, "lead", prefix, [0, 1], 4);
      const want = [...expected(dataA, "lead", prefix, 0, 4), ...expected(dataA, "lead", prefix, 1, 4)];
      expect(want.length).toBeGreaterThan(0);
      expect([...got].sort((a, b) => a.key - b.key || a.pos - b.pos)).toEqual(want);
    }
    const got = await search(tenantA, "lead", "ma", [0, 1], 4);
    // Only the keys asked for: the family-first key alone.
    expect((await search(tenantA, "lead", "ma", [1], 4)).every((r) => r.key === 1)).toBe(true);
    // The other business has the same names: its own ids, never these.
    const other = await search(tenantB, "lead", "ma", [0, 1], 4);
    expect(other.length).toBe(got.length);
    const ownIds = new Set(dataA.map((r) => r.id));
    for (const r of other) expect(ownIds.has(r.id!)).toBe(false);
  });

  it("returns nothing without a business in the transaction", async () => {
    expect(await search(null, "lead", "ma", [0, 1])).toEqual([]);
  });

  it("treats quotes and wildcards in the prefix as text", async () => {
    expect(await search(tenantA, "lead", "%", [0, 1, 2, 3])).toEqual([]);
    expect(await search(tenantA, "lead", "' OR true OR '", [0, 1, 2, 3])).toEqual([]);
  });

  it("says when the set is larger than max_rows (a single row at position 0)", async () => {
    const rows = await withTenant({ tenantId: tenantA }, (db) => db.$queryRaw<{ id: string | null; pos: number }[]>`
      SELECT id, pos FROM contact_filter_search('lead', NULL::boolean, NULL::text, NULL::boolean, NULL::boolean,
        'ma', '{0,1}'::int[], 50, 1000000, 3)`);
    expect(rows).toEqual([{ id: null, pos: 0 }]);
  });
});
