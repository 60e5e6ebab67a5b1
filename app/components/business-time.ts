// Dates and times on business pages are shown in the business's time zone (Settings > Business),
// the same on the server render and in the browser, so hydration never disagrees and staff in
// another zone read the times their callers mean.
import { useRouteLoaderData } from "@remix-run/react";

const APP_LAYOUT_ROUTE_ID = "routes/_app+/_layout";

/** The signed-in business's IANA time zone (UTC outside the app shell). */
export function useBusinessTimeZone(): string {
  const data = useRouteLoaderData(APP_LAYOUT_ROUTE_ID) as { timeZone?: string } | undefined;
  return data?.timeZone ?? "UTC";
}

type DateInput = string | number | Date;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "Nov 22, 2026" */
export function formatDate(value: DateInput, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium" }).format(new Date(value));
}

/** "Nov 22, 2026, 9:30 AM" */
export function formatDateTime(value: DateInput, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** "9:30 AM" */
export function formatTime(value: DateInput, timeZone: string): string {
  return formatter(timeZone, { timeStyle: "short" }).format(new Date(value));
}

/** "Tue, Mar 9" (a calendar column or a list's day heading) */
export function formatDay(value: DateInput, timeZone: string): string {
  return formatter(timeZone, { weekday: "short", month: "short", day: "numeric" }).format(new Date(value));
}
