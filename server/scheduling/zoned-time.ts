// Wall-clock arithmetic in an IANA time zone with nothing but Intl: a business's hours are
// local ("9:00 on Mondays") while appointments are instants, and the two disagree twice a year.
// Ambiguous and skipped wall times resolve like Temporal's "compatible" disambiguation:
// a time skipped by a spring-forward gap moves later by the gap, a repeated autumn time takes
// its first occurrence.

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for a name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone, as if they were UTC (ms since epoch). */
function wallMs(instantMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instantMs)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/** The instant at which the wall clock in `timeZone` shows `minuteOfDay` minutes after midnight of `date`. */
export function wallTimeToInstant(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const local = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  // Offsets in force a day either side bracket any transition near this wall time.
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  const valid = [local - before, local - after].filter((t, i) => offsetAt(t, timeZone) === (i === 0 ? before : after));
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In a gap: read the wall time with the offset from before the jump, which lands after it.
  return new Date(local - before);
}

/**
 * Converts many wall times of one local date at once. Most days have one offset from midnight to
 * midnight, so two Intl look-ups serve every conversion; only transition days take the slow path.
 */
export function wallClockOfDay(date: LocalDate, timeZone: string): (minuteOfDay: number) => number {
  const midnight = Date.UTC(date.year, date.month - 1, date.day);
  const early = offsetAt(midnight - DAY, timeZone);
  const late = offsetAt(midnight + 2 * DAY, timeZone);
  if (early === late) return (minute) => midnight + minute * MINUTE - early;
  return (minute) => wallTimeToInstant(date, minute, timeZone).getTime();
}

/** The local calendar date of an instant in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const d = new Date(wallMs(instant.getTime(), timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Minutes after local midnight of an instant in `timeZone` (wall clock, so 0-1439). */
export function localMinuteOf(instant: Date, timeZone: string): number {
  const w = wallMs(instant.getTime(), timeZone);
  return Math.floor((w - Math.floor(w / DAY) * DAY) / MINUTE);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "2027-03-14" -> LocalDate (no validation beyond the shape; zod checks input at the edge). */
export function parseLocalDate(iso: string): LocalDate {
  const [year, month, day] = iso.split("-").map(Number);
  return { year: year!, month: month!, day: day! };
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** 540 -> "09:00" (minutes after local midnight as a 24-hour clock). */
export function formatClock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}
