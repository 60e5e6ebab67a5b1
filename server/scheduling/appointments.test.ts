import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { book, cancel, complete, confirm, listAppointments, listRange, markNoShow, reschedule, showAppointment } from "./appointments";
import { SchedulingError, SlotTakenError, SlotUnavailableError } from "./errors";
import { createService } from "./services";
import { updateBookingRules } from "./settings";
import { checkTime, findSlots } from "./slots";
import { createStaff, setWeeklyHours } from "./staff";
import { localStamp, schedulingBusiness } from "./test-fixtures";

const NY = "America/New_York";
const NOW = new Date("2027-03-01T12:00:00Z");
// Tuesday 9 March 2027 (EST, UTC-5).
const at = (hhmm: string) => new Date(`2027-03-09T${hhmm}:00-05:00`);

async function clinic() {
  const biz = await schedulingBusiness(NY);
  const ids = await biz.run(async (ctx) => {
    await updateBookingRules(ctx, { minNoticeMinutes: 60, horizonDays: 90, slotStepMinutes: 30 });
    const service = await createService(ctx, { name: "Cut", durationMinutes: 45, bufferAfterMinutes: 15 });
    const staff = await createStaff(ctx, { name: "Ana", serviceIds: [service.id] });
    await setWeeklyHours(ctx, {
      staffId: staff.id,
      days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00", breaks: [{ start: "12:00", end: "13:00" }] })),
    });
    return { serviceId: service.id, staffId: staff.id };
  });
  const run = <T,>(fn: Parameters<typeof biz.run<T>>[0]) => biz.run(fn, NOW);
  const bookAt = (hhmm: string, extra: Partial<Parameters<typeof book>[1]> = {}) =>
    run((ctx) => book(ctx, { serviceId: ids.serviceId, staffId: ids.staffId, startsAt: at(hhmm), ...extra }));
  return { ...biz, ...ids, run, bookAt };
}

function stamps(slots: { startsAt: Date }[]) {
  return slots.map((s) => localStamp(s.startsAt, NY).slice(11));
}

describe("booking", () => {
  it("books a free time with its buffer and records it in the audit log", async () => {
    const c = await clinic();
    const caller = await c.run((ctx) => ctx.db.contact.create({ data: { tenantId: ctx.tenantId, givenName: "Lee", timezone: NY } }));
    const appt = await c.bookAt("10:00", { source: "phone", contactId: caller.id, notes: "Prefers Ana" });
    expect(appt.endsAt.toISOString()).toBe(at("10:45").toISOString());
    expect(appt.blockedEnd.toISOString()).toBe(at("11:00").toISOString());
    expect(appt).toMatchObject({ status: "scheduled", source: "phone", contactId: caller.id, staff: { name: "Ana" } });
    const audit = await systemDb().auditLog.findMany({ where: { tenantId: c.tenantId, action: "appointment.booked" } });
    expect(audit.map((a) => a.targetId)).toEqual([appt.id]);
  });

  it("refuses to book over an existing appointment and offers the next free times", async () => {
    const c = await clinic();
    await c.bookAt("10:00");
    const error = await c.bookAt("10:30").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotTakenError);
    expect((error as SlotTakenError).message).toBe("That time was just taken.");
    // 10:00-10:45 plus 15 min clean-up holds until 11:00; 11:30 would run into lunch.
    expect(stamps((error as SlotTakenError).nextSlots)).toEqual(["11:00", "13:00", "13:30"]);
  });

  it("lets exactly one of two concurrent bookings of the same time win", async () => {
    const c = await clinic();
    const results = await Promise.allSettled([c.bookAt("14:00"), c.bookAt("14:00"), c.bookAt("14:30")]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(SlotTakenError);
      expect((l.reason as SlotTakenError).nextSlots.length).toBeGreaterThan(0);
    }
    const live = await c.run((ctx) => ctx.db.appointment.count({ where: { status: { not: "cancelled" } } }));
    expect(live).toBe(1);
  });

  it("turns the database constraint's refusal into the typed error when both bookings passed the check", async () => {
    const c = await clinic();
    let holdA!: () => void;
    const aHolds = new Promise<void>((resolve) => (holdA = resolve));
    let releaseA!: () => void;
    const aReleased = new Promise<void>((resolve) => (releaseA = resolve));
    // A books 14:00 and keeps its transaction open, so B's pre-check cannot see A's row.
    const a = withTenant({ tenantId: c.tenantId }, async (db) => {
      const ctx = { db, tenantId: c.tenantId, actorId: null, now: () => NOW };
      const appt = await book(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: at("14:00") });
      holdA();
      await aReleased;
      return appt;
    });
    await aHolds;
    let bSettled = false;
    const b = c.bookAt("14:30").finally(() => (bSettled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(bSettled).toBe(false); // B waits on A's row inside PostgreSQL's exclusion check
    releaseA();
    await a;
    const error = await b.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotTakenError);
    expect(stamps((error as SlotTakenError).nextSlots)).toEqual(["15:00", "15:30", "16:00"]);
  });

  it("is enforced by PostgreSQL even for writes that skip the service", async () => {
    const c = await clinic();
    const first = await c.bookAt("10:00");
    await expect(
      c.run((ctx) =>
        ctx.db.appointment.create({
          data: {
            tenantId: c.tenantId,
            staffId: c.staffId,
            serviceId: c.serviceId,
            startsAt: at("10:50"),
            endsAt: at("11:35"),
            blockedStart: at("10:50"), // inside the first one's clean-up buffer
            blockedEnd: at("11:50"),
          },
        }),
      ),
    ).rejects.toThrow(/Appointment_no_double_booking|23P01|exclusion/i);
    expect(first.blockedEnd > at("10:50")).toBe(true);
  });

  it("refuses times outside working hours unless staff override by hand", async () => {
    const c = await clinic();
    const phone = await c.bookAt("12:15", { source: "phone", allowOutsideHours: true }).catch((e: unknown) => e);
    expect(phone).toBeInstanceOf(SlotUnavailableError);
    expect((phone as SlotUnavailableError).issues.map((i) => i.code)).toEqual(["outside_hours"]);
    expect(stamps((phone as SlotUnavailableError).nextSlots)).toEqual(["13:00", "13:30", "14:00"]);
    const manual = await c.bookAt("12:15", { allowOutsideHours: true });
    expect(manual.status).toBe("scheduled");
    // The override never covers an overlap.
    await expect(c.bookAt("12:30", { allowOutsideHours: true })).rejects.toBeInstanceOf(SlotTakenError);
  });

  it("refuses bookings inside the notice period", async () => {
    const c = await clinic();
    const soon = new Date(NOW.getTime() + 30 * 60_000);
    const error = await c.run((ctx) => book(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: soon })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotUnavailableError);
    expect((error as SlotUnavailableError).issues.map((i) => i.code)).toContain("too_soon");
  });
});

