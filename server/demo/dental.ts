// The demo business's records: Bright Smile Dental in Chicago with its patients, team, calendar,
// invoices, treatment projects and knowledge base, so a first `npm start` shows a lived-in app.
// Everything comes from one seeded random source (same data on every machine, relative to
// today). Contacts and appointments are batch-inserted for speed; staff, services, invoices,
// payments, projects and articles go through their services so the data obeys the same rules
// as typed-in data (and knowledge passages get split for search).
import type { Prisma, Tx } from "../db";
import type { AppointmentStatus } from "../db/generated/enums";
import { createService } from "../scheduling/services";
import { createStaff, setWeeklyHours } from "../scheduling/staff";
import { addDays, localDateOf, wallTimeToInstant, weekdayOf, type LocalDate } from "../scheduling/zoned-time";
import { createInvoice } from "../invoices/invoices";
import { recordPayment } from "../invoices/payments";
import { businessToday, toDbDate } from "../invoices/dates";
import { createProject } from "../projects/projects";
import { createArticle } from "../knowledge/articles";
import { seededRandom, type Random } from "./random";

export const DEMO_CONTACTS = 300;
const SEED = 20261122;

export interface DemoScope {
  db: Tx;
  tenantId: string;
  timeZone: string;
  /** The owner: projects are assigned to them. Writes are recorded as the system (actor null). */
  ownerId: string;
  now: Date;
}

const GIVEN = [
  "José", "María", "Zoë", "Renée", "Chloé", "Björn", "Siobhán", "Søren", "Anaïs", "Noël", "Inés", "François", "Łukasz", "Dagný",
  "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia", "Logan", "Amelia",
  "Elijah", "Harper", "Aiden", "Evelyn", "Jackson", "Abigail", "Carter", "Emily", "Grayson", "Ella", "Wyatt", "Scarlett", "Priya",
  "Wei", "Yuki", "Ahmed", "Fatima", "Omar", "Aisha", "Mateo", "Lucía", "Hiroshi", "Mei", "Darnell", "Keisha", "Tyrone", "Latoya",
  "Brian", "Karen", "Kevin", "Linda", "Gregory", "Deborah", "Patrick", "Colleen", "Thanh", "Minh", "Giulia", "Rafael", "Ngozi",
];
const FAMILY = [
  "García", "Müller", "Nguyễn", "Peña", "Ibáñez", "O'Brien", "Kowalczyk", "Lindqvist", "Dvořák", "Çelik", "Þórsdóttir", "Núñez",
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
  "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
  "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Patel", "Kim", "Chen", "Wang", "Okafor", "Haddad", "Rossi",
  "Murphy", "Sullivan", "Kowalski", "Novak", "Jablonski", "Washington", "Jefferson", "Brooks", "Reyes", "Ortiz", "Schmidt",
];
const COMPANIES = [
  "Lakeshore Logistics", "Wicker Park Bakery", "Midway Auto Group", "Prairie State Insurance", "Loop Legal LLP", "Fulton Market Studio",
  "North Branch Plumbing", "Hyde Park Books", "Evanston Fitness", "Oak Brook Realty", "Ravenswood Design Co.", "Pilsen Tacos",
];
// Chicago-area codes with the 555-01xx range, which is reserved for fiction: no real person gets a call.
const AREA_CODES = ["312", "773", "872", "630", "708", "847"];
const SUBURBS = ["Chicago", "Chicago", "Chicago", "Evanston", "Oak Park", "Cicero", "Skokie", "Berwyn", "Naperville"];
const STREETS = ["N Clark St", "W Belmont Ave", "N Milwaukee Ave", "S Halsted St", "W Armitage Ave", "N Broadway", "W Division St"];

