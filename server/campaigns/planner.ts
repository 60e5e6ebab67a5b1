// Planning: turns due work into CallTasks, one per (campaign, subject, attempt), set-based SQL so
// a pass over 100,000 appointments or invoices takes seconds. Idempotent: the unique key
// (campaignId, subjectType, subjectId, attempt) and the "latest task" checks make a second pass
// add nothing. Incremental: after a full pass, a campaign's watermark (plannedThrough) limits the
// next pass to subjects updated since (plus, for collections, invoices whose next cadence day
// arrived). "dueAt" is the subject version's due time (appointment start - hours, invoice due date
// + cadence day); follow-up tasks keep it and carry their own nextAttemptAt.
import type { PrismaClient, Tx } from "../db";
import { Prisma } from "../db";
import { businessToday, toDbDate } from "../invoices/dates";
import { parseCampaignSettings, type CollectionsSettings, type ListSettings, type ReminderSettings } from "./settings";

export interface PlannerContext {
  db: Tx | PrismaClient;
  tenantId: string;
}

export interface PlanResult {
  created: number;
  updated: number;
  withdrawn: number;
}

const OPEN = `('pending','waiting')`;
const ACTIVE = `('pending','waiting','dispatching','dialing')`;
/** Outcomes after which a collections campaign stops calling about the debt. */
const STOP_OUTCOMES = `('dispute','paid','opted_out','wrong_person')`;

function newId() {
  // cuid-shaped enough for TEXT ids; generated in SQL for bulk inserts.
  return Prisma.sql`'ct' || replace(gen_random_uuid()::text, '-', '')`;
}

/**
 * The campaign's existing tasks per subject, aggregated once. (A per-row LATERAL lookup would
 * re-read the pages the same INSERT is filling: quadratic on a full pass of 100,000 rows.)
 */
function existing(campaignId: string, subjectType: "appointment" | "invoice") {
  return Prisma.sql`
    SELECT t."subjectId", max(t.attempt) AS m, bool_or(t.state IN ${Prisma.raw(ACTIVE)}) AS active, array_agg(t."dueAt") AS dues,
           max(t."dueAt") AS "lastDue", bool_or(t.outcome IN ${Prisma.raw(STOP_OUTCOMES)}) AS stopped
      FROM "CallTask" t WHERE t."campaignId" = ${campaignId} AND t."subjectType" = ${subjectType}::"CallTaskSubject"
     GROUP BY t."subjectId"`;
}

export async function planCampaign(ctx: PlannerContext, campaignId: string, opts: { now?: Date; full?: boolean } = {}): Promise<PlanResult> {
  const now = opts.now ?? new Date();
  // The watermark compares with rows' updatedAt, which the wall clock writes: take it from the
  // wall clock at the pass's start (rows updated while the pass runs are looked at again).
  const passStart = new Date();
  const campaign = await ctx.db.campaign.findFirstOrThrow({ where: { id: campaignId, tenantId: ctx.tenantId } });
  const watermark = opts.full ? null : campaign.plannedThrough;
  let result: PlanResult;
  if (campaign.status !== "active") {
    result = { created: 0, updated: 0, withdrawn: 0 };
  } else if (campaign.type === "reminder") {
    result = await planReminders(ctx, campaign.id, parseCampaignSettings("reminder", campaign.settings), watermark, now);
  } else if (campaign.type === "collections") {
    result = await planCollections(ctx, campaign.id, parseCampaignSettings("collections", campaign.settings), watermark, now);
  } else {
    result = await planList(ctx, campaign.id, parseCampaignSettings("list", campaign.settings), watermark, now);
  }
  if (campaign.status === "active") await ctx.db.campaign.update({ where: { id: campaign.id }, data: { plannedThrough: passStart } });
  return result;
}

