// Invoice dates are calendar dates (PostgreSQL `date`), "YYYY-MM-DD" at the edges. Prisma reads
// and writes a `date` as a Date at UTC midnight, so conversion is plain UTC arithmetic; "today"
// is the business's own calendar day (server/scheduling/zoned-time.ts does the zone maths).
import { z } from "zod";
import { formatLocalDate, localDateOf } from "../scheduling/zoned-time";

const DAY_MS = 86_400_000;

export const isoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2027-03-14")
  .refine(isRealDate, "Not a real date");

/** "2027-02-29" and "2027-31-12" have the right shape but are no day of the calendar. */
function isRealDate(iso: string): boolean {
  const d = toDbDate(iso);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}

/** The business's calendar date at `now`: an invoice due "today" is not overdue until tomorrow there. */
export function businessToday(timeZone: string, now: Date = new Date()): string {
  return formatLocalDate(localDateOf(now, timeZone));
}

export function toDbDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

export function fromDbDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDbDate(to).getTime() - toDbDate(from).getTime()) / DAY_MS);
}
