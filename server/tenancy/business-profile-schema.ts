// The business profile's shape and rules: one zod schema used by the service, the tRPC router
// and the settings page (so the page shows the same errors inline that the API would refuse).
// No server-only imports here: the settings page's browser bundle includes this file.
import { z } from "zod";
import { COUNTRY_CODES } from "./countries";

export const INDUSTRIES = [
  "general",
  "medical",
  "dental",
  "legal",
  "home_services",
  "agency",
  "accounting",
  "beauty",
  "other",
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const INDUSTRY_LABELS: Record<Industry, string> = {
  general: "General",
  medical: "Medical",
  dental: "Dental",
  legal: "Legal",
  home_services: "Home services",
  agency: "Agency",
  accounting: "Accounting",
  beauty: "Beauty",
  other: "Other",
};

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

// ICU lists canonical zones only and leaves out "UTC"; a business may reasonably pick it.
const SUPPORTED_ZONES: readonly string[] = [...Intl.supportedValuesOf("timeZone"), "UTC"].sort();
const supportedZoneSet = new Set(SUPPORTED_ZONES);

/** IANA time zones offered in the profile form. */
export function timeZoneOptions(): readonly string[] {
  return SUPPORTED_ZONES;
}

/**
 * A real IANA zone name. Aliases (e.g. "Asia/Kolkata", which ICU files under "Asia/Calcutta")
 * are accepted when they resolve to a supported zone; offsets such as "+05:30" are not zones.
 */
export function isTimeZone(value: string): boolean {
  if (supportedZoneSet.has(value)) return true;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    return supportedZoneSet.has(resolved);
  } catch {
    return false;
  }
}

// "24:00" is allowed as a closing time only, so "open until midnight" can be said.
const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

export const hoursIntervalSchema = z
  .object({
    open: z.string().regex(clock, "Use HH:MM, 24-hour"),
    close: z.string().refine((v) => clock.test(v) || v === "24:00", "Use HH:MM, 24-hour"),
  })
  .superRefine((interval, ctx) => {
    const bothValid = clock.test(interval.open) && (clock.test(interval.close) || interval.close === "24:00");
    if (bothValid && interval.close <= interval.open) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["close"], message: "Closing time must be after opening time" });
    }
  });
export type HoursInterval = z.infer<typeof hoursIntervalSchema>;

const dayHoursSchema = z
  .array(hoursIntervalSchema)
  .max(6, "At most 6 intervals a day")
  .default([])
  .superRefine((intervals, ctx) => {
    // Zero-padded "HH:MM" strings order like times, so string comparison is enough.
    const order = intervals.map((interval, index) => ({ ...interval, index })).sort((a, b) => (a.open < b.open ? -1 : 1));
    for (let i = 1; i < order.length; i++) {
      if (order[i].open < order[i - 1].close) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [order[i].index, "open"],
          message: `Overlaps ${order[i - 1].open}–${order[i - 1].close}`,
        });
      }
    }
  })
  // Stored sorted, so the same week always serialises the same way.
  .transform((intervals) => [...intervals].sort((a, b) => (a.open < b.open ? -1 : 1)));

/** Opening hours per weekday; an empty list means closed that day. */
export const businessHoursSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, dayHoursSchema])) as Record<Weekday, typeof dayHoursSchema>,
);
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const emptyWeek = (): BusinessHours =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as BusinessHours;

export const businessProfileSchema = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(80, "At most 80 characters"),
  timezone: z.string().refine(isTimeZone, "Choose a time zone from the list"),
  country: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(COUNTRY_CODES, { errorMap: () => ({ message: "Choose a country from the list" }) }),
  ),
  industry: z.enum(INDUSTRIES, { errorMap: () => ({ message: "Choose an industry from the list" }) }),
  businessHours: businessHoursSchema,
});
export type BusinessProfileInput = z.input<typeof businessProfileSchema>;
export type BusinessProfileValues = z.output<typeof businessProfileSchema>;

/** Update: any subset of the profile. */
export const businessProfileUpdateSchema = businessProfileSchema.partial();
export type BusinessProfileUpdate = z.output<typeof businessProfileUpdateSchema>;

/** A business opened from the platform console: its profile basics and who gets the owner invite. */
export const newBusinessSchema = businessProfileSchema
  .pick({ name: true, timezone: true, country: true, industry: true })
  .extend({ ownerEmail: z.string().trim().toLowerCase().email("Enter a valid e-mail address").max(254) });
export type NewBusinessInput = z.output<typeof newBusinessSchema>;
