import { describe, expect, it } from "vitest";
import { businessHoursSchema } from "../../../server/tenancy/business-profile-schema";
import { staffDaysFromWeek, summariseWeek, weekFromStaffDays } from "./staff-hours";

describe("staff hours in the hours editor", () => {
  it("turns a working day with a lunch break into two intervals and back", () => {
    const days = [
      { weekday: 1, start: "09:00", end: "17:00", breaks: [{ start: "12:00", end: "13:00" }] },
      { weekday: 0, start: "10:00", end: "14:00", breaks: [] },
    ];
    const week = weekFromStaffDays(days);
    expect(week.mon).toEqual([{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }]);
    expect(week.sun).toEqual([{ open: "10:00", close: "14:00" }]);
    expect(week.tue).toEqual([]);
    expect(staffDaysFromWeek(week)).toEqual([days[0], days[1]]);
  });

  it("reads intervals typed out of order as one day with the gaps as breaks", () => {
    const week = businessHoursSchema.parse({ wed: [{ open: "14:00", close: "18:00" }, { open: "08:00", close: "12:30" }] });
    expect(staffDaysFromWeek(week)).toEqual([{ weekday: 3, start: "08:00", end: "18:00", breaks: [{ start: "12:30", end: "14:00" }] }]);
  });

  it("summarises runs of equal days", () => {
    const days = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00", breaks: [] }));
    expect(summariseWeek(weekFromStaffDays([...days, { weekday: 6, start: "10:00", end: "14:00", breaks: [] }]))).toBe(
      "Mon–Fri 09:00–17:00, Sat 10:00–14:00",
    );
    expect(summariseWeek(weekFromStaffDays([]))).toBe("No hours set");
  });
});
