// `npm run db:seed:large`: a business sized for the performance budgets of issue #3
// (docs/performance.md). Contacts are generated inside PostgreSQL (generate_series), which
// writes a million rows in a fraction of the time a client-side loop would.
// Usage: npm run db:seed:large [-- --contacts 1000000]
import { fileURLToPath } from "node:url";
import pg from "pg";
import { bootDatabase, migrate } from "../server/boot";

export const LARGE_SLUG = "large-benchmark-co";
export const LARGE_CONTACTS = 1_000_000;

const GIVEN = `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly
Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie
Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen
Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra
Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia
Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy
Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara
Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan Abigail Billy Alice Joe Julia Bruce Judy Gabriel
Sophia Logan Grace Albert Denise Willie Amber Alan Doris Juan Marilyn Wayne Danielle Elijah Beverly Randy Isabella Roy Theresa
Vincent Diana Ralph Natalie Eugene Brittany Russell Charlotte Bobby Marie Mason Kayla Philip Alexis Louis Lori Priya Wei Yuki
Ahmed Fatima Mohammed Aisha Sofia Mateo Lucia Hiroshi Mei Olga Ivan Chloe Liam Noor Omar`.split(/\s+/);
const FAMILY = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King
Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans
Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson
Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price
Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson
Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West
Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald
Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon
Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren
Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins
Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley
Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval
Yamamoto Tanaka Wang Zhang Ivanova Kowalski Muller Dubois Rossi Okafor Haddad Novak`.split(/\s+/);
const COMPANY_WORDS = `Acme Summit Blue Harbor Bright Oak Pine River Golden Metro Pioneer Apex Cedar Northstar Evergreen Liberty
Coastal Prairie Granite Silver`.split(/\s+/);
const COMPANY_KINDS = `Dental Plumbing Roofing Legal Realty Bakery Fitness Salon Auto Clinic Design Studio Consulting Landscaping
Electric HVAC Cleaning Catering Photography Insurance`.split(/\s+/);
const AREA_CODES = ["212", "312", "415", "213", "617", "305", "404", "206", "512", "303", "602", "702", "214", "646", "718", "510", "619", "713", "773", "202"];
const ZONES: Record<string, string> = {
  "212": "America/New_York", "312": "America/Chicago", "415": "America/Los_Angeles", "213": "America/Los_Angeles",
  "617": "America/New_York", "305": "America/New_York", "404": "America/New_York", "206": "America/Los_Angeles",
  "512": "America/Chicago", "303": "America/Denver", "602": "America/Phoenix", "702": "America/Los_Angeles",
  "214": "America/Chicago", "646": "America/New_York", "718": "America/New_York", "510": "America/Los_Angeles",
  "619": "America/Los_Angeles", "713": "America/Chicago", "773": "America/Chicago", "202": "America/New_York",
};

/** The large business's id, created on first use (the owner connection bypasses RLS). */
export async function ensureLargeBusiness(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Tenant" (id, name, slug, country, timezone, "updatedAt") VALUES ($1, 'Large Benchmark Co', $2, 'US', 'America/New_York', now())
     ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [`tenant-${LARGE_SLUG}`, LARGE_SLUG],
  );
  return rows[0]!.id;
}

/**
 * Tops the business up to `count` contacts: deterministic names, unique phone numbers and
 * e-mails, a third with a company, 2% tagged "vip", 1% do-not-call. Rerunning adds only what is missing.
 */
export async function seedLargeContacts(client: pg.ClientBase, tenantId: string, count: number, log: (m: string) => void = () => {}) {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Contact" WHERE "tenantId" = $1`, [tenantId]);
  const have = Number(rows[0]!.n);
  const step = 100_000;
  for (let from = have + 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    const started = Date.now();
    // Multiplying by large primes scatters names, so neighbouring rows do not share them.
    await client.query(
      `INSERT INTO "Contact" (id, "tenantId", "givenName", "familyName", phone, email, company, timezone, tags, source, "doNotCall", "createdAt", "updatedAt")
       SELECT 'lg-' || g, $1, n.given, n.family,
              '+1' || a.code || lpad(((g * 7919) % 10000000)::text, 7, '0'),
              lower(n.given || '.' || n.family || '.' || g || '@example.com'),
              CASE WHEN g % 3 = 0 THEN ($4::text[])[(1 + (g * 31) % cardinality($4::text[]))::int] || ' ' || ($5::text[])[(1 + (g * 17) % cardinality($5::text[]))::int] ELSE '' END,
              a.zone,
              CASE WHEN h.h % 50 = 0 THEN ARRAY['vip'] WHEN h.h % 7 = 0 THEN ARRAY['lead'] ELSE ARRAY[]::text[] END,
              CASE WHEN h.h % 10 = 1 THEN 'import' WHEN h.h % 10 = 2 THEN 'phone' ELSE 'manual' END,
              h.h % 100 = 3,
              (now() AT TIME ZONE 'UTC') - make_interval(secs => ($8::int - g)::int),
              (now() AT TIME ZONE 'UTC') - make_interval(secs => ($8::int - g)::int)
       FROM generate_series($2::bigint, $3::bigint) g
       -- Tags, source and do-not-call from a hash of g, so they are not correlated with the names.
       CROSS JOIN LATERAL (SELECT abs(hashint8(g)) AS h) h
       CROSS JOIN LATERAL (SELECT ($6::text[])[(1 + (g * 2654435761) % cardinality($6::text[]))::int] AS given,
                                  ($7::text[])[(1 + (g * 40503) % cardinality($7::text[]))::int] AS family) n
       CROSS JOIN LATERAL (SELECT ($9::text[])[(1 + (g * 13) % cardinality($9::text[]))::int] AS code) c
       CROSS JOIN LATERAL (SELECT c.code, ($10::jsonb ->> c.code) AS zone) a`,
      [tenantId, from, to, COMPANY_WORDS, COMPANY_KINDS, GIVEN, FAMILY, count, AREA_CODES, JSON.stringify(ZONES)],
    );
    log(`contacts ${to.toLocaleString("en-US")} / ${count.toLocaleString("en-US")} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  await client.query(`ANALYZE "Contact"`);
}

async function main() {
  const args = process.argv.slice(2);
  const flag = args.indexOf("--contacts");
  const contacts = flag >= 0 ? Number(args[flag + 1]) : LARGE_CONTACTS;
  const database = await bootDatabase((m) => console.log(m));
  const client = new pg.Client({ connectionString: database.url });
  try {
    await migrate(database.url, (m) => console.log(m));
    await client.connect();
    const tenantId = await ensureLargeBusiness(client);
    await seedLargeContacts(client, tenantId, contacts, (m) => console.log(m));
    console.log(`Large business ${LARGE_SLUG} (${tenantId}) ready.`);
  } finally {
    await client.end();
    await database.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
