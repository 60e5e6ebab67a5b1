// A staff member's week in the two shapes it lives in: the hours editor's (open–close intervals
// per weekday, shared with the business's opening hours) and the scheduling service's (one
// working day per weekday, 0 = Sunday, with breaks). The gaps between intervals are the breaks.
import { WEEKDAYS, type BusinessHours, type Weekday } from "../../../server/tenancy/business-profile-schema";

export interface StaffDay {
  weekday: number;
  start: string;
  end: string;
  breaks: { start: string; end: string }[];
}

/** WEEKDAYS runs Monday..Sunday; the service counts from Sunday = 0. */
const WEEKDAY_NUMBER: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export function weekFromStaffDays(days: StaffDay[]): BusinessHours {
  const byNumber = new Map(days.map((d) => [d.weekday, d]));
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const d = byNumber.get(WEEKDAY_NUMBER[day]);
      if (!d) return [day, []];
      const breaks = [...d.breaks].sort((a, b) => (a.start < b.start ? -1 : 1));
      const intervals: { open: string; close: string }[] = [];
      let open = d.start;
      for (const b of breaks) {
        intervals.push({ open, close: b.start });
        open = b.end;
      }
      intervals.push({ open, close: d.end });
      return [day, intervals.filter((i) => i.close > i.open)];
    }),
  ) as BusinessHours;
}

/** From a validated week (intervals sorted, not overlapping: businessHoursSchema's output). */
export function staffDaysFromWeek(week: BusinessHours): StaffDay[] {
  return WEEKDAYS.flatMap((day) => {
    const intervals = week[day];
    if (intervals.length === 0) return [];
    const breaks = intervals.slice(1).flatMap((interval, i) => {
      const previousClose = intervals[i]!.close;
      return interval.open > previousClose ? [{ start: previousClose, end: interval.open }] : [];
    });
    return [{ weekday: WEEKDAY_NUMBER[day], start: intervals[0]!.open, end: intervals.at(-1)!.close, breaks }];
  });
}

const SHORT: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

/** "Mon–Fri 09:00–17:00, Sat 10:00–14:00" for a table cell; "No hours set" when empty. */
export function summariseWeek(week: BusinessHours): string {
  const spans = WEEKDAYS.map((day) => {
    const iv = week[day];
    return { day, text: iv.length ? `${iv[0]!.open}–${iv.at(-1)!.close}` : "" };
  });
  const parts: string[] = [];
  for (let i = 0; i < spans.length; ) {
    let j = i;
    while (j + 1 < spans.length && spans[j + 1]!.text === spans[i]!.text) j++;
    if (spans[i]!.text) parts.push(`${SHORT[spans[i]!.day]}${j > i ? `–${SHORT[spans[j]!.day]}` : ""} ${spans[i]!.text}`);
    i = j + 1;
  }
  return parts.join(", ") || "No hours set";
}
