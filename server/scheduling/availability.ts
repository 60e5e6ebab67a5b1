// The slot arithmetic, in memory and free of I/O: given each staff member's weekly hours,
// closures and booked (blocked) ranges, which start times are free. server/scheduling/slots.ts
// loads the data; this file decides. All times are epoch milliseconds; wall-clock rules are
// turned into instants per local date, so daylight-saving changes move them correctly.
import { addDays, compareDates, formatClock, localDateOf, localMinuteOf, weekdayOf, wallClockOfDay, type LocalDate } from "./zoned-time";

export interface Interval {
  start: number;
  end: number;
}

/** One weekday's hours, in minutes after local midnight. */
export interface DayHours {
  startMinute: number;
  endMinute: number;
  breaks: { start: number; end: number }[];
}

export interface StaffSchedule {
  staffId: string;
  /** By weekday, 0 = Sunday. A missing weekday is a day off. */
  hours: Map<number, DayHours>;
  /** Blocked ranges of live appointments (buffers included), disjoint and sorted by start. */
  busy: Interval[];
  /** Closures that apply to this person (business-wide and their own), any order. */
  closures: Interval[];
}

export interface SlotRules {
  timeZone: string;
  durationMs: number;
  bufferBeforeMs: number;
  bufferAfterMs: number;
  /** Distance between offered start times, counted from the start of each working stretch. */
  stepMs: number;
}

export interface FreeSlot {
  staffId: string;
  start: number;
  end: number;
}

/**
 * The stretches a person works on a local date, as instants: the day's hours minus its breaks.
 * A day's stretches are shared by every query on it, so callers may cache them.
 */
export function workingStretches(date: LocalDate, hours: DayHours | undefined, timeZone: string): Interval[] {
  if (!hours) return [];
  const breaks = [...hours.breaks].sort((a, b) => a.start - b.start);
  const pieces: { start: number; end: number }[] = [];
  let cursor = hours.startMinute;
  for (const br of breaks) {
    if (br.start > cursor) pieces.push({ start: cursor, end: Math.min(br.start, hours.endMinute) });
    cursor = Math.max(cursor, br.end);
  }
  if (cursor < hours.endMinute) pieces.push({ start: cursor, end: hours.endMinute });
  const toInstant = wallClockOfDay(date, timeZone);
  return pieces
    .filter((p) => p.end > p.start)
    .map((p) => ({ start: toInstant(p.start), end: toInstant(p.end) }))
    .filter((p) => p.end > p.start);
}

/** Sorted, merged copy: overlapping or touching intervals become one. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Local dates that [start, end) touches in the zone, in order. */
function localDatesBetween(start: number, end: number, timeZone: string): LocalDate[] {
  const first = localDateOf(new Date(start), timeZone);
  const last = localDateOf(new Date(end), timeZone);
  const dates: LocalDate[] = [];
  for (let d = first; compareDates(d, last) <= 0; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/**
 * Up to `count` free start times per staff member in [windowStart, windowEnd), earliest first.
 * A slot is free when the service itself fits inside one working stretch and outside every
 * closure, and its blocked range (buffers included) overlaps no other appointment's blocked
 * range: exactly the rule the database's EXCLUDE constraint enforces.
 */
export function freeSlots(
  staff: StaffSchedule[],
  rules: SlotRules,
  windowStart: number,
  windowEnd: number,
  count: number,
): FreeSlot[] {
  if (windowEnd <= windowStart || count <= 0) return [];
  const { durationMs: dur, bufferBeforeMs: before, bufferAfterMs: after, stepMs: step } = rules;
  const dates = localDatesBetween(windowStart, windowEnd, rules.timeZone);
  const stretchCache = new Map<string, Interval[]>();
  const out: FreeSlot[] = [];

  for (const person of staff) {
    const closures = mergeIntervals(person.closures);
    const busy = person.busy;
    let bi = 0; // first busy range that may still overlap (busy is disjoint and sorted)
    let ci = 0;
    let found = 0;
    for (const date of dates) {
      if (found >= count) break;
      const weekday = weekdayOf(date);
      const hours = person.hours.get(weekday);
      if (!hours) continue;
      const key = `${person.staffId}|${date.year}-${date.month}-${date.day}`;
      let stretches = stretchCache.get(key);
      if (!stretches) {
        stretches = workingStretches(date, hours, rules.timeZone);
        stretchCache.set(key, stretches);
      }
      for (const stretch of stretches) {
        if (found >= count) break;
        const gridUp = (t: number) => stretch.start + Math.ceil(Math.max(0, t - stretch.start) / step) * step;
        let s = gridUp(windowStart);
        while (s + dur <= stretch.end && s < windowEnd && found < count) {
          while (bi < busy.length && busy[bi]!.end <= s - before) bi++;
          const b = busy[bi];
          if (b && b.start < s + dur + after) {
            s = gridUp(b.end + before);
            continue;
          }
          while (ci < closures.length && closures[ci]!.end <= s) ci++;
          const c = closures[ci];
          if (c && c.start < s + dur) {
            s = gridUp(c.end);
            continue;
          }
          out.push({ staffId: person.staffId, start: s, end: s + dur });
          found++;
          s += step;
        }
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export type AvailabilityIssue =
  | { code: "outside_hours"; message: string }
  | { code: "closed"; message: string }
  | { code: "conflict"; message: string; appointmentIds: string[] };

/**
 * Why a proposed time (not necessarily on the slot grid) is not free for one staff member; an
 * empty list means it is. `busy` here carries appointment ids so a conflict can name them.
 */
export function explainTime(
  person: Omit<StaffSchedule, "busy"> & { busy: (Interval & { id: string })[] },
  rules: SlotRules,
  start: number,
): AvailabilityIssue[] {
  const issues: AvailabilityIssue[] = [];
  const end = start + rules.durationMs;
  const date = localDateOf(new Date(start), rules.timeZone);
  const stretches = workingStretches(date, person.hours.get(weekdayOf(date)), rules.timeZone);
  if (!stretches.some((w) => w.start <= start && end <= w.end)) {
    const hhmm = formatClock(localMinuteOf(new Date(start), rules.timeZone));
    issues.push({ code: "outside_hours", message: `${hhmm} is outside working hours (or in a break).` });
  }
  if (person.closures.some((c) => c.start < end && start < c.end)) {
    issues.push({ code: "closed", message: "The business or this person is closed at that time." });
  }
  const blockedStart = start - rules.bufferBeforeMs;
  const blockedEnd = end + rules.bufferAfterMs;
  const clashes = person.busy.filter((b) => b.start < blockedEnd && blockedStart < b.end);
  if (clashes.length > 0) {
    issues.push({
      code: "conflict",
      message: "That time overlaps another appointment (including preparation and clean-up time).",
      appointmentIds: clashes.map((c) => c.id),
    });
  }
  return issues;
}
