import { describe, expect, it } from "vitest";
import { book } from "./appointments";
import { createClosure } from "./closures";
import type { SchedulingContext } from "./context";
import { createService } from "./services";
import { updateBookingRules } from "./settings";
import { findSlots } from "./slots";
import { createStaff, setWeeklyHours } from "./staff";
import { localStamp, schedulingBusiness } from "./test-fixtures";

const NY = "America/New_York";
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

interface Setup {
  days?: number[];
  breaks?: { start: string; end: string }[];
  duration?: number;
  bufferBefore?: number;
  bufferAfter?: number;
  step?: number;
  notice?: number;
  horizon?: number;
  staffNames?: string[];
}

/** A New York business with staff working 09:00-17:00 and one service they all perform. */
async function clinic(setup: Setup = {}) {
  const biz = await schedulingBusiness(NY);
  const ids = await biz.run(async (ctx) => {
    await updateBookingRules(ctx, { minNoticeMinutes: setup.notice ?? 0, horizonDays: setup.horizon ?? 400, slotStepMinutes: setup.step ?? 60 });
    const service = await createService(ctx, {
      name: "Consultation",
      durationMinutes: setup.duration ?? 60,
      bufferBeforeMinutes: setup.bufferBefore ?? 0,
      bufferAfterMinutes: setup.bufferAfter ?? 0,
    });
    const staff = [];
    for (const name of setup.staffNames ?? ["Ana"]) {
      const s = await createStaff(ctx, { name, serviceIds: [service.id] });
      await setWeeklyHours(ctx, {
        staffId: s.id,
        days: (setup.days ?? EVERY_DAY).map((weekday) => ({ weekday, start: "09:00", end: "17:00", breaks: setup.breaks ?? [] })),
      });
      staff.push(s.id);
    }
    return { serviceId: service.id, staffIds: staff };
  });
  const slots = (input: { from: string; to: string; count?: number; staffId?: string }, now = new Date("2027-01-01T00:00:00Z")) =>
    biz.run(async (ctx: SchedulingContext) => {
      const r = await findSlots(ctx, { serviceId: ids.serviceId, from: new Date(input.from), to: new Date(input.to), count: input.count ?? 100, staffId: input.staffId });
      return r.slots.map((s) => localStamp(s.startsAt, NY));
    }, now);
  return { ...biz, ...ids, staffId: ids.staffIds[0]!, slots };
}

const hourly = (date: string, hours: number[]) => hours.map((h) => `${date} ${String(h).padStart(2, "0")}:00`);

