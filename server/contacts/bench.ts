// `npm run bench:contacts`: the contact budgets of issue #3, measured through the real services
// and row-level security (withTenant, app role). Seeds the large business when it is missing
// (run `npm run db:seed:large` first: it migrates and seeds), then prints medians and p95 for docs/performance.md.
import pg from "pg";
import { bootDatabase } from "../boot";
import { disconnectDb, systemDb, withTenant } from "../db";
import { ensureLargeBusiness, LARGE_CONTACTS, seedLargeContacts } from "../../prisma/seed-large";
import type { ContactContext } from "./contacts";
import { runImportBench } from "./import-bench";
import { listContacts, searchContacts, type ListContactsInput } from "./search";

const RUNS = 200;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), max: s.at(-1)! };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function measure(label: string, budget: number, variants: (() => Promise<unknown>)[]) {
  for (const v of variants) await v(); // warm-up: plans and pages into cache, as on a running server
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await time(variants[i % variants.length]!));
  const r = stats(samples);
  const verdict = r.p95 < budget ? "ok" : "OVER BUDGET";
  console.log(`| ${label} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | < ${budget} | ${verdict} |`);
  return r;
}

async function searchAndList(tenantId: string, sample: { phone: string | null; email: string | null }[]) {
  const ctxRun = <T>(fn: (ctx: ContactContext) => Promise<T>) =>
    () => withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null }));
  const search = (q: string) => ctxRun((ctx) => searchContacts(ctx, { q, country: "US", limit: 20 }));
  const list = (input: ListContactsInput) => ctxRun((ctx) => listContacts(ctx, input));

  console.log("\n| Operation (1,000,000 contacts) | median ms | p95 ms | max ms | budget p95 ms | |\n|---|---|---|---|---|---|");
  // The yardstick for a busy machine: what every call pays before doing any work of ours.
  await measure("baseline: empty tenant transaction", 30, [() => withTenant({ tenantId }, async () => undefined)]);
  // `-- --filters`: only the list filter lines (the baseline above, then from "list: first page by name").
  const filtersOnly = process.argv.includes("--filters");
  if (!filtersOnly) await searchLines(search, sample);
  await listLines(list);
}

async function searchLines(search: (q: string) => () => Promise<unknown>, sample: { phone: string | null; email: string | null }[]) {
  await measure("search: name, exact or prefix", 30, ["james smith", "maria garcia", "patel", "olson", "wei zhang"].map(search));
  // Each corrected through the business's name words (contact_word_candidates), then a prefix search.
  await measure("search: name with typos / partial words", 30, ["jmaes smith", "mari garcya", "jonh", "christoper", "kowalsky anna"].map(search));
  await measure("search: company", 30, ["acme dental", "cedar realty", "blue electric", "apex"].map(search));
  const phones = sample.map((s) => s.phone!);
  await measure(
    "search: phone, any format",
    30,
    phones.flatMap((p) => [
      search(`(${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8)}`),
      search(p.slice(2)),
      search(`+1 ${p.slice(2, 5)} ${p.slice(5, 8)} ${p.slice(8)}`),
    ]),
  );
  await measure("search: partial phone (last 7 digits)", 30, phones.map((p) => search(`${p.slice(5, 8)}-${p.slice(8)}`)));
  await measure("search: e-mail, exact and prefix", 30, sample.flatMap((s) => [search(s.email!), search(s.email!.split("@")[0]!.slice(0, 12))]));
}

