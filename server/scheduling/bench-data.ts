// Generates a busy scheduling calendar for benchmarks (and for the large seed): staff working
// Monday-Saturday 09:00-17:00 with a lunch break, one service everyone performs, and a given
// number of non-overlapping appointments spread over the coming days. Writes with the owner
// connection in bulk; the appointments still pass the EXCLUDE constraint.
import type { PrismaClient } from "../db";
import { addDays, localDateOf, wallTimeToInstant, weekdayOf } from "./zoned-time";

export interface BusyCalendarOptions {
  tenantId: string;
  timeZone: string;
  staff: number;
  appointments: number;
  days: number;
  /** Service length; appointments are placed on this grid. */
  durationMinutes?: number;
  from?: Date;
  /** Deterministic data for comparable runs. */
  seed?: number;
}

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedBusyCalendar(db: PrismaClient, o: BusyCalendarOptions) {
  const duration = o.durationMinutes ?? 30;
  const rand = random(o.seed ?? 42);
  const service = await db.service.create({
    data: { tenantId: o.tenantId, name: "Bench service", durationMinutes: duration, bufferAfterMinutes: 0 },
  });
  const staffIds: string[] = [];
  for (let i = 0; i < o.staff; i++) {
    const staff = await db.staffMember.create({ data: { tenantId: o.tenantId, name: `Staff ${String(i).padStart(2, "0")}` } });
    staffIds.push(staff.id);
    await db.staffService.create({ data: { tenantId: o.tenantId, staffId: staff.id, serviceId: service.id } });
    await db.workingHours.createMany({
      data: [1, 2, 3, 4, 5, 6].map((weekday) => ({
        tenantId: o.tenantId,
        staffId: staff.id,
        weekday,
        startMinute: 9 * 60,
        endMinute: 17 * 60,
        breaks: [{ start: 12 * 60, end: 13 * 60 }],
      })),
    });
  }

  // Every bookable start on the grid, per staff member; pick appointments without replacement.
  const starts: number[] = [];
  const first = localDateOf(o.from ?? new Date(), o.timeZone);
  for (let d = 0; d < o.days; d++) {
    const date = addDays(first, d);
    if (weekdayOf(date) === 0) continue;
    for (let m = 9 * 60; m + duration <= 17 * 60; m += duration) {
      if (m < 13 * 60 && m + duration > 12 * 60) continue;
      starts.push(wallTimeToInstant(date, m, o.timeZone).getTime());
    }
  }
  const capacity = starts.length * o.staff;
  if (o.appointments > capacity) throw new Error(`Only ${capacity} appointment slots in ${o.days} days`);
  const chosen = new Set<number>();
  while (chosen.size < o.appointments) chosen.add(Math.floor(rand() * capacity));
  const rows = [...chosen].map((k) => {
    const start = new Date(starts[k % starts.length]!);
    const end = new Date(start.getTime() + duration * 60_000);
    return {
      tenantId: o.tenantId,
      staffId: staffIds[Math.floor(k / starts.length)]!,
      serviceId: service.id,
      startsAt: start,
      endsAt: end,
      blockedStart: start,
      blockedEnd: end,
      source: "manual" as const,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.appointment.createMany({ data: rows.slice(i, i + 1000) });
  return { serviceId: service.id, staffIds, capacity };
}
