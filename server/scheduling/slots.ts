// Finding free times and checking one proposed time. Loads what the arithmetic in
// availability.ts needs in a few queries (a week of appointments at a time, so the usual
// "next few slots" request reads one week), then computes in memory. The phone agent calls
// findSlots on every booking turn, hence the budget: p95 under 20 ms (docs/performance.md).
import { z } from "zod";
import type { SchedulingContext } from "./context";
import { nowOf } from "./context";
import { explainTime, freeSlots, type DayHours, type Interval, type StaffSchedule, type SlotRules } from "./availability";
import { SchedulingError, type BookingIssue, type SlotSuggestion } from "./errors";
import { businessTimeZone, getBookingRules, type BookingRules } from "./settings";

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Appointments are loaded a week at a time; most searches end in the first week. */
const CHUNK = 7 * DAY;

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

interface ServiceForSlots {
  id: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Active staff who perform it, by name. */
  staff: { id: string; name: string }[];
}

async function loadService(ctx: SchedulingContext, serviceId: string): Promise<ServiceForSlots> {
  const service = await ctx.db.service.findUnique({
    where: { id: serviceId },
    select: {
      id: true,
      name: true,
      active: true,
      durationMinutes: true,
      bufferBeforeMinutes: true,
      bufferAfterMinutes: true,
      staff: { where: { staff: { active: true } }, select: { staff: { select: { id: true, name: true } } } },
    },
  });
  if (!service || !service.active) throw new SchedulingError("not_found", "That service does not exist or is no longer offered.");
  const staff = service.staff.map((s) => s.staff).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { ...service, staff };
}

function slotRules(service: ServiceForSlots, rules: BookingRules, timeZone: string): SlotRules {
  return {
    timeZone,
    durationMs: service.durationMinutes * MINUTE,
    bufferBeforeMs: service.bufferBeforeMinutes * MINUTE,
    bufferAfterMs: service.bufferAfterMinutes * MINUTE,
    stepMs: rules.slotStepMinutes * MINUTE,
  };
}

/** Weekly hours and closures overlapping [from, to) for each of `staffIds`. */
async function loadCalendars(ctx: SchedulingContext, staffIds: string[], from: number, to: number) {
  const [hours, closures] = await Promise.all([
    ctx.db.workingHours.findMany({ where: { staffId: { in: staffIds } } }),
    ctx.db.closure.findMany({
      where: {
        startsAt: { lt: new Date(to) },
        endsAt: { gt: new Date(from) },
        OR: [{ staffId: null }, { staffId: { in: staffIds } }],
      },
      select: { staffId: true, startsAt: true, endsAt: true },
    }),
  ]);
  const byStaff = new Map(staffIds.map((id) => [id, { hours: new Map<number, DayHours>(), closures: [] as Interval[] }]));
  for (const h of hours) {
    byStaff.get(h.staffId)?.hours.set(h.weekday, {
      startMinute: h.startMinute,
      endMinute: h.endMinute,
      breaks: h.breaks as DayHours["breaks"],
    });
  }
  for (const c of closures) {
    const span = { start: c.startsAt.getTime(), end: c.endsAt.getTime() };
    for (const [id, cal] of byStaff) if (c.staffId === null || c.staffId === id) cal.closures.push(span);
  }
  return byStaff;
}

/**
 * Blocked ranges of live appointments of `staffIds` overlapping [from, to), sorted. Written as
 * the EXCLUDE constraint's own expression so PostgreSQL answers it from that GiST index.
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
      AND "status" <> 'cancelled'
      AND tstzrange("blockedStart", "blockedEnd", '[)') && tstzrange(${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz, '[)')
      AND (${excludeAppointmentId}::text IS NULL OR "id" <> ${excludeAppointmentId}::text)
    ORDER BY "staffId", "blockedStart"`;
  const byStaff = new Map(staffIds.map((id) => [id, [] as (Interval & { id: string })[]]));
  for (const r of rows) byStaff.get(r.staffId)?.push({ id: r.id, start: r.blockedStart.getTime(), end: r.blockedEnd.getTime() });
  return byStaff;
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
  const [timeZone, rules, service] = await Promise.all([businessTimeZone(ctx), getBookingRules(ctx), loadService(ctx, q.serviceId)]);
  let staff = service.staff;
  if (q.staffId) {
    staff = staff.filter((s) => s.id === q.staffId);
    if (staff.length === 0) throw new SchedulingError("invalid_input", "That staff member does not perform this service.");
  }
  if (staff.length === 0) return { timeZone, slots: [] };

  const { earliest, latest } = bookableWindow(rules, nowOf(ctx));
  // Whole minutes: offered times read 9:15, never 9:15:42.
  const start = Math.ceil(Math.max(q.from?.getTime() ?? earliest, earliest) / MINUTE) * MINUTE;
  const end = Math.min(q.to?.getTime() ?? latest, latest);
  if (end <= start) return { timeZone, slots: [] };

  const srules = slotRules(service, rules, timeZone);
  const ids = staff.map((s) => s.id);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const calendars = await loadCalendars(ctx, ids, start, end + srules.durationMs);
  const slots: Slot[] = [];
  const taken = new Set<number>();
  for (let chunkStart = start; chunkStart < end && slots.length < q.count; chunkStart += CHUNK) {
    const chunkEnd = Math.min(chunkStart + CHUNK, end);
    const busy = await loadBusy(ctx, ids, chunkStart - srules.bufferBeforeMs, chunkEnd + srules.durationMs + srules.bufferAfterMs, q.excludeAppointmentId ?? null);
    const schedules: StaffSchedule[] = ids.map((id) => ({ staffId: id, ...calendars.get(id)!, busy: busy.get(id)! }));
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
  const [timeZone, rules, service] = await Promise.all([businessTimeZone(ctx), getBookingRules(ctx), loadService(ctx, q.serviceId)]);
  const issues: BookingIssue[] = [];
  const start = q.startsAt.getTime();
  const { earliest, latest } = bookableWindow(rules, nowOf(ctx));
  if (start < earliest) {
    issues.push({ code: "too_soon", message: `Bookings need at least ${rules.minNoticeMinutes} minutes' notice.` });
  }
  if (start >= latest) issues.push({ code: "too_far", message: `Bookings open ${rules.horizonDays} days ahead.` });

  const performer = service.staff.find((s) => s.id === q.staffId);
  if (!performer) {
    issues.push({ code: "staff_unavailable", message: "That staff member is not active or does not perform this service." });
  } else {
    const srules = slotRules(service, rules, timeZone);
    const calendars = await loadCalendars(ctx, [q.staffId], start, start + srules.durationMs);
    const busy = await loadBusy(ctx, [q.staffId], start - srules.bufferBeforeMs, start + srules.durationMs + srules.bufferAfterMs, q.excludeAppointmentId ?? null);
    issues.push(...explainTime({ staffId: q.staffId, ...calendars.get(q.staffId)!, busy: busy.get(q.staffId)! }, srules, start));
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