async function planReminders(
  ctx: PlannerContext,
  campaignId: string,
  s: ReminderSettings,
  watermark: Date | null,
  now: Date,
): Promise<PlanResult> {
  const { db, tenantId } = ctx;
  const overrides = JSON.stringify(s.serviceOverrides);
  const changed = watermark ? Prisma.sql`AND a."updatedAt" > ${watermark}` : Prisma.empty;
  // Desired due time per live future appointment with a callable contact.
  const desired = Prisma.sql`
    SELECT a.id, a."contactId", c.phone,
           (a."startsAt" - make_interval(hours => COALESCE((${overrides}::jsonb ->> a."serviceId")::int, ${s.hoursBefore}::int))) AT TIME ZONE 'UTC' AS due
      FROM "Appointment" a JOIN "Contact" c ON c.id = a."contactId"
     WHERE a."tenantId" = ${tenantId} AND a.status IN ('scheduled','confirmed','rescheduled')
       AND a."startsAt" > ${now} AND c.phone IS NOT NULL ${changed}`;

  const withdrawn = await db.$executeRaw`
    UPDATE "CallTask" t SET state = 'withdrawn', "reasonCode" = 'subject_gone',
           reason = 'The appointment was cancelled, completed or has passed', "updatedAt" = ${now}
      FROM "Appointment" a
     WHERE t."campaignId" = ${campaignId} AND t."subjectType" = 'appointment' AND t."subjectId" = a.id
       AND t.state IN ${Prisma.raw(OPEN)} AND a."tenantId" = ${tenantId}
       AND (a.status NOT IN ('scheduled','confirmed','rescheduled') OR a."startsAt" <= ${now}) ${changed}`;

  // Rescheduled before the reminder went out: move the waiting task to the new time.
  const updated = await db.$executeRaw`
    UPDATE "CallTask" t SET "dueAt" = d.due, "nextAttemptAt" = GREATEST(d.due, ${now}), phone = d.phone,
           reason = 'Moved: the appointment was rescheduled', "updatedAt" = ${now}
      FROM (${desired}) d
     WHERE t."campaignId" = ${campaignId} AND t."subjectType" = 'appointment' AND t."subjectId" = d.id
       AND t.state IN ${Prisma.raw(OPEN)} AND t."dueAt" <> d.due`;

  // New appointments get attempt 1; ones rescheduled after their reminder ran get a new attempt.
  const created = await db.$executeRaw`
    INSERT INTO "CallTask" (id, "tenantId", "campaignId", kind, "subjectType", "subjectId", "contactId", phone, attempt, state, "dueAt", "nextAttemptAt", reason, "createdAt", "updatedAt")
    SELECT ${newId()}, ${tenantId}, ${campaignId}, CASE WHEN l.m IS NULL THEN 'initial' ELSE 'reschedule' END, 'appointment', d.id, d."contactId", d.phone,
           COALESCE(l.m, 0) + 1, 'pending', d.due, GREATEST(d.due, ${now}), 'Scheduled', ${now}, ${now}
      FROM (${desired}) d
      LEFT JOIN (${existing(campaignId, "appointment")}) l ON l."subjectId" = d.id
     WHERE l.m IS NULL OR (NOT l.active AND NOT d.due = ANY (l.dues))
    ON CONFLICT DO NOTHING`;
  return { created, updated, withdrawn };
}

