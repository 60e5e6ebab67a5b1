// Legal holidays on which some US states forbid calls, computed per year: the eleven federal
// holidays (5 U.S.C. 6103(a)) plus each state's own. Only the callee's side matters here: a
// business's own closures are its calendar's business, not the law's.
//
// Observed days: 5 U.S.C. 6103(b) / Executive Order 11582 move a holiday that falls on a Saturday
// to the Friday before and one on a Sunday to the Monday after; Ala. Code 1-3-8(a) and Utah Code
// 63G-1-301(2) do the same, Miss. Code 3-3-7 and R.I. Gen. Laws 25-2-2 move Sunday holidays to
// Monday. We forbid BOTH the calendar date and its observed day in every state listed: being a
// day stricter than a statute costs a day of calls, being a day looser costs $500+ per call.
import { addDays, weekdayOf, type LocalDate } from "../scheduling/zoned-time";

export interface Holiday {
  date: LocalDate;
  name: string;
}

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

/** The n-th `weekday` (0 = Sunday) of a month; n = -1 for the last. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): LocalDate {
  if (n > 0) {
    const first = d(year, month, 1);
    const shift = (weekday - weekdayOf(first) + 7) % 7;
    return addDays(first, shift + (n - 1) * 7);
  }
  const last = addDays(d(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const dd = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - dd - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return d(year, month, day);
}

type HolidayRule = (year: number) => Holiday;
const fixed = (name: string, month: number, day: number): HolidayRule => (year) => ({ name, date: d(year, month, day) });
const nth = (name: string, month: number, weekday: number, n: number): HolidayRule => (year) => ({ name, date: nthWeekday(year, month, weekday, n) });
const fromEaster = (name: string, days: number): HolidayRule => (year) => ({ name, date: addDays(easterSunday(year), days) });

const MON = 1;
const THU = 4;

/** 5 U.S.C. 6103(a). */
export const FEDERAL_HOLIDAYS: readonly HolidayRule[] = [
  fixed("New Year's Day", 1, 1),
  nth("Martin Luther King Jr. Day", 1, MON, 3),
  nth("Washington's Birthday", 2, MON, 3),
  nth("Memorial Day", 5, MON, -1),
  fixed("Juneteenth", 6, 19),
  fixed("Independence Day", 7, 4),
  nth("Labor Day", 9, MON, 1),
  nth("Columbus Day", 10, MON, 2),
  fixed("Veterans Day", 11, 11),
  nth("Thanksgiving Day", 11, THU, 4),
  fixed("Christmas Day", 12, 25),
];

/**
 * States whose law forbids calls on legal holidays, with the holidays they add to the federal
 * list. Sundays are handled by the regional rules' `sunday: null`.
 */
