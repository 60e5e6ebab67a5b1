import { describe, expect, it } from "vitest";
import { explainTime, freeSlots, mergeIntervals, workingStretches, type StaffSchedule } from "./availability";

const NY = "America/New_York";
const H = 3_600_000;
const M = 60_000;
const iso = (t: number) => new Date(t).toISOString();

function person(hours: StaffSchedule["hours"], extra: Partial<StaffSchedule> = {}): StaffSchedule {
  return { staffId: "ana", hours, busy: [], closures: [], ...extra };
}

describe("working stretches", () => {
  it("counts real hours on daylight-saving nights", () => {
    const night = { startMinute: 0, endMinute: 4 * 60, breaks: [] };
    const [spring] = workingStretches({ year: 2027, month: 3, day: 14 }, night, NY);
    const [autumn] = workingStretches({ year: 2027, month: 11, day: 7 }, night, NY);
    expect((spring!.end - spring!.start) / H).toBe(3);
    expect((autumn!.end - autumn!.start) / H).toBe(5);
  });

  it("cuts breaks out of the day", () => {
    const day = { startMinute: 9 * 60, endMinute: 17 * 60, breaks: [{ start: 15 * 60, end: 15 * 60 + 30 }, { start: 12 * 60, end: 13 * 60 }] };
    const stretches = workingStretches({ year: 2027, month: 3, day: 9 }, day, NY);
    expect(stretches.map((s) => [iso(s.start), iso(s.end)])).toEqual([
      ["2027-03-09T14:00:00.000Z", "2027-03-09T17:00:00.000Z"],
      ["2027-03-09T18:00:00.000Z", "2027-03-09T20:00:00.000Z"],
      ["2027-03-09T20:30:00.000Z", "2027-03-09T22:00:00.000Z"],
    ]);
  });
});

describe("free slots", () => {
  const rules = { timeZone: NY, durationMs: 30 * M, bufferBeforeMs: 0, bufferAfterMs: 0, stepMs: 30 * M };
  const tuesday = new Map([[2, { startMinute: 9 * 60, endMinute: 11 * 60, breaks: [{ start: 9 * 60 + 30, end: 9 * 60 + 40 }] }]]);
  const dayStart = Date.parse("2027-03-09T05:00:00Z");
  const dayEnd = Date.parse("2027-03-10T05:00:00Z");

  it("restarts the grid where each stretch starts (09:00, then 09:40 after a short break)", () => {
    const slots = freeSlots([person(tuesday)], rules, dayStart, dayEnd, 10);
    expect(slots.map((s) => iso(s.start))).toEqual(["2027-03-09T14:00:00.000Z", "2027-03-09T14:40:00.000Z", "2027-03-09T15:10:00.000Z"]);
  });

  it("jumps past busy time and overlapping closures, then stops at the count", () => {
    const busy = [{ start: Date.parse("2027-03-09T14:40:00Z"), end: Date.parse("2027-03-09T15:00:00Z") }];
    const closures = [{ start: Date.parse("2027-03-09T13:00:00Z"), end: Date.parse("2027-03-09T14:10:00Z") }, { start: Date.parse("2027-03-09T14:05:00Z"), end: Date.parse("2027-03-09T14:20:00Z") }];
    const slots = freeSlots([person(tuesday, { busy, closures })], rules, dayStart, dayEnd, 1);
    expect(slots.map((s) => iso(s.start))).toEqual(["2027-03-09T15:10:00.000Z"]);
    expect(mergeIntervals(closures)).toHaveLength(1);
  });

  it("explains every reason a time is not free", () => {
    const at = Date.parse("2027-03-09T16:45:00Z"); // 11:45, after hours
    const issues = explainTime(
      { staffId: "ana", hours: tuesday, closures: [{ start: at, end: at + H }], busy: [{ id: "appt_1", start: at - 10 * M, end: at + 5 * M }] },
      rules,
      at,
    );
    expect(issues.map((i) => i.code)).toEqual(["outside_hours", "closed", "conflict"]);
    expect(issues[0]!.message).toBe("11:45 is outside working hours (or in a break).");
    expect(issues[2]).toMatchObject({ appointmentIds: ["appt_1"] });
  });
});