async function planCollections(
  ctx: PlannerContext,
  campaignId: string,
  s: CollectionsSettings,
  watermark: Date | null,
  now: Date,
): Promise<PlanResult> {
  const { db, tenantId } = ctx;
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const today = toDbDate(businessToday(tenant.timezone, now));
  const cadence = s.cadenceDays.filter((d) => d >= s.minDaysOverdue);
  if (cadence.length === 0) cadence.push(s.minDaysOverdue);
  const since = watermark ? toDbDate(businessToday(tenant.timezone, watermark)) : null;
  // Changed invoices, or ones whose next cadence day arrived since the last pass.
  const scope = since
    ? Prisma.sql`AND (i."updatedAt" > ${watermark} OR EXISTS (SELECT 1 FROM unnest(${cadence}::int[]) k WHERE i."dueDate" + k > ${since}::date AND i."dueDate" + k <= ${today}::date))`
    : Prisma.empty;
  // The current cadence step of each qualifying invoice: the latest day reached.
  const desired = Prisma.sql`
    SELECT i.id, i."contactId", c.phone,
           (SELECT (i."dueDate" + max(k))::timestamp FROM unnest(${cadence}::int[]) k WHERE i."dueDate" + k <= ${today}::date) AS due
      FROM "Invoice" i JOIN "Contact" c ON c.id = i."contactId"
     WHERE i."tenantId" = ${tenantId} AND i.status IN ('open','overdue','partially_paid')
       AND i."dueDate" <= ${today}::date - ${s.minDaysOverdue}::int AND i."amountDue" >= ${s.minAmount}::numeric
       AND c.phone IS NOT NULL AND NOT c."doNotCall" ${scope}
       AND NOT EXISTS (SELECT 1 FROM "PromiseToPay" p WHERE p."invoiceId" = i.id AND p.status = 'pending' AND p."promisedFor" >= ${today}::date)`;

  const withdrawn = await db.$executeRaw`
    UPDATE "CallTask" t SET state = 'withdrawn', "reasonCode" = 'subject_gone', reason = 'The invoice was paid or voided', "updatedAt" = ${now}
      FROM "Invoice" i
     WHERE t."campaignId" = ${campaignId} AND t."subjectType" = 'invoice' AND t."subjectId" = i.id
       AND t.state IN ${Prisma.raw(OPEN)} AND i."tenantId" = ${tenantId} AND i.status IN ('paid','void','draft')
       ${watermark ? Prisma.sql`AND i."updatedAt" > ${watermark}` : Prisma.empty}`;

  const created = await db.$executeRaw`
    INSERT INTO "CallTask" (id, "tenantId", "campaignId", kind, "subjectType", "subjectId", "contactId", "invoiceId", phone, attempt, state, "dueAt", "nextAttemptAt", reason, "createdAt", "updatedAt")
    SELECT ${newId()}, ${tenantId}, ${campaignId}, 'initial', 'invoice', d.id, d."contactId", d.id, d.phone,
           COALESCE(l.m, 0) + 1, 'pending', d.due, GREATEST(d.due, ${now}), 'Scheduled', ${now}, ${now}
      FROM (${desired}) d
      LEFT JOIN (${existing(campaignId, "invoice")}) l ON l."subjectId" = d.id
     WHERE d.due IS NOT NULL AND (l.m IS NULL OR (NOT l.active AND l."lastDue" < d.due AND NOT COALESCE(l.stopped, false)))
    ON CONFLICT DO NOTHING`;
  return { created, updated: 0, withdrawn };
}

async function planList(
  ctx: PlannerContext,
  campaignId: string,
  s: ListSettings,
  watermark: Date | null,
  now: Date,
): Promise<PlanResult> {
  const { db, tenantId } = ctx;
  if (!s.tag && !s.filter.country && !s.filter.createdAfter) return { created: 0, updated: 0, withdrawn: 0 };
  const conds: Prisma.Sql[] = [Prisma.sql`c."tenantId" = ${tenantId}`, Prisma.sql`c.phone IS NOT NULL`, Prisma.sql`NOT c."doNotCall"`];
  if (s.tag) conds.push(Prisma.sql`c.tags @> ARRAY[${s.tag}]::text[]`);
  if (s.filter.country) conds.push(Prisma.sql`c.country = ${s.filter.country.toUpperCase()}`);
  if (s.filter.createdAfter) conds.push(Prisma.sql`c."createdAt" > ${new Date(s.filter.createdAfter)}`);
  if (watermark) conds.push(Prisma.sql`c."updatedAt" > ${watermark}`);
  const created = await db.$executeRaw`
    INSERT INTO "CallTask" (id, "tenantId", "campaignId", kind, "subjectType", "subjectId", "contactId", phone, attempt, state, "dueAt", "nextAttemptAt", reason, "createdAt", "updatedAt")
    SELECT ${newId()}, ${tenantId}, ${campaignId}, 'initial', 'contact', c.id, c.id, c.phone, 1, 'pending', ${now}, ${now}, 'Scheduled', ${now}, ${now}
      FROM "Contact" c WHERE ${Prisma.join(conds, " AND ")}
    ON CONFLICT DO NOTHING`;
  return { created, updated: 0, withdrawn: 0 };
}

/** Plans every active campaign of one type across all businesses (the cron jobs). */
export async function planAll(db: PrismaClient, type: "reminder" | "collections" | "list", now: Date = new Date()) {
  const campaigns = await db.campaign.findMany({
    where: { type, status: "active", tenant: { status: "active" } },
    select: { id: true, tenantId: true },
  });
  const totals: PlanResult = { created: 0, updated: 0, withdrawn: 0 };
  for (const c of campaigns) {
    const r = await planCampaign({ db, tenantId: c.tenantId }, c.id, { now });
    totals.created += r.created;
    totals.updated += r.updated;
    totals.withdrawn += r.withdrawn;
  }
  return { campaigns: campaigns.length, ...totals };
}
