// Finding free times and checking one proposed time. Loads what the arithmetic in
// availability.ts needs in one query, then appointments a stretch at a time (so the usual
// "next few slots" request reads a day or two), and computes in memory. The phone agent calls
// findSlots on every booking turn, hence the budget: p95 under 20 ms (docs/performance.md).
import { z } from "zod";
import type { SchedulingContext } from "./context";
import { nowOf } from "./context";
import { explainTime, freeSlots, type DayHours, type Interval, type StaffSchedule, type SlotRules } from "./availability";
import { SchedulingError, type BookingIssue, type SlotSuggestion } from "./errors";
import { DEFAULT_BOOKING_RULES, type BookingRules } from "./settings";
import { addDays, localDateOf, wallClockOfDay, weekdayOf } from "./zoned-time";

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Appointments are loaded a stretch at a time: "the next few times" usually ends on the first
 * working day, and loading rows nobody needs costs more than another query; but every query is
 * a round trip, which under load costs more than reading a few hundred rows. So the first
 * stretch assumes a conservative FREE_PER_STAFF_DAY free slots per person and day (a calendar
 * 70% full still has about five of sixteen half-hours), and stretches double up to a limit that
 * keeps the rows read about the same: four weeks for one person, a week from four people on.
 * (100 slots of one person three weeks out: one or two queries, not four.)
 */
const FREE_PER_STAFF_DAY = 4;
const maxChunkDays = (staff: number) => Math.max(7, Math.ceil(28 / Math.max(1, staff)));
const firstChunk = (count: number, staff: number) =>
  Math.min(Math.max(1, Math.ceil(count / (FREE_PER_STAFF_DAY * Math.max(1, staff)))), maxChunkDays(staff)) * DAY;
/** The longest an appointment may block, buffers included (Appointment_blocked_length_check). */
const MAX_BLOCKED_MS = 2 * DAY;

export const findSlotsInput = z.object({
  serviceId: z.string().min(1),
  /** Any staff member who performs the service when absent. */
  staffId: z.string().min(1).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  count: z.number().int().min(1).max(100).default(5),
  /** Ignore this appointment's own time (when offering times to move it to). */
  excludeAppointmentId: z.string().min(1).optional(),
});

export type Slot = SlotSuggestion;

interface StaffForSlots {
  id: string;
  name: string;
  hours: Map<number, DayHours>;
}

interface SlotContext {
  timeZone: string;
  rules: BookingRules;
  service: { id: string; durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number };
  /** Active staff who perform the service, by name, with their weekly hours. */
  staff: StaffForSlots[];
  /** Every closure ending after `since`; staffId null closes the whole business. */
  closures: { staffId: string | null; start: number; end: number }[];
}

interface SlotContextRow {
  timeZone: string;
  minNoticeMinutes: number | null;
  horizonDays: number | null;
  slotStepMinutes: number | null;
  id: string;
  active: boolean;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  staff: { id: string; name: string; hours: { weekday: number; startMinute: number; endMinute: number; breaks: DayHours["breaks"] }[] }[];
  closures: { staffId: string | null; startsAt: string; endsAt: string }[];
}

/**
 * The business's zone and rules, the service, who performs it with their hours, and the
 * closures from `since` on, in one round trip: findSlots runs on every booking turn of a call,
 * and each query costs a round trip. (A business has few closures; all future ones are cheap.)
 */
