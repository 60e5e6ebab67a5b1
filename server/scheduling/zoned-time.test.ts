import { describe, expect, it } from "vitest";
import { addDays, localDateOf, localMinuteOf, wallClockOfDay, wallTimeToInstant, weekdayOf } from "./zoned-time";

const NY = "America/New_York";

describe("wall-clock time in a zone", () => {
  it("reads 9:00 in New York as 14:00 UTC in winter and 13:00 UTC in summer", () => {
    expect(wallTimeToInstant({ year: 2027, month: 3, day: 13 }, 9 * 60, NY).toISOString()).toBe("2027-03-13T14:00:00.000Z");
    expect(wallTimeToInstant({ year: 2027, month: 3, day: 14 }, 9 * 60, NY).toISOString()).toBe("2027-03-14T13:00:00.000Z");
    expect(wallTimeToInstant({ year: 2027, month: 11, day: 6 }, 9 * 60, NY).toISOString()).toBe("2027-11-06T13:00:00.000Z");
    expect(wallTimeToInstant({ year: 2027, month: 11, day: 7 }, 9 * 60, NY).toISOString()).toBe("2027-11-07T14:00:00.000Z");
  });

  it("moves a time skipped by the spring-forward gap one hour later", () => {
    // 02:30 does not exist on 14 March 2027 in New York; it becomes 03:30 EDT.
    expect(wallTimeToInstant({ year: 2027, month: 3, day: 14 }, 150, NY).toISOString()).toBe("2027-03-14T07:30:00.000Z");
  });

  it("takes the first of the two 01:30s on the autumn night", () => {
    expect(wallTimeToInstant({ year: 2027, month: 11, day: 7 }, 90, NY).toISOString()).toBe("2027-11-07T05:30:00.000Z");
  });

  it("reads back local dates, minutes and weekdays", () => {
    const t = new Date("2027-03-15T03:30:00Z"); // 23:30 EDT on Sunday 14 March
    expect(localDateOf(t, NY)).toEqual({ year: 2027, month: 3, day: 14 });
    expect(localMinuteOf(t, NY)).toBe(23 * 60 + 30);
    expect(weekdayOf({ year: 2027, month: 3, day: 14 })).toBe(0);
    expect(addDays({ year: 2027, month: 2, day: 28 }, 1)).toEqual({ year: 2027, month: 3, day: 1 });
  });

  it("converts a whole day the same way fast and slow, in zones with odd offsets and rules", () => {
    const zones = [NY, "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"];
    for (const zone of zones) {
      for (let d = { year: 2027, month: 1, day: 1 }; d.year === 2027; d = addDays(d, 9)) {
        const fast = wallClockOfDay(d, zone);
        for (const minute of [0, 9 * 60, 12 * 60 + 30, 23 * 60 + 59]) {
          expect(fast(minute), `${zone} ${JSON.stringify(d)} ${minute}`).toBe(wallTimeToInstant(d, minute, zone).getTime());
        }
      }
    }
  });
});
