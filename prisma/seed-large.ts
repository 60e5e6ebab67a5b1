// `npm run db:seed:large`: a business sized for the performance budgets of issue #3
// (docs/performance.md). Contacts are generated inside PostgreSQL (generate_series), which
// writes a million rows in a fraction of the time a client-side loop would.
// Appointments and invoices follow the same way, pointing at those contacts.
// Usage: npm run db:seed:large [-- --contacts 1000000 --appointments 200000 --invoices 100000]
import { fileURLToPath } from "node:url";
import pg from "pg";
import { bootDatabase, migrate } from "../server/boot";

export const LARGE_SLUG = "large-benchmark-co";
export const LARGE_CONTACTS = 1_000_000;
export const LARGE_APPOINTMENTS = 200_000;
export const LARGE_INVOICES = 100_000;
const LARGE_STAFF = 20;
/** Half-hour slots from 8:00 to 16:00 on weekdays. */
const SLOTS_PER_DAY = 16;

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

async function contactCount(client: pg.ClientBase, tenantId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Contact" WHERE "tenantId" = $1 AND id LIKE 'lg-%'`, [tenantId]);
  const n = Number(rows[0]!.n);
  if (n === 0) throw new Error("Seed the large business's contacts first: appointments and invoices point at them.");
  return n;
}

async function countOf(client: pg.ClientBase, table: "Appointment" | "Invoice", tenantId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE "tenantId" = $1`, [tenantId]);
  return Number(rows[0]!.n);
}

/**
 * Tops the business up to `count` appointments with 20 staff members, starting on a Monday a
 * year ago (200,000 reach about fourteen months ahead). Appointment g goes to staff g % 20 and that person's
 * (g / 20)-th half-hour slot, counting weekdays only, so no two ever overlap (the database's
 * EXCLUDE constraint would refuse them). Past ones are mostly completed, future ones booked.
 */
export async function seedLargeAppointments(client: pg.ClientBase, tenantId: string, count: number, log: (m: string) => void = () => {}) {
  for (let i = 0; i < LARGE_STAFF; i++) {
    await client.query(
      `INSERT INTO "StaffMember" (id, "tenantId", name, "updatedAt") VALUES ($1, $2, $3, now()) ON CONFLICT (id) DO NOTHING`,
      [`lg-staff-${i}`, tenantId, `Staff ${i + 1}`],
    );
  }
  await client.query(
    `INSERT INTO "Service" (id, "tenantId", name, "durationMinutes", "updatedAt") VALUES ('lg-service', $1, 'Consultation', 30, now()) ON CONFLICT (id) DO NOTHING`,
    [tenantId],
  );
  const contacts = await contactCount(client, tenantId);
  const have = await countOf(client, "Appointment", tenantId);
  const step = 50_000;
  for (let from = have + 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    const started = Date.now();
    await client.query(
      `INSERT INTO "Appointment" (id, "tenantId", "contactId", "staffId", "serviceId", "startsAt", "endsAt", "blockedStart", "blockedEnd",
                                  status, source, "reminderState", "createdAt", "updatedAt")
       SELECT 'lga-' || g, $1, 'lg-' || (1 + (g * 7919) % $4), 'lg-staff-' || ((g - 1) % $5), 'lg-service',
              t.starts, t.starts + interval '30 minutes', t.starts, t.starts + interval '30 minutes',
              (CASE WHEN t.starts < now() THEN (CASE WHEN h.h % 100 < 85 THEN 'completed' WHEN h.h % 100 < 93 THEN 'no_show' ELSE 'cancelled' END)
                    ELSE (CASE WHEN h.h % 100 < 55 THEN 'scheduled' WHEN h.h % 100 < 95 THEN 'confirmed' ELSE 'cancelled' END) END)::"AppointmentStatus",
              (CASE WHEN h.h % 3 = 0 THEN 'phone' ELSE 'manual' END)::"AppointmentSource",
              (CASE WHEN t.starts < now() THEN 'sent' ELSE 'pending' END)::"ReminderState",
              now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM generate_series($2::bigint, $3::bigint) g
       CROSS JOIN LATERAL (SELECT abs(hashint8(g)) AS h) h
       CROSS JOIN LATERAL (SELECT (g - 1) / $5 AS k) k
       -- k-th slot of this person: weekday number k / 16 from a Monday a year ago, slot k % 16 from 8:00.
       CROSS JOIN LATERAL (SELECT ((date_trunc('week', now() AT TIME ZONE 'America/New_York')::date - 364
                                    + ((k.k / $6) / 5 * 7 + (k.k / $6) % 5)::int)::timestamp
                                   + interval '8 hours' + (k.k % $6) * interval '30 minutes') AT TIME ZONE 'America/New_York' AS starts) t`,
      [tenantId, from, to, contacts, LARGE_STAFF, SLOTS_PER_DAY],
    );
    log(`appointments ${to.toLocaleString("en-US")} / ${count.toLocaleString("en-US")} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  await client.query(`ANALYZE "Appointment"`);
}