async function loadSlotContext(ctx: SchedulingContext, serviceId: string, since: Date): Promise<SlotContext> {
  const [row] = await ctx.db.$queryRaw<SlotContextRow[]>`
    SELECT t."timezone" AS "timeZone", ss."minNoticeMinutes", ss."horizonDays", ss."slotStepMinutes",
      sv."id", sv."active", sv."durationMinutes", sv."bufferBeforeMinutes", sv."bufferAfterMinutes",
      (SELECT COALESCE(json_agg(json_build_object(
          'id', sm."id",
          'name', sm."name",
          'hours', (SELECT COALESCE(json_agg(json_build_object(
                      'weekday', h."weekday", 'startMinute', h."startMinute", 'endMinute', h."endMinute", 'breaks', h."breaks")), '[]'::json)
                    FROM "WorkingHours" h WHERE h."staffId" = sm."id"))), '[]'::json)
        FROM "StaffService" x JOIN "StaffMember" sm ON sm."id" = x."staffId"
        WHERE x."serviceId" = sv."id" AND sm."active") AS "staff",
      (SELECT COALESCE(json_agg(json_build_object('staffId', c."staffId", 'startsAt', c."startsAt", 'endsAt', c."endsAt")), '[]'::json)
        FROM "Closure" c WHERE c."endsAt" > ${since.toISOString()}::timestamptz) AS "closures"
    FROM "Service" sv
    JOIN "Tenant" t ON t."id" = sv."tenantId"
    LEFT JOIN "SchedulingSettings" ss ON ss."tenantId" = sv."tenantId"
    WHERE sv."id" = ${serviceId}`;
  if (!row || !row.active) throw new SchedulingError("not_found", "That service does not exist or is no longer offered.");
  const rules: BookingRules =
    row.minNoticeMinutes === null
      ? { ...DEFAULT_BOOKING_RULES }
      : { minNoticeMinutes: row.minNoticeMinutes, horizonDays: row.horizonDays!, slotStepMinutes: row.slotStepMinutes! };
  const staff = row.staff
    .map((s) => ({ id: s.id, name: s.name, hours: new Map(s.hours.map((h) => [h.weekday, { startMinute: h.startMinute, endMinute: h.endMinute, breaks: h.breaks }])) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const closures = row.closures.map((c) => ({ staffId: c.staffId, start: Date.parse(c.startsAt), end: Date.parse(c.endsAt) }));
  return { timeZone: row.timeZone, rules, service: row, staff, closures };
}

function slotRules(service: SlotContext["service"], rules: BookingRules, timeZone: string): SlotRules {
  return {
    timeZone,
    durationMs: service.durationMinutes * MINUTE,
    bufferBeforeMs: service.bufferBeforeMinutes * MINUTE,
    bufferAfterMs: service.bufferAfterMinutes * MINUTE,
    stepMs: rules.slotStepMinutes * MINUTE,
  };
}

/** The closures that apply to each of `staffIds`: business-wide ones and their own. */
function closuresByStaff(closures: SlotContext["closures"], staffIds: string[]): Map<string, Interval[]> {
  return new Map(staffIds.map((id) => [id, closures.filter((c) => c.staffId === null || c.staffId === id)]));
}

/**
 * Blocked ranges of live appointments of `staffIds` overlapping [from, to), sorted.
 * Under row-level security PostgreSQL only uses leakproof operators ahead of the policy, and
 * neither range overlap (&&) nor enum inequality is leakproof: written that way the planner
 * walked the whole exclusion index (5 ms at 5,000 rows). Plain comparisons on ("staffId",
 * "blockedStart") and status compared as text use Appointment_staffId_blockedStart_idx (1 ms).
 * Appointment_blocked_length_check bounds how far back an overlapping appointment can start.
 */
async function loadBusy(
  ctx: SchedulingContext,
  staffIds: string[],
  from: number,
  to: number,
  excludeAppointmentId: string | null,
): Promise<Map<string, (Interval & { id: string })[]>> {
  const rows = await ctx.db.$queryRaw<{ id: string; staffId: string; blockedStart: Date; blockedEnd: Date }[]>`
    SELECT "id", "staffId", "blockedStart", "blockedEnd" FROM "Appointment"
    WHERE "staffId" = ANY(${staffIds}::text[])
      AND "blockedStart" >= ${new Date(from - MAX_BLOCKED_MS).toISOString()}::timestamptz
      AND "blockedStart" < ${new Date(to).toISOString()}::timestamptz
      AND "blockedEnd" > ${new Date(from).toISOString()}::timestamptz
      AND "status"::text <> 'cancelled'
      AND (${excludeAppointmentId}::text IS NULL OR "id" <> ${excludeAppointmentId}::text)
    ORDER BY "staffId", "blockedStart"`;
  const byStaff = new Map(staffIds.map((id) => [id, [] as (Interval & { id: string })[]]));
  for (const r of rows) byStaff.get(r.staffId)?.push({ id: r.id, start: r.blockedStart.getTime(), end: r.blockedEnd.getTime() });
  return byStaff;
}

/**
 * The first instant at or after `t` at which one of `staff` is working (by their weekly hours;
 * breaks and closures are left to the slot arithmetic), or null if nobody ever works.
 */
function nextWorkingTime(t: number, staff: StaffForSlots[], timeZone: string): number | null {
  let date = localDateOf(new Date(t), timeZone);
  // Eight days: today's hours may be over, and the same weekday comes round again.
  for (let i = 0; i < 8; i++, date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    const toInstant = wallClockOfDay(date, timeZone);
    let earliest: number | null = null;
    for (const person of staff) {
      const hours = person.hours.get(weekday);
      if (!hours || toInstant(hours.endMinute) <= t) continue;
      const start = Math.max(t, toInstant(hours.startMinute));
      earliest = earliest === null ? start : Math.min(earliest, start);
    }
    if (earliest !== null) return earliest;
  }
  return null;
}

/** Where booking rules allow a slot to start, from now: [now + notice, now + horizon). */
function bookableWindow(rules: BookingRules, now: Date) {
  const ms = now.getTime();
  return { earliest: ms + rules.minNoticeMinutes * MINUTE, latest: ms + rules.horizonDays * DAY };
}

/**
 * The next free slots for a service, earliest first, one per start time (when several staff
 * are free at once, the first by name). Honours working hours, breaks, buffers, existing
 * appointments, closures, minimum notice and the booking horizon, in the business's zone.
 */
export async function findSlots(
  ctx: SchedulingContext,
  input: z.input<typeof findSlotsInput>,
): Promise<{ timeZone: string; slots: Slot[] }> {
  const q = findSlotsInput.parse(input);
  const now = nowOf(ctx);
  const { timeZone, rules, service, staff: performers, closures: allClosures } = await loadSlotContext(ctx, q.serviceId, q.from && q.from > now ? q.from : now);
  let staff = performers;
  if (q.staffId) {
    staff = staff.filter((s) => s.id === q.staffId);
    if (staff.length === 0) throw new SchedulingError("invalid_input", "That staff member does not perform this service.");
  }
  if (staff.length === 0) return { timeZone, slots: [] };

  const { earliest, latest } = bookableWindow(rules, now);
  // Whole minutes: offered times read 9:15, never 9:15:42.
  const start = Math.ceil(Math.max(q.from?.getTime() ?? earliest, earliest) / MINUTE) * MINUTE;
  const end = Math.min(q.to?.getTime() ?? latest, latest);
  if (end <= start) return { timeZone, slots: [] };

  const srules = slotRules(service, rules, timeZone);
  const ids = staff.map((s) => s.id);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const hours = new Map(staff.map((s) => [s.id, s.hours]));
  const closures = closuresByStaff(allClosures, ids);
  const slots: Slot[] = [];
  const taken = new Set<number>();
  let from = start;
  let size = firstChunk(q.count, staff.length);
  const maxChunk = maxChunkDays(staff.length) * DAY;
  while (slots.length < q.count) {
    // Skip time nobody works without a query: callers ring on Saturday nights too.
    const chunkStart = nextWorkingTime(from, staff, timeZone);
    if (chunkStart === null || chunkStart >= end) break;
    const chunkEnd = Math.min(chunkStart + size, end);
    from = chunkEnd;
    size = Math.min(size * 2, maxChunk);
    const busy = await loadBusy(ctx, ids, chunkStart - srules.bufferBeforeMs, chunkEnd + srules.durationMs + srules.bufferAfterMs, q.excludeAppointmentId ?? null);
    const schedules: StaffSchedule[] = ids.map((id) => ({ staffId: id, hours: hours.get(id)!, closures: closures.get(id)!, busy: busy.get(id)! }));
    for (const f of freeSlots(schedules, srules, chunkStart, chunkEnd, q.count - slots.length)) {
      if (slots.length >= q.count) break;
      if (taken.has(f.start)) continue;
      taken.add(f.start);
      slots.push({ staffId: f.staffId, staffName: names.get(f.staffId)!, startsAt: new Date(f.start), endsAt: new Date(f.end) });
    }
  }
  return { timeZone, slots };
}

export const checkTimeInput = z.object({
  serviceId: z.string().min(1),
  staffId: z.string().min(1),
  startsAt: z.coerce.date(),
  excludeAppointmentId: z.string().min(1).optional(),
});

export interface CheckResult {
  ok: boolean;
  issues: BookingIssue[];
  /** When not ok: the next free times with the same person. */
  nextSlots: Slot[];
  /** What the booking would occupy, for the caller that goes on to save it. */
  service: { durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number };
}

/**
 * Whether one proposed time can be booked, and if not, why and what else is free. The form
 * calls this before saving; book() and reschedule() call it too, and the database constraint
 * still decides races between two bookings that both passed it.
 */
export async function checkTime(ctx: SchedulingContext, input: z.input<typeof checkTimeInput>): Promise<CheckResult> {
  const q = checkTimeInput.parse(input);
  const { timeZone, rules, service, staff, closures: allClosures } = await loadSlotContext(ctx, q.serviceId, q.startsAt);
  const issues: BookingIssue[] = [];
  const start = q.startsAt.getTime();
  const { earliest, latest } = bookableWindow(rules, nowOf(ctx));
  if (start < earliest) {
    issues.push({ code: "too_soon", message: `Bookings need at least ${rules.minNoticeMinutes} minutes' notice.` });
  }
  if (start >= latest) issues.push({ code: "too_far", message: `Bookings open ${rules.horizonDays} days ahead.` });

  const performer = staff.find((s) => s.id === q.staffId);
  if (!performer) {
    issues.push({ code: "staff_unavailable", message: "That staff member is not active or does not perform this service." });
  } else {
    const srules = slotRules(service, rules, timeZone);
    const closures = closuresByStaff(allClosures, [q.staffId]);
    const busy = await loadBusy(ctx, [q.staffId], start - srules.bufferBeforeMs, start + srules.durationMs + srules.bufferAfterMs, q.excludeAppointmentId ?? null);
    issues.push(...explainTime({ staffId: q.staffId, hours: performer.hours, closures: closures.get(q.staffId)!, busy: busy.get(q.staffId)! }, srules, start));
  }

  const ok = issues.length === 0;
  const nextSlots =
    ok || !performer
      ? []
      : (await findSlots(ctx, { serviceId: q.serviceId, staffId: q.staffId, from: q.startsAt, count: 3, excludeAppointmentId: q.excludeAppointmentId })).slots;
  return {
    ok,
    issues,
    nextSlots,
    service: {
      durationMinutes: service.durationMinutes,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
    },
  };
}