/** Lower-case ASCII for an e-mail local part ("Siobhán Þórsdóttir" -> "siobhan.thorsdottir"). */
function asciiSlug(s: string): string {
  return s
    .replace(/þ/gi, "th")
    .replace(/ł/gi, "l")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

function buildContacts(r: Random, scope: DemoScope): Prisma.ContactCreateManyInput[] {
  const usedPhones = new Set<string>();
  const rows: Prisma.ContactCreateManyInput[] = [];
  for (let i = 0; i < DEMO_CONTACTS; i++) {
    const givenName = r.pick(GIVEN);
    const familyName = r.pick(FAMILY);
    let phone: string;
    do phone = `+1${r.pick(AREA_CODES)}55501${String(r.int(0, 99)).padStart(2, "0")}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const tags = ["patient"];
    if (r.chance(0.12)) tags.push("new-patient");
    if (r.chance(0.08)) tags.push("invisalign");
    if (r.chance(0.3)) tags.push(r.pick(["delta-dental", "cigna", "metlife", "self-pay"]));
    if (r.chance(0.05)) tags.push("vip");
    const consent = r.chance(0.7) ? "granted" : "unknown";
    rows.push({
      tenantId: scope.tenantId,
      givenName,
      familyName,
      phone,
      email: r.chance(0.85) ? `${asciiSlug(givenName)}.${asciiSlug(familyName)}${i}@example.com` : null,
      company: r.chance(0.25) ? r.pick(COMPANIES) : "",
      addressLine1: `${r.int(100, 4999)} ${r.pick(STREETS)}`,
      city: r.pick(SUBURBS),
      region: "IL",
      postalCode: `60${String(r.int(100, 699)).padStart(3, "0")}`,
      country: "US",
      timezone: scope.timeZone,
      tags,
      source: r.pick(["manual", "manual", "import", "phone"]),
      consentStatus: consent,
      consentSource: consent === "granted" ? "New-patient form" : null,
      doNotCall: r.chance(0.03),
      notes: r.chance(0.1) ? r.pick(["Prefers morning appointments.", "Anxious patient: explain each step.", "Latex allergy."]) : "",
    });
  }
  return rows;
}

interface DemoTeam {
  people: { id: string; serviceIds: string[] }[];
  room: { id: string; serviceIds: string[] };
  services: Map<string, { id: string; name: string; durationMinutes: number; bufferAfterMinutes: number; price: number }>;
}

// Mon-Thu 8-17 and Fri 8-15, lunch on every working day: the slot finder must step around it.
const WEEK = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: "08:00",
  end: weekday === 5 ? "15:00" : "17:00",
  breaks: [{ start: "12:00", end: weekday === 5 ? "12:30" : "13:00" }],
}));

async function buildTeam(scope: DemoScope): Promise<DemoTeam> {
  const ctx = { db: scope.db, tenantId: scope.tenantId, actorId: null };
  const specs = [
    { key: "cleaning", name: "Cleaning and exam", durationMinutes: 60, bufferAfterMinutes: 10, price: 145 },
    { key: "newPatient", name: "New patient exam and X-rays", durationMinutes: 45, bufferAfterMinutes: 5, price: 220 },
    { key: "filling", name: "Tooth-coloured filling", durationMinutes: 60, bufferAfterMinutes: 10, price: 240 },
    { key: "crown", name: "Crown preparation", durationMinutes: 90, bufferAfterMinutes: 15, price: 1150 },
    { key: "emergency", name: "Emergency visit", durationMinutes: 30, bufferAfterMinutes: 0, price: 120 },
    { key: "whitening", name: "In-office whitening", durationMinutes: 90, bufferAfterMinutes: 15, price: 450 },
  ];
  const services = new Map<string, DemoTeam["services"] extends Map<string, infer V> ? V : never>();
  for (const s of specs) {
    const created = await createService(ctx, { name: s.name, durationMinutes: s.durationMinutes, bufferAfterMinutes: s.bufferAfterMinutes });
    services.set(s.key, { id: created.id, name: s.name, durationMinutes: s.durationMinutes, bufferAfterMinutes: s.bufferAfterMinutes, price: s.price });
  }
  const ids = (...keys: string[]) => keys.map((k) => services.get(k)!.id);
  const staffSpecs = [
    { name: "Dr. Maya Okafor", color: "#2563eb", serviceIds: ids("newPatient", "filling", "crown", "emergency") },
    { name: "Dr. Luis Peña", color: "#16a34a", serviceIds: ids("newPatient", "filling", "crown", "emergency") },
    { name: "Hannah Lindqvist, RDH", color: "#db2777", serviceIds: ids("cleaning", "newPatient") },
    { name: "Whitening suite", kind: "room" as const, color: "#f59e0b", serviceIds: ids("whitening") },
  ];
  const made: { id: string; serviceIds: string[] }[] = [];
  for (const spec of staffSpecs) {
    const staff = await createStaff(ctx, spec);
    await setWeeklyHours(ctx, { staffId: staff.id, days: WEEK });
    made.push({ id: staff.id, serviceIds: spec.serviceIds });
  }
  return { people: made.slice(0, 3), room: made[3]!, services };
}

/**
 * Fills each working day from 30 days ago to 30 days ahead, back to back with gaps, keeping
 * off lunch and closing time. Each appointment's blocked range (with its buffer) starts where
 * the previous one's ended or later, so the database's no-overlap constraint holds.
 */
function buildAppointments(r: Random, scope: DemoScope, team: DemoTeam, contactIds: string[]): Prisma.AppointmentCreateManyInput[] {
  const byId = new Map([...team.services.values()].map((s) => [s.id, s]));
  const rows: Prisma.AppointmentCreateManyInput[] = [];
  const today = localDateOf(scope.now, scope.timeZone);
  for (let offset = -30; offset <= 30; offset++) {
    const date: LocalDate = addDays(today, offset);
    const day = WEEK.find((d) => d.weekday === weekdayOf(date));
    if (!day) continue;
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    const stretches = [
      [minutes(day.start), minutes(day.breaks[0]!.start)],
      [minutes(day.breaks[0]!.end), minutes(day.end)],
    ] as const;
    for (const staff of [...team.people, team.room]) {
      // The room is booked less; the future thins out the further it is.
      const fill = (staff === team.room ? 0.35 : 0.8) - (offset > 0 ? offset * 0.012 : 0);
      for (const [from, to] of stretches) {
        let cursor = from;
        while (cursor < to) {
          const service = byId.get(r.pick(staff.serviceIds))!;
          const end = cursor + service.durationMinutes;
          if (end + service.bufferAfterMinutes > to) break;
          if (!r.chance(fill)) {
            cursor += 30;
            continue;
          }
          const startsAt = wallTimeToInstant(date, cursor, scope.timeZone);
          const endsAt = wallTimeToInstant(date, end, scope.timeZone);
          const status = statusFor(r, startsAt, scope.now);
          rows.push({
            tenantId: scope.tenantId,
            staffId: staff.id,
            serviceId: service.id,
            contactId: r.pick(contactIds),
            startsAt,
            endsAt,
            blockedStart: startsAt,
            blockedEnd: new Date(endsAt.getTime() + service.bufferAfterMinutes * 60_000),
            status,
            source: r.chance(0.3) ? "phone" : "manual",
            reminderState: startsAt < scope.now ? "sent" : "pending",
            reminderSentAt: startsAt < scope.now ? new Date(startsAt.getTime() - 86_400_000) : null,
            cancelledAt: status === "cancelled" ? new Date(Math.min(scope.now.getTime(), startsAt.getTime() - 2 * 86_400_000)) : null,
            cancelReason: status === "cancelled" ? r.pick(["Patient is ill", "Work conflict", "Rescheduling later"]) : null,
            notes: r.chance(0.1) ? r.pick(["Bring insurance card.", "Sensitive lower left molar.", "Wants whitening quote."]) : "",
          });
          cursor = end + service.bufferAfterMinutes;
        }
      }
    }
  }
  return rows;
}

function statusFor(r: Random, startsAt: Date, now: Date): AppointmentStatus {
  const x = r.next();
  if (startsAt < now) return x < 0.85 ? "completed" : x < 0.93 ? "no_show" : "cancelled";
  return x < 0.55 ? "scheduled" : x < 0.95 ? "confirmed" : "cancelled";
}

/** Invoices over the last 120 days: most paid, some part-paid, some open and some overdue. */
async function buildInvoices(r: Random, scope: DemoScope, team: DemoTeam, contactIds: string[]): Promise<number> {
  const ctx = { db: scope.db, tenantId: scope.tenantId, actorId: null, now: () => scope.now };
  const today = businessToday(scope.timeZone, scope.now);
  const services = [...team.services.values()];
  let count = 0;
  for (let i = 0; i < 80; i++) {
    const daysAgo = Math.floor((i / 80) * 120);
    const issueDate = shiftIso(today, -daysAgo);
    const items = [r.pick(services), ...(r.chance(0.3) ? [r.pick(services)] : [])];
    const total = items.reduce((sum, s) => sum + s.price, 0);
    const invoice = await createInvoice(ctx, {
      number: `BSD-${String(2401 + i)}`,
      contactId: r.pick(contactIds),
      currency: "USD",
      total: total.toFixed(2),
      issueDate,
      dueDate: shiftIso(issueDate, 30),
      lineSummary: items.map((s) => s.name).join(", "),
    });
    count++;
    const x = r.next();
    // Older invoices are more often settled; recent ones are still open.
    const paidShare = daysAgo < 20 ? 0.2 : 0.7;
    if (x < paidShare) {
      await recordPayment(ctx, { invoiceId: invoice.id, amount: total.toFixed(2), paidOn: shiftIso(issueDate, Math.min(daysAgo, r.int(1, 25))), method: r.pick(["card", "card", "check", "insurance"]) });
    } else if (x < paidShare + 0.12) {
      await recordPayment(ctx, { invoiceId: invoice.id, amount: (Math.round(total * 0.4)).toFixed(2), paidOn: shiftIso(issueDate, Math.min(daysAgo, 5)), method: "insurance" });
    }
  }
  // The nightly job stores "overdue"; the demo should not wait a night for it.
  await scope.db.invoice.updateMany({
    where: { tenantId: scope.tenantId, status: { in: ["open"] }, dueDate: { lt: toDbDate(today) } },
    data: { status: "overdue" },
  });
  return count;
}

function shiftIso(iso: string, days: number): string {
  return new Date(toDbDate(iso).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

async function buildProjects(r: Random, scope: DemoScope, contactIds: string[]) {
  const ctx = { db: scope.db, tenantId: scope.tenantId, actorId: null, now: () => scope.now };
  const today = businessToday(scope.timeZone, scope.now);
  const projects = [
    { name: "Invisalign treatment plan", status: "in_progress", updateSummary: "Aligner set 4 of 14 handed over; next check-in in six weeks.", due: 150 },
    { name: "Full-mouth rehabilitation", status: "planning", updateSummary: "Treatment plan drafted; waiting for the insurer's pre-authorisation.", due: 120 },
    { name: "Implant and crown, lower left", status: "on_hold", updateSummary: "Healing after the implant; crown fitting once the bone has integrated.", due: 75 },
    { name: "Veneers, upper front six", status: "review", updateSummary: "Temporaries fitted; patient reviewing the shade before the lab finishes.", due: 20 },
    { name: "Family orthodontic assessment", status: "completed", updateSummary: "All three children assessed; reports sent to the parents.", due: -10 },
    { name: "Night guard fitting", status: "in_progress", updateSummary: "Impressions sent to the lab; guard due back next week.", due: 10 },
  ] as const;
  for (const p of projects) {
    await createProject(ctx, {
      name: p.name,
      contactId: r.pick(contactIds),
      status: p.status,
      updateSummary: p.updateSummary,
      dueDate: shiftIso(today, p.due),
      ownerId: scope.ownerId,
    });
  }
  // One synced from the practice's Asana board, so the source column shows both kinds.
  await createProject(ctx, {
    name: "Office renovation: new operatory",
    company: "North Branch Plumbing",
    status: "in_progress",
    updateSummary: "Plumbing roughed in; chair delivery booked.",
    dueDate: shiftIso(today, 45),
    source: "asana",
    externalId: "1207745012",
  });
}

const ARTICLES = [
  {
    title: "Opening hours",
    tags: ["hours"],
    body: `# Opening hours\n\nMonday to Wednesday 8:00 am to 5:00 pm, Thursday 8:00 am to 7:00 pm (evening appointments for cleanings only), Friday 8:00 am to 3:00 pm. Closed Saturday and Sunday.\n\n## Lunch\n\nThe front desk is closed from 12:00 to 1:00 pm (12:00 to 12:30 on Fridays); calls go to the receptionist.\n\n## Holidays\n\nClosed on New Year's Day, Memorial Day, July 4th, Labor Day, Thanksgiving and Christmas Day.`,
  },
  {
    title: "Prices",
    tags: ["prices"],
    body: `# Prices\n\nCleaning and exam: $145. New patient exam with X-rays: $220. Tooth-coloured filling: from $240. Crown: from $1,150. In-office whitening: $450. Emergency visit: $120.\n\n## Payment\n\nWe take cards, checks and HSA/FSA cards. Payment plans are available for treatment over $1,000.`,
  },
  {
    title: "Insurance",
    tags: ["insurance"],
    body: `# Insurance\n\nWe are in network with Delta Dental PPO, Cigna Dental PPO and MetLife PDP. Other PPO plans are billed out of network. We do not accept HMO or Medicaid plans.\n\n## What to bring\n\nYour insurance card and a photo ID at your first visit. We file the claim for you.`,
  },
  {
    title: "Cancellation policy",
    tags: ["policies"],
    body: `# Cancellation policy\n\nPlease cancel or reschedule at least 24 hours ahead. Missed appointments without notice are charged $50. After two missed appointments we ask for a deposit when booking.`,
  },
  {
    title: "Parking and directions",
    tags: ["location"],
    body: `# Parking and directions\n\nBright Smile Dental is at 1420 N Clark St, Chicago, second floor.\n\n## Parking\n\nFree parking for patients in the lot behind the building (entrance on W Schiller St). Street parking is metered.\n\n## Public transport\n\nClark/Division on the Red Line is a five-minute walk; the 22 Clark bus stops at the door.`,
  },
  {
    title: "Dental emergencies",
    tags: ["emergencies", "policies"],
    body: `# Dental emergencies\n\nFor severe tooth pain, a knocked-out tooth or swelling, call us first thing: we keep same-day emergency slots. Outside opening hours, go to the emergency room for facial swelling or trouble breathing.`,
  },
];

export interface DemoCounts {
  contacts: number;
  appointments: number;
  invoices: number;
  projects: number;
  articles: number;
}

/** Writes the whole demo into a business that has no records yet. */
export async function buildDemoBusiness(scope: DemoScope): Promise<DemoCounts> {
  const r = seededRandom(SEED);
  const contacts = await scope.db.contact.createManyAndReturn({ data: buildContacts(r, scope), select: { id: true } });
  const contactIds = contacts.map((c) => c.id);
  const team = await buildTeam(scope);
  const appointments = buildAppointments(r, scope, team, contactIds);
  await scope.db.appointment.createMany({ data: appointments });
  const invoices = await buildInvoices(r, scope, team, contactIds);
  await buildProjects(r, scope, contactIds);
  const kctx = { db: scope.db, tenantId: scope.tenantId, actorId: null };
  for (const a of ARTICLES) await createArticle(kctx, a);
  return { contacts: contactIds.length, appointments: appointments.length, invoices, projects: 7, articles: ARTICLES.length };
}