/**
 * Tops the business up to `count` invoices issued over the last 400 days: 60% paid, 10% part
 * paid, 5% drafts, the rest open or overdue by their due date; 5% in EUR. Payments rows are not
 * written: the list, aging and search budgets read the invoice's own amounts.
 */
export async function seedLargeInvoices(client: pg.ClientBase, tenantId: string, count: number, log: (m: string) => void = () => {}) {
  const contacts = await contactCount(client, tenantId);
  const have = await countOf(client, "Invoice", tenantId);
  const step = 50_000;
  for (let from = have + 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    const started = Date.now();
    await client.query(
      `INSERT INTO "Invoice" (id, "tenantId", number, "contactId", currency, total, "amountDue", "issueDate", "dueDate", status, "lineSummary",
                              "createdAt", "updatedAt")
       SELECT 'lgi-' || g, $1, 'LG-' || lpad(g::text, 7, '0'), 'lg-' || (1 + (g * 104729) % $4),
              CASE WHEN h.h % 20 = 0 THEN 'EUR' ELSE 'USD' END, a.total,
              CASE WHEN h.h % 100 < 60 THEN 0 WHEN h.h % 100 < 70 THEN round(a.total / 2, 2) ELSE a.total END,
              d.issued, d.issued + 30,
              (CASE WHEN h.h % 100 < 60 THEN 'paid' WHEN h.h % 100 < 70 THEN 'partially_paid' WHEN h.h % 100 < 75 THEN 'draft'
                    WHEN d.issued + 30 < current_date THEN 'overdue' ELSE 'open' END)::"InvoiceStatus",
              'Consultation', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM generate_series($2::bigint, $3::bigint) g
       CROSS JOIN LATERAL (SELECT abs(hashint8(g)) AS h) h
       CROSS JOIN LATERAL (SELECT round(50 + (h.h % 200000) / 100.0, 2) AS total) a
       CROSS JOIN LATERAL (SELECT current_date - (g % 400)::int AS issued) d`,
      [tenantId, from, to, contacts],
    );
    log(`invoices ${to.toLocaleString("en-US")} / ${count.toLocaleString("en-US")} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  await client.query(`ANALYZE "Invoice"`);
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

async function main() {
  const args = process.argv.slice(2);
  const contacts = flag(args, "contacts", LARGE_CONTACTS);
  const appointments = flag(args, "appointments", LARGE_APPOINTMENTS);
  const invoices = flag(args, "invoices", LARGE_INVOICES);
  const database = await bootDatabase((m) => console.log(m));
  const client = new pg.Client({ connectionString: database.url });
  try {
    await migrate(database.url, (m) => console.log(m));
    await client.connect();
    const tenantId = await ensureLargeBusiness(client);
    await seedLargeContacts(client, tenantId, contacts, (m) => console.log(m));
    await seedLargeAppointments(client, tenantId, appointments, (m) => console.log(m));
    await seedLargeInvoices(client, tenantId, invoices, (m) => console.log(m));
    console.log(`Large business ${LARGE_SLUG} (${tenantId}) ready.`);
  } finally {
    await client.end();
    await database.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