describe("findSlots", () => {
  it("keeps 09:00-17:00 local across the March daylight-saving change", async () => {
    const c = await clinic();
    // Saturday 13 (EST), Sunday 14 (the change, at 02:00), Monday 15 March 2027 (EDT).
    const slots = await c.slots({ from: "2027-03-13T05:00:00Z", to: "2027-03-16T04:00:00Z" });
    const day = [9, 10, 11, 12, 13, 14, 15, 16];
    expect(slots).toEqual([...hourly("2027-03-13", day), ...hourly("2027-03-14", day), ...hourly("2027-03-15", day)]);
    const raw = await c.run((ctx) => findSlots(ctx, { serviceId: c.serviceId, from: new Date("2027-03-13T05:00:00Z"), count: 9 }), new Date("2027-01-01T00:00:00Z"));
    expect(raw.slots[0]!.startsAt.toISOString()).toBe("2027-03-13T14:00:00.000Z");
    expect(raw.slots[8]!.startsAt.toISOString()).toBe("2027-03-14T13:00:00.000Z");
    expect(raw.timeZone).toBe(NY);
  });

  it("keeps 09:00-17:00 local across the November daylight-saving change", async () => {
    const c = await clinic();
    const slots = await c.slots({ from: "2027-11-06T04:00:00Z", to: "2027-11-08T05:00:00Z" });
    const day = [9, 10, 11, 12, 13, 14, 15, 16];
    expect(slots).toEqual([...hourly("2027-11-06", day), ...hourly("2027-11-07", day)]);
    const raw = await c.run((ctx) => findSlots(ctx, { serviceId: c.serviceId, from: new Date("2027-11-07T00:00:00Z"), count: 1 }), new Date("2027-01-01T00:00:00Z"));
    expect(raw.slots[0]!.startsAt.toISOString()).toBe("2027-11-07T14:00:00.000Z");
  });

  it("leaves out breaks and keeps buffers clear of existing appointments", async () => {
    const c = await clinic({ breaks: [{ start: "12:00", end: "13:00" }], bufferBefore: 15, bufferAfter: 15, step: 15 });
    // Tuesday 9 March 2027, 10:00-11:00 EST: blocks 09:45-11:15 with its buffers.
    await c.run((ctx) => book(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: new Date("2027-03-09T15:00:00Z") }), new Date("2027-01-01T00:00:00Z"));
    const slots = await c.slots({ from: "2027-03-09T05:00:00Z", to: "2027-03-10T05:00:00Z" });
    // 09:00 would need 08:45-10:15; 11:30 would end at 12:30, in the break; after lunch every quarter hour to 16:00.
    const afternoon = [];
    for (let m = 13 * 60; m <= 16 * 60; m += 15) afternoon.push(`2027-03-09 ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
    expect(slots).toEqual(afternoon);
  });

  it("lets back-to-back appointments touch when there are no buffers", async () => {
    const c = await clinic({ step: 60 });
    await c.run((ctx) => book(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: new Date("2027-03-09T15:00:00Z") }), new Date("2027-01-01T00:00:00Z"));
    const slots = await c.slots({ from: "2027-03-09T05:00:00Z", to: "2027-03-10T05:00:00Z" });
    expect(slots).toEqual(hourly("2027-03-09", [9, 11, 12, 13, 14, 15, 16]));
  });

  it("honours minimum notice and the booking horizon", async () => {
    const c = await clinic({ notice: 120, horizon: 2, breaks: [{ start: "12:00", end: "13:00" }] });
    const now = new Date("2027-03-09T15:00:00Z"); // Tuesday 10:00 EST
    const soon = await c.slots({ from: "2027-03-09T05:00:00Z", to: "2027-03-20T05:00:00Z" }, now);
    // 10:00 + 2 h notice = 12:00, lunch until 13:00; nothing at or after Thursday 10:00 (two days out).
    expect(soon).toEqual([...hourly("2027-03-09", [13, 14, 15, 16]), ...hourly("2027-03-10", [9, 10, 11, 13, 14, 15, 16]), "2027-03-11 09:00"]);
    expect(await c.slots({ from: "2027-03-12T05:00:00Z", to: "2027-03-20T05:00:00Z" }, now)).toEqual([]);
  });

  it("skips business closures and a staff member's own leave", async () => {
    const c = await clinic();
    await c.run(async (ctx) => {
      await createClosure(ctx, { days: { from: "2027-03-10", to: "2027-03-10" }, reason: "Staff training" });
      await createClosure(ctx, { staffId: c.staffId, startsAt: new Date("2027-03-11T19:00:00Z"), endsAt: new Date("2027-03-11T20:30:00Z"), reason: "Dentist" });
    });
    const slots = await c.slots({ from: "2027-03-10T05:00:00Z", to: "2027-03-12T05:00:00Z" });
    // Wednesday closed; Thursday loses 14:00 and 15:00 (leave 14:00-15:30), and 16:00 is free again.
    expect(slots).toEqual(hourly("2027-03-11", [9, 10, 11, 12, 13, 16]));
  });

  it("offers another staff member's time when the first is booked, one slot per start time", async () => {
    const c = await clinic({ staffNames: ["Ana", "Ben"] });
    const [ana, ben] = c.staffIds as [string, string];
    await c.run((ctx) => book(ctx, { serviceId: c.serviceId, staffId: ana, startsAt: new Date("2027-03-09T14:00:00Z") }), new Date("2027-01-01T00:00:00Z"));
    const r = await c.run((ctx) => findSlots(ctx, { serviceId: c.serviceId, from: new Date("2027-03-09T05:00:00Z"), count: 2 }), new Date("2027-01-01T00:00:00Z"));
    expect(r.slots.map((s) => [localStamp(s.startsAt, NY), s.staffName])).toEqual([
      ["2027-03-09 09:00", "Ben"],
      ["2027-03-09 10:00", "Ana"],
    ]);
    expect(r.slots[0]!.staffId).toBe(ben);
    expect(await c.slots({ from: "2027-03-09T05:00:00Z", to: "2027-03-09T16:00:00Z", staffId: ana })).toEqual(hourly("2027-03-09", [10]));
  });

  it("answers a Saturday-night caller with Monday morning", async () => {
    const c = await clinic({ days: [1, 2, 3, 4, 5], notice: 60 });
    const saturdayNight = new Date("2027-03-14T03:00:00Z"); // 22:00 EST, Saturday 13 March
    expect(await c.slots({ from: "2027-03-14T03:00:00Z", to: "2027-03-30T00:00:00Z", count: 2 }, saturdayNight)).toEqual(hourly("2027-03-15", [9, 10]));
  });

  it("searches past fully booked weeks", async () => {
    const c = await clinic({ days: [1] }); // Mondays only
    const now = new Date("2027-01-01T00:00:00Z");
    await c.run(async (ctx) => {
      for (const monday of ["2027-03-08", "2027-03-15"]) {
        for (let h = 9; h < 17; h++) {
          const start = new Date(`${monday}T${String(h).padStart(2, "0")}:00:00-0${monday === "2027-03-08" ? 5 : 4}:00`);
          await book(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: start });
        }
      }
    }, now);
    const slots = await c.slots({ from: "2027-03-08T05:00:00Z", to: "2027-04-30T00:00:00Z", count: 2 });
    expect(slots).toEqual(hourly("2027-03-22", [9, 10]));
  });
});