export const STATE_HOLIDAYS: Readonly<Record<string, { extra: readonly HolidayRule[]; source: string }>> = {
  // Ala. Admin. Code r. 770-X-5-.16 (PSC telephone solicitation rule): no calls on Sundays or
  // legal holidays; the holidays are Ala. Code 1-3-8: Robert E. Lee's birthday shares MLK Day,
  // Washington and Jefferson's birthday shares Washington's Birthday; Mardi Gras (a holiday in
  // Baldwin and Mobile counties) and Mrs. Rosa L. Parks Day (December 1, a county/municipal
  // option since 2018) are applied statewide.
  AL: {
    extra: [
      fromEaster("Mardi Gras", -47),
      nth("Confederate Memorial Day", 4, MON, 4),
      nth("Jefferson Davis' Birthday", 6, MON, 1),
      fixed("Mrs. Rosa L. Parks Day", 12, 1),
    ],
    source: "Ala. Admin. Code r. 770-X-5-.16; Ala. Code 1-3-8",
  },
  // LPSC General Order R-29617 V(A)(2) (see also La. R.S. 45:811): no telephone solicitation on
  // Sundays or legal holidays; the holidays are La. R.S. 1:55(B) (the statewide ones; the PSC's
  // own list is shorter, we take the statute's).
  LA: {
    extra: [
      fixed("Battle of New Orleans", 1, 8),
      fixed("Robert E. Lee Day", 1, 19),
      fromEaster("Mardi Gras", -47),
      fromEaster("Good Friday", -2),
      fixed("Huey P. Long Day", 8, 30),
      fixed("All Saints' Day", 11, 1),
    ],
    source: "LPSC Gen. Order R-29617; La. R.S. 45:811; La. R.S. 1:55",
  },
  // Miss. Code 77-3-725(1): no telephone solicitation on Sundays or legal holidays; the
  // holidays are Miss. Code 3-3-7 (Confederate Memorial Day: last Monday of April).
  MS: {
    extra: [nth("Confederate Memorial Day", 4, MON, -1)],
    source: "Miss. Code 77-3-725; Miss. Code 3-3-7",
  },
  // Telemarketer Registration Act, 73 P.S. 2241 et seq., as amended by 2019 HB 318 (effective
  // 2019-12-03): no telephone solicitation on legal holidays; the holidays (44 P.S. 11) add Good
  // Friday, Flag Day and Election Day to the federal ones.
  PA: {
    extra: [
      fromEaster("Good Friday", -2),
      fixed("Flag Day", 6, 14),
      // General election day: the Tuesday after the first Monday of November.
      (year) => ({ name: "Election Day", date: addDays(nthWeekday(year, 11, MON, 1), 1) }),
    ],
    source: "73 P.S. 2245 as amended in 2019; 44 P.S. 11",
  },
  // R.I. Gen. Laws 5-61-3.6 (unsolicited sales calls only during "hours of operation", which
  // 5-61-2 defines to exclude Sundays and legal holidays); the holidays are R.I. Gen. Laws 25-1-1
  // (Rhode Island Independence Day May 4, Victory Day the second Monday of August).
  RI: {
    extra: [fixed("Rhode Island Independence Day", 5, 4), nth("Victory Day", 8, MON, 2)],
    source: "R.I. Gen. Laws 5-61-2, 5-61-3.6; R.I. Gen. Laws 25-1-1",
  },
  // Utah Code 13-25a-103(4): no telephone solicitation on Sundays or legal holidays; the holidays
  // are Utah Code 63G-1-301 (Pioneer Day July 24).
  UT: {
    extra: [fixed("Pioneer Day", 7, 24)],
    source: "Utah Code 13-25a-103; Utah Code 63G-1-301",
  },
};

function key(date: LocalDate): string {
  return `${date.year}-${date.month}-${date.day}`;
}

/** The observed day when a holiday falls on a weekend (Saturday -> Friday, Sunday -> Monday). */
function observed(date: LocalDate): LocalDate | null {
  const w = weekdayOf(date);
  if (w === 6) return addDays(date, -1);
  if (w === 0) return addDays(date, 1);
  return null;
}

const cache = new Map<string, ReadonlyMap<string, string>>();

/**
 * The days of `year` closed by `rules` (calendar and observed days), keyed "y-m-d"; the first rule
 * naming a day wins. Next year's are looked at too: New Year's Day may be observed on December 31.
 */
function closedDays(rules: readonly HolidayRule[], year: number): Map<string, Holiday> {
  const out = new Map<string, Holiday>();
  for (const y of [year, year + 1]) {
    for (const rule of rules) {
      const h = rule(y);
      const o = observed(h.date);
      if (h.date.year === year && !out.has(key(h.date))) out.set(key(h.date), h);
      if (o && o.year === year && !out.has(key(o))) out.set(key(o), { name: `${h.name} (observed)`, date: o });
    }
  }
  return out;
}

/** Every forbidden date of `year` in `state` (calendar and observed days), keyed "y-m-d" -> name. */
function forbiddenDates(state: string, year: number): ReadonlyMap<string, string> {
  const k = `${state}:${year}`;
  const hit = cache.get(k);
  if (hit) return hit;
  const days = closedDays([...FEDERAL_HOLIDAYS, ...(STATE_HOLIDAYS[state]?.extra ?? [])], year);
  const out = new Map([...days].map(([day, h]) => [day, h.name]));
  cache.set(k, out);
  return out;
}

/** True when `state` forbids calls on legal holidays at all. */
export function hasHolidayRule(state: string | null | undefined): boolean {
  return !!state && state in STATE_HOLIDAYS;
}

/** The statutes behind a state's holiday rule (for reasons shown to people). */
export function holidaySource(state: string): string {
  return STATE_HOLIDAYS[state]?.source ?? "";
}

/** The holiday that forbids calls on `date` in `state`, or null. */
export function forbiddenHoliday(state: string | null | undefined, date: LocalDate): string | null {
  if (!state || !(state in STATE_HOLIDAYS)) return null;
  return forbiddenDates(state, date.year).get(key(date)) ?? null;
}

/** The federal holidays of a year with their observed days, in date order (for tests and the docs). */
export function federalHolidays(year: number): Holiday[] {
  return [...closedDays(FEDERAL_HOLIDAYS, year).values()].sort((a, b) => key(a.date).localeCompare(key(b.date), "en", { numeric: true }));
}