async function listLines(list: (input: ListContactsInput) => () => Promise<unknown>) {
  await measure("list: first page by name", 50, [list({ limit: 50 })]);
  await measure("list: first page, tag filter", 50, [list({ tag: "vip", limit: 50 }), list({ tag: "lead", sort: "createdAt", dir: "desc", limit: 50 })]);
  await measure("list: first page, do-not-call + source", 50, [list({ doNotCall: true, limit: 50 }), list({ source: "phone", sort: "updatedAt", dir: "desc", limit: 50 })]);
  await measure("list: search with tag filter", 50, [list({ q: "smith", tag: "vip", limit: 50 })]);
  await measure("list: first page, has upcoming appointment", 50, [
    list({ hasUpcomingAppointment: true, limit: 50 }),
    list({ hasUpcomingAppointment: true, sort: "createdAt", dir: "desc", limit: 50 }),
  ]);
  await measure("list: first page, has overdue balance", 50, [
    list({ hasOverdueBalance: true, limit: 50 }),
    list({ hasOverdueBalance: true, sort: "updatedAt", dir: "desc", limit: 50 }),
  ]);
  await measure("list: first page, upcoming appointment + overdue balance", 50, [
    list({ hasUpcomingAppointment: true, hasOverdueBalance: true, limit: 50 }),
    list({ hasUpcomingAppointment: true, hasOverdueBalance: true, sort: "createdAt", dir: "desc", limit: 50 }),
  ]);
  await measure("list: upcoming + overdue, a later page (cursor)", 50, [
    list({ hasUpcomingAppointment: true, hasOverdueBalance: true, limit: 50, cursor: Buffer.from(JSON.stringify(["M", "", ""])).toString("base64url") }),
  ]);
  await measure("list: first page, overdue balance + tag / do-not-call", 50, [
    list({ hasOverdueBalance: true, tag: "vip", limit: 50 }),
    list({ hasOverdueBalance: true, doNotCall: true, limit: 50 }),
  ]);
  await measure("list: first page, no overdue balance + upcoming appointment", 50, [list({ hasUpcomingAppointment: true, hasOverdueBalance: false, limit: 50 })]);
  await measure("list: first page, no upcoming appointment + tag", 50, [list({ hasUpcomingAppointment: false, tag: "vip", limit: 50 })]);
  // Filters each common but rare (or never met) together, every sort: contact_filter_page
  // (migration 20261203150000_contact_filters_fast). In the generated data VIPs are never
  // do-not-call nor from "phone", so the walk read the whole business for those.
  const sorts = [{}, { sort: "name", dir: "desc" }, { sort: "createdAt", dir: "desc" }, { sort: "updatedAt", dir: "asc" }] as const;
  const everySort = (f: ListContactsInput) => sorts.map((s) => list({ ...f, ...s, limit: 50 }));
  await measure("list: tag + upcoming appointment, every sort", 50, everySort({ tag: "vip", hasUpcomingAppointment: true }));
  await measure("list: tag + overdue balance, every sort", 50, everySort({ tag: "vip", hasOverdueBalance: true }));
  await measure("list: do-not-call + upcoming / overdue, every sort", 50, [
    ...everySort({ doNotCall: true, hasUpcomingAppointment: true }),
    ...everySort({ doNotCall: true, hasOverdueBalance: true }),
  ]);
  await measure("list: tag + do-not-call / source (no matches), every sort", 50, [
    ...everySort({ tag: "vip", doNotCall: true }),
    ...everySort({ tag: "vip", source: "phone" }),
  ]);
  await measure("list: source + do-not-call / upcoming / overdue", 50, [
    list({ source: "phone", doNotCall: true, limit: 50 }),
    list({ source: "phone", hasUpcomingAppointment: true, limit: 50 }),
    list({ source: "phone", hasOverdueBalance: true, sort: "createdAt", dir: "desc", limit: 50 }),
  ]);
  await measure("list: a tag nobody has, a rare tag + do-not-call", 50, [list({ tag: "no-such-tag", limit: 50 }), list({ tag: "lead", doNotCall: true, limit: 50 })]);
  await measure("list: search + two filters", 50, [
    list({ q: "ma", tag: "vip", hasOverdueBalance: true, limit: 50 }),
    list({ q: "a", doNotCall: true, hasUpcomingAppointment: true, limit: 50 }),
    list({ q: "smith", tag: "vip", hasUpcomingAppointment: true, limit: 50 }),
  ]);
}

async function main() {
  // The schema comes from `npm run db:seed:large` (which migrates); the bench only tops up the rows.
  const database = await bootDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const tenantId = await ensureLargeBusiness(client);
  await seedLargeContacts(client, tenantId, LARGE_CONTACTS, (m) => console.error(m));
  await client.end();

  const sample = await systemDb().contact.findMany({
    where: { tenantId },
    select: { phone: true, email: true },
    skip: 123_457,
    take: 20,
  });
  console.log(`Contacts in the business: ${(await systemDb().contact.count({ where: { tenantId } })).toLocaleString("en-US")}`);
  // `-- --import-only` skips to the import; `-- --no-import` stops before it; `-- --filters`
  // times only the list and its filters (with --no-import: `npm run bench:contacts -- --no-import --filters`).
  if (!process.argv.includes("--import-only")) await searchAndList(tenantId, sample);
  if (process.argv.includes("--no-import")) {
    await disconnectDb();
    await database.stop();
    return;
  }
  // The import budget: server/contacts/import-bench.ts (also `npm run bench:import`).
  await runImportBench();
  await disconnectDb();
  await database.stop();
}

await main();
