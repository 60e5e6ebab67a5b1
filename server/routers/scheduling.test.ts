import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

/** Next Tuesday at least two weeks out, 10:00 in New York, as an instant (real clock: the router has no pinned time). */
function tuesdayAt(hour: number): Date {
  const d = new Date(Date.now() + 14 * 86_400_000);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  const ymd = d.toISOString().slice(0, 10);
  // Offset from the zone itself, so the test holds in winter and summer alike.
  const probe = new Date(`${ymd}T12:00:00Z`);
  const ny = new Date(probe.toLocaleString("en-US", { timeZone: "America/New_York" }));
  const utc = new Date(probe.toLocaleString("en-US", { timeZone: "UTC" }));
  const offsetHours = (utc.getTime() - ny.getTime()) / 3_600_000;
  return new Date(`${ymd}T${String(hour + offsetHours).padStart(2, "0")}:00:00Z`);
}

describe("scheduling router", () => {
  it("lets an admin set up a service and staff, and staff book with a conflict answered by next times", async () => {
    const owner = await signedInMember("owner");
    const staffMember = await signedInMember("staff", { tenantId: owner.tenant.id });
    const service = await owner.caller.scheduling.services.create({ name: "Consultation", durationMinutes: 30 });
    const ana = await owner.caller.scheduling.staff.create({ name: "Ana", serviceIds: [service.id] });
    const withHours = await owner.caller.scheduling.staff.setHours({
      staffId: ana.id,
      days: [{ weekday: 2, start: "09:00", end: "17:00", breaks: [{ start: "12:00", end: "13:00" }] }],
    });
    expect(withHours.hours).toEqual([{ weekday: 2, start: "09:00", end: "17:00", breaks: [{ start: "12:00", end: "13:00" }] }]);

    const startsAt = tuesdayAt(10);
    const first = await staffMember.caller.scheduling.appointments.book({ serviceId: service.id, staffId: ana.id, startsAt });
    expect(first.ok).toBe(true);
    const second = await staffMember.caller.scheduling.appointments.book({ serviceId: service.id, staffId: ana.id, startsAt });
    expect(second).toMatchObject({ ok: false, reason: "slot_taken", message: "That time was just taken." });
    if (second.ok) throw new Error("unreachable");
    expect(second.nextSlots[0]).toMatchObject({ staffId: ana.id, staffName: "Ana", startsAt: new Date(startsAt.getTime() + 30 * 60_000) });

    const check = await staffMember.caller.scheduling.check({ serviceId: service.id, staffId: ana.id, startsAt });
    expect(check.ok).toBe(false);

    const later = await staffMember.caller.scheduling.appointments.book({ serviceId: service.id, staffId: ana.id, startsAt: tuesdayAt(14) });
    if (!later.ok || !first.ok) throw new Error("both bookings should have succeeded");
    const moved = await staffMember.caller.scheduling.appointments.reschedule({ id: later.appointment.id, startsAt });
    expect(moved).toMatchObject({ ok: false, reason: "slot_taken" });
    const lunch = await staffMember.caller.scheduling.appointments.reschedule({ id: later.appointment.id, startsAt: tuesdayAt(12) });
    expect(lunch).toMatchObject({ ok: false, reason: "slot_unavailable", issues: [{ code: "outside_hours" }] });
    const audit = await systemDb().auditLog.findMany({ where: { tenantId: owner.tenant.id, action: "appointment.booked" } });
    expect(audit.map((a) => a.actorId)).toEqual([staffMember.user.id, staffMember.user.id]);
    expect(await systemDb().auditLog.count({ where: { tenantId: owner.tenant.id, action: "appointment.rescheduled" } })).toBe(0);
  });

  it("saves staff details and hours in one transaction: refused details leave the hours unchanged", async () => {
    const owner = await signedInMember("owner");
    const ana = await owner.caller.scheduling.staff.create({ name: "Ana" });
    const saved = await owner.caller.scheduling.staff.save({
      details: { id: ana.id, name: "Ana B", color: "#112233" },
      days: [{ weekday: 1, start: "08:00", end: "12:00", breaks: [] }],
    });
    expect(saved).toMatchObject({ name: "Ana B", hours: [{ weekday: 1, start: "08:00", end: "12:00" }] });

    // A service that does not exist is refused by the details half, after the hours half ran.
    await expect(
      owner.caller.scheduling.staff.save({
        details: { id: ana.id, name: "Renamed", serviceIds: ["no-such-service"] },
        days: [{ weekday: 3, start: "10:00", end: "18:00", breaks: [] }],
      }),
    ).rejects.toThrow();
    const after = await owner.caller.scheduling.staff.get({ id: ana.id });
    expect(after.name).toBe("Ana B");
    expect(after.hours).toEqual([{ weekday: 1, start: "08:00", end: "12:00", breaks: [] }]);
  });

  it("keeps set-up to admins and bookings to staff and up", async () => {
    const owner = await signedInMember("owner");
    const staffMember = await signedInMember("staff", { tenantId: owner.tenant.id });
    const viewer = await signedInMember("viewer", { tenantId: owner.tenant.id });
    await expect(staffMember.caller.scheduling.services.create({ name: "X", durationMinutes: 30 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const service = await owner.caller.scheduling.services.create({ name: "X", durationMinutes: 30 });
    const ana = await owner.caller.scheduling.staff.create({ name: "Ana", serviceIds: [service.id] });
    await expect(
      viewer.caller.scheduling.appointments.book({ serviceId: service.id, staffId: ana.id, startsAt: tuesdayAt(10) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await viewer.caller.scheduling.services.list()).toHaveLength(1);
  });

  it("answers unknown records with NOT_FOUND and never sees another business's", async () => {
    const a = await signedInMember("owner");
    const b = await signedInMember("owner");
    const service = await a.caller.scheduling.services.create({ name: "Private", durationMinutes: 30 });
    await expect(b.caller.scheduling.services.get({ id: service.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.scheduling.findSlots({ serviceId: service.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.scheduling.appointments.cancel({ id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
