// Local dates and times of the business's zone as the scheduling pages pass them in URLs
// ("2027-03-09", "14:30"), and the instants they stand for. Runs on the server and in the browser.
import { z } from "zod";
import { addDays, formatLocalDate, localDateOf, parseLocalDate, wallTimeToInstant } from "../../../server/scheduling/zoned-time";

export const localDateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const clockParam = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Today's local date in the business's zone, "YYYY-MM-DD". */
export function todayIn(timeZone: string): string {
  return formatLocalDate(localDateOf(new Date(), timeZone));
}

/** The instants of local midnight starting `date` and `days` later. */
export function localDayRange(date: string, timeZone: string, days = 1) {
  const d = parseLocalDate(date);
  return { from: wallTimeToInstant(d, 0, timeZone), to: wallTimeToInstant(addDays(d, days), 0, timeZone) };
}

export function localInstant(date: string, time: string, timeZone: string): Date {
  return wallTimeToInstant(parseLocalDate(date), Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), timeZone);
}

