import { describe, expect, it } from "vitest";
import { businessHoursSchema, businessProfileSchema, isTimeZone } from "./business-profile-schema";

const profile = {
  name: "Acme Plumbing",
  timezone: "Europe/Berlin",
  country: "de",
  industry: "home_services",
  businessHours: { mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }] },
};

function issues(input: unknown) {
  const r = businessProfileSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("business profile schema", () => {
  it("accepts a valid profile, upper-cases the country and fills closed days", () => {
    const r = businessProfileSchema.parse(profile);
    expect(r.country).toBe("DE");
    expect(r.businessHours.mon).toHaveLength(2);
    expect(r.businessHours.sun).toEqual([]);
  });

  it("accepts IANA zones, their aliases and UTC, and refuses made-up zones and offsets", () => {
    for (const zone of ["America/New_York", "Asia/Kolkata", "UTC"]) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ["Mars/Olympus_Mons", "+05:30", "EST5EDT-nope", ""]) expect(isTimeZone(zone)).toBe(false);
    expect(issues({ ...profile, timezone: "Mars/Olympus_Mons" })).toEqual(["timezone: Choose a time zone from the list"]);
  });

  it("refuses unknown countries and industries", () => {
    expect(issues({ ...profile, country: "XX", industry: "mining" })).toEqual([
      "country: Choose a country from the list",
      "industry: Choose an industry from the list",
    ]);
  });

  it("refuses overlapping intervals, naming the one that overlaps", () => {
    const hours = { tue: [{ open: "13:00", close: "18:00" }, { open: "09:00", close: "13:30" }] };
    expect(issues({ ...profile, businessHours: hours })).toEqual(["businessHours.tue.0.open: Overlaps 09:00–13:30"]);
  });

  it("refuses closing before opening and malformed times, and allows closing at 24:00", () => {
    expect(issues({ ...profile, businessHours: { wed: [{ open: "17:00", close: "09:00" }] } })).toEqual([
      "businessHours.wed.0.close: Closing time must be after opening time",
    ]);
    expect(issues({ ...profile, businessHours: { wed: [{ open: "9:00", close: "25:00" }] } })).toEqual([
      "businessHours.wed.0.open: Use HH:MM, 24-hour",
      "businessHours.wed.0.close: Use HH:MM, 24-hour",
    ]);
    expect(issues({ ...profile, businessHours: { fri: [{ open: "18:00", close: "24:00" }] } })).toEqual([]);
  });

  it("allows back-to-back intervals and stores them sorted", () => {
    const week = businessHoursSchema.parse({ sat: [{ open: "12:00", close: "14:00" }, { open: "08:00", close: "12:00" }] });
    expect(week.sat.map((i) => i.open)).toEqual(["08:00", "12:00"]);
  });
});
