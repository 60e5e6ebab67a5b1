// When a callee may be called: the business's window (clamped to the federal 08:00-21:00)
// intersected with the callee's regional rule (hours, Sundays, legal holidays), in the callee's own
// wall-clock time, DST-correct.
import { addDays, localDateOf, localMinuteOf, wallTimeToInstant, weekdayOf, type LocalDate } from "../scheduling/zoned-time";
import { forbiddenHoliday } from "./holidays";
import { ruleWindow, type DayWindow, type RegionalRule } from "./regional-rules";

/** TCPA / FDCPA: never before 08:00 or at/after 21:00 in the called party's local time. */
export const LEGAL_EARLIEST_MINUTE = 8 * 60;
export const LEGAL_LATEST_MINUTE = 21 * 60;

export interface CallingWindow {
  /** Minutes after local midnight; clamped to the legal bounds by `effectiveWindow`. */
  startMinute: number;
  endMinute: number;
}

/** The window for one local date: business window ∩ legal bounds ∩ regional rule. */
export function windowForDate(date: LocalDate, business: CallingWindow, rule: RegionalRule | null): DayWindow {
  let start = Math.max(business.startMinute, LEGAL_EARLIEST_MINUTE);
  let end = Math.min(business.endMinute, LEGAL_LATEST_MINUTE);
  if (rule) {
    if (holidayOf(date, rule)) return null;
    const r = ruleWindow(rule, weekdayOf(date));
    if (r === null) return null;
    start = Math.max(start, r[0]);
    end = Math.min(end, r[1]);
  }
  return start < end ? [start, end] : null;
}

/** The legal holiday that closes `date` under `rule`, or null (holidays.ts knows which US states close theirs). */
export function holidayOf(date: LocalDate, rule: RegionalRule | null): string | null {
  return rule?.country === "US" ? forbiddenHoliday(rule.region, date) : null;
}

/** True when `now` falls inside the callee's window. */
export function isInsideWindow(now: Date, timeZone: string, business: CallingWindow, rule: RegionalRule | null): boolean {
  const w = windowForDate(localDateOf(now, timeZone), business, rule);
  if (!w) return false;
  const minute = localMinuteOf(now, timeZone);
  return minute >= w[0] && minute < w[1];
}

/**
 * The first instant >= `from` inside the window, or null when none within two weeks (a rule
 * that forbids every day). On a DST day the wall time is converted with that day's offsets.
 */
export function nextWindowOpening(from: Date, timeZone: string, business: CallingWindow, rule: RegionalRule | null): Date | null {
  if (isInsideWindow(from, timeZone, business, rule)) return from;
  const today = localDateOf(from, timeZone);
  for (let i = 0; i <= 14; i++) {
    const date = addDays(today, i);
    const w = windowForDate(date, business, rule);
    if (!w) continue;
    const opens = wallTimeToInstant(date, w[0], timeZone);
    if (opens.getTime() >= from.getTime()) return opens;
    // Later today: only if `from` is before the close (it is not inside, so it is before the opening
    // in wall time but after in instants only across a DST fold; step on to be safe).
  }
  return null;
}

/** Inside the window in every one of `zones` (the callee's zone is uncertain between them). */
export function isInsideWindowEverywhere(now: Date, zones: readonly string[], business: CallingWindow, rule: RegionalRule | null): boolean {
  return zones.every((z) => isInsideWindow(now, z, business, rule));
}

/** The first instant >= `from` inside the window in every one of `zones`, or null (two weeks). */
export function nextWindowOpeningEverywhere(from: Date, zones: readonly string[], business: CallingWindow, rule: RegionalRule | null): Date | null {
  if (zones.length === 1) return nextWindowOpening(from, zones[0]!, business, rule);
  const limit = from.getTime() + 15 * 86_400_000;
  let at: Date | null = from;
  // Alternate: each step moves to the next opening in a zone where `at` is closed; it stops at
  // the first instant open everywhere. Windows of a few hours in zones hours apart meet daily.
  for (let i = 0; i < 64 && at && at.getTime() <= limit; i++) {
    const closed = zones.find((z) => !isInsideWindow(at!, z, business, rule));
    if (!closed) return at;
    at = nextWindowOpening(at, closed, business, rule);
  }
  return null;
}
