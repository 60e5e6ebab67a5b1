// The holiday calendar against dates read off real calendars (not recomputed), observed-day shifts
// included, and the states whose statutes forbid calls on them.
import { describe, expect, it } from "vitest";
import { formatLocalDate, parseLocalDate } from "../scheduling/zoned-time";
import { holidayOf } from "./calling-window";
import { easterSunday, federalHolidays, forbiddenHoliday, hasHolidayRule, STATE_HOLIDAYS } from "./holidays";
import { regionalRule } from "./regional-rules";

const dates = (year: number) => federalHolidays(year).map((h) => formatLocalDate(h.date));

describe("US federal holidays (5 U.S.C. 6103)", () => {
  it("computes 2026 with Independence Day observed on Friday July 3", () => {
    expect(dates(2026)).toEqual([
      "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-07-04",
      "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
    ]);
  });

  it("computes 2027 with Saturday holidays observed on Friday, Sunday ones on Monday, and 2028's New Year on December 31", () => {
    expect(dates(2027)).toEqual([
      "2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-06-19", "2027-07-04", "2027-07-05",
      "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-25", "2027-12-31",
    ]);
  });

  it("finds Easter Sunday", () => {
    expect(["2024", "2025", "2026", "2027", "2038"].map((y) => formatLocalDate(easterSunday(Number(y))))).toEqual([
      "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25",
    ]);
  });
});

describe("state holiday rules", () => {
  const closed = (state: string, iso: string) => forbiddenHoliday(state, parseLocalDate(iso));

  it("closes federal holidays and their observed days in every listed state", () => {
    for (const state of ["AL", "LA", "MS", "PA", "RI", "UT"]) {
      expect(closed(state, "2026-11-26"), state).toBe("Thanksgiving Day");
      expect(closed(state, "2026-07-03"), state).toBe("Independence Day (observed)");
      expect(closed(state, "2027-12-31"), state).toBe("New Year's Day (observed)");
      expect(closed(state, "2026-11-27"), state).toBeNull();
    }
  });

  it("closes each state's own holidays", () => {
    expect(closed("UT", "2026-07-24")).toBe("Pioneer Day");
    expect(closed("UT", "2027-07-23")).toBe("Pioneer Day (observed)");
    expect(closed("RI", "2026-05-04")).toBe("Rhode Island Independence Day");
    expect(closed("RI", "2026-08-10")).toBe("Victory Day");
    expect(closed("PA", "2026-11-03")).toBe("Election Day");
    expect(closed("PA", "2026-04-03")).toBe("Good Friday");
    expect(closed("PA", "2026-06-15")).toBe("Flag Day (observed)");
    expect(closed("LA", "2026-02-17")).toBe("Mardi Gras");
    expect(closed("LA", "2027-03-26")).toBe("Good Friday");
    expect(closed("MS", "2026-04-27")).toBe("Confederate Memorial Day");
    expect(closed("AL", "2027-04-26")).toBe("Confederate Memorial Day");
    expect(closed("AL", "2026-06-01")).toBe("Jefferson Davis' Birthday");
    // Not a holiday elsewhere: Pioneer Day is Utah's.
    expect(closed("RI", "2026-07-24")).toBeNull();
  });

  it("closes nothing in states without a holiday rule", () => {
    expect(closed("CA", "2026-12-25")).toBeNull();
    expect(closed("NY", "2026-07-04")).toBeNull();
    expect(hasHolidayRule("TX")).toBe(false);
  });

  it("applies in every listed state: each has a US regional rule for holidayOf to read", () => {
    const listed = Object.keys(STATE_HOLIDAYS).sort();
    expect(listed).toEqual(["AL", "LA", "MS", "PA", "RI", "UT"]);
    for (const s of listed) {
      expect(hasHolidayRule(s)).toBe(true);
      expect(holidayOf(parseLocalDate("2026-11-26"), regionalRule("US", s)), s).toBe("Thanksgiving Day");
    }
    // A state without a holiday list, and Canada's country-wide rule, close no holidays.
    expect(holidayOf(parseLocalDate("2026-11-26"), regionalRule("US", "TX"))).toBeNull();
    expect(holidayOf(parseLocalDate("2026-12-25"), regionalRule("CA", "ON"))).toBeNull();
    expect(holidayOf(parseLocalDate("2026-12-25"), null)).toBeNull();
  });
});