describe("changing appointments", () => {
  it("frees the old time when an appointment is moved", async () => {
    const c = await clinic();
    const appt = await c.bookAt("10:00");
    const moved = await c.run((ctx) => reschedule(ctx, { id: appt.id, startsAt: at("15:00") }));
    expect(moved.status).toBe("rescheduled");
    expect(moved.startsAt.toISOString()).toBe(at("15:00").toISOString());
    const free = await c.run((ctx) => findSlots(ctx, { serviceId: c.serviceId, from: at("09:00"), to: at("17:00"), count: 20 }));
    expect(stamps(free.slots)).toContain("10:00");
    expect(stamps(free.slots)).not.toContain("15:00");
    await expect(c.bookAt("15:00")).rejects.toBeInstanceOf(SlotTakenError);
    expect((await c.bookAt("10:00")).status).toBe("scheduled");
  });

  it("moves an appointment a little without colliding with itself", async () => {
    const c = await clinic();
    const appt = await c.bookAt("10:00");
    const moved = await c.run((ctx) => reschedule(ctx, { id: appt.id, startsAt: at("10:30") }));
    expect(moved.startsAt.toISOString()).toBe(at("10:30").toISOString());
  });

  it("refuses to move onto another appointment", async () => {
    const c = await clinic();
    const a = await c.bookAt("10:00");
    await c.bookAt("14:00");
    const error = await c.run((ctx) => reschedule(ctx, { id: a.id, startsAt: at("14:00") })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotTakenError);
    const still = await c.run((ctx) => ctx.db.appointment.findUniqueOrThrow({ where: { id: a.id } }));
    expect(still.startsAt.toISOString()).toBe(at("10:00").toISOString());
  });

  it("frees the time when an appointment is cancelled", async () => {
    const c = await clinic();
    const appt = await c.bookAt("10:00");
    const cancelled = await c.run((ctx) => cancel(ctx, { id: appt.id, reason: "Caller asked" }));
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Caller asked" });
    expect(cancelled.cancelledAt?.toISOString()).toBe(NOW.toISOString());
    const again = await c.bookAt("10:00");
    expect(again.id).not.toBe(appt.id);
  });

  it("confirms, completes and marks no-shows, and refuses to revive a closed appointment", async () => {
    const c = await clinic();
    const a = await c.bookAt("10:00");
    const b = await c.bookAt("14:00");
    expect((await c.run((ctx) => confirm(ctx, { id: a.id }))).status).toBe("confirmed");
    expect((await c.run((ctx) => complete(ctx, { id: a.id }))).status).toBe("completed");
    expect((await c.run((ctx) => markNoShow(ctx, { id: b.id }))).status).toBe("no_show");
    const err = await c.run((ctx) => confirm(ctx, { id: a.id })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulingError);
    expect((err as SchedulingError).code).toBe("invalid_state");
    await expect(c.run((ctx) => reschedule(ctx, { id: b.id, startsAt: at("15:00") }))).rejects.toThrow(/no-show/);
    const actions = await systemDb().auditLog.findMany({ where: { tenantId: c.tenantId, targetId: a.id }, orderBy: { id: "asc" } });
    expect(actions.map((x) => x.action)).toEqual(["appointment.booked", "appointment.confirmed", "appointment.completed"]);
  });
});

describe("reading appointments", () => {
  it("lists a calendar range and pages the list view", async () => {
    const c = await clinic();
    const booked: Awaited<ReturnType<typeof c.bookAt>>[] = [];
    for (const t of ["09:00", "10:00", "11:00", "13:00", "14:00"]) booked.push(await c.bookAt(t));
    await c.run((ctx) => cancel(ctx, { id: booked[1]!.id }));
    const day = await c.run((ctx) => listRange(ctx, { from: at("00:00"), to: at("23:59") }));
    expect(day.map((a) => localStamp(a.startsAt, NY).slice(11))).toEqual(["09:00", "11:00", "13:00", "14:00"]);
    const withCancelled = await c.run((ctx) => listRange(ctx, { from: at("00:00"), to: at("23:59"), includeCancelled: true }));
    expect(withCancelled).toHaveLength(5);

    const page1 = await c.run((ctx) => listAppointments(ctx, { limit: 2 }));
    const page2 = await c.run((ctx) => listAppointments(ctx, { limit: 2, cursor: page1.nextCursor! }));
    const page3 = await c.run((ctx) => listAppointments(ctx, { limit: 2, cursor: page2.nextCursor! }));
    expect([...page1.items, ...page2.items, ...page3.items].map((a) => a.id)).toEqual(booked.map((a) => a.id));
    expect(page3.nextCursor).toBeNull();
    const cancelledOnly = await c.run((ctx) => listAppointments(ctx, { status: "cancelled" }));
    expect(cancelledOnly.items.map((a) => a.id)).toEqual([booked[1]!.id]);
  });

  it("names each appointment's contact and lists the past newest first", async () => {
    const c = await clinic();
    const contact = await c.run((ctx) =>
      ctx.db.contact.create({ data: { tenantId: ctx.tenantId, givenName: "Rosa", familyName: "Diaz", phone: "+14155550123", timezone: NY } }),
    );
    const first = await c.bookAt("09:00", { contactId: contact.id });
    await expect(c.bookAt("10:00", { contactId: "no-such-contact" })).rejects.toMatchObject({ code: "invalid_input" });
    const second = await c.bookAt("10:00");
    const third = await c.bookAt("11:00");

    const day = await c.run((ctx) => listRange(ctx, { from: at("00:00"), to: at("23:59") }));
    expect(day.map((a) => a.contact)).toEqual([{ id: contact.id, name: "Rosa Diaz", phone: "+14155550123" }, null, null]);
    expect((await c.run((ctx) => showAppointment(ctx, first.id))).contact?.name).toBe("Rosa Diaz");

    const newest = await c.run((ctx) => listAppointments(ctx, { order: "desc", limit: 2 }));
    const rest = await c.run((ctx) => listAppointments(ctx, { order: "desc", limit: 2, cursor: newest.nextCursor! }));
    expect([...newest.items, ...rest.items].map((a) => a.id)).toEqual([third.id, second.id, first.id]);
    expect(newest.items[0]!.contact).toBeNull();
  });

  it("checks a proposed time before saving and explains what is wrong", async () => {
    const c = await clinic();
    await c.bookAt("10:00");
    const check = (hhmm: string) => c.run((ctx) => checkTime(ctx, { serviceId: c.serviceId, staffId: c.staffId, startsAt: at(hhmm) }));
    expect((await check("11:00")).ok).toBe(true);
    const clash = await check("10:15");
    expect(clash.ok).toBe(false);
    expect(clash.issues.map((i) => i.code)).toEqual(["conflict"]);
    expect(stamps(clash.nextSlots)[0]).toBe("11:00");
    expect((await check("16:30")).issues.map((i) => i.code)).toEqual(["outside_hours"]);
  });

  it("keeps one business's appointments invisible to another", async () => {
    const c = await clinic();
    await c.bookAt("10:00");
    const other = await clinic();
    const seen = await other.run((ctx) => ctx.db.appointment.findMany());
    expect(seen).toHaveLength(0);
  });
});
