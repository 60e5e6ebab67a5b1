// What the booking and move forms show for a chosen service, person and day: the free times
// (findSlots) and, for a time typed by hand, the pre-save check with its conflicts. Dates and
// typed times are the business's local ones.
import { localDayRange, localInstant } from "./local-dates";
import type { serverCaller } from "../../trpc.server";

/** Enough to fill a day at 5-minute spacing for a few people, without a second request. */
const SLOTS_PER_DAY = 100;

export async function availability(
  caller: ReturnType<typeof serverCaller>,
  q: { serviceId: string; staffId?: string; date: string; time?: string; timeZone: string; excludeAppointmentId?: string },
) {
  const { from, to } = localDayRange(q.date, q.timeZone);
  const { slots } = await caller.scheduling.findSlots({
    serviceId: q.serviceId,
    staffId: q.staffId,
    from,
    to,
    count: SLOTS_PER_DAY,
    excludeAppointmentId: q.excludeAppointmentId,
  });
  // A typed time is checked against one person: the chosen one (the form asks for one first).
  const startsAt = q.time ? localInstant(q.date, q.time, q.timeZone) : null;
  const check =
    startsAt && q.staffId
      ? await caller.scheduling.check({ serviceId: q.serviceId, staffId: q.staffId, startsAt, excludeAppointmentId: q.excludeAppointmentId })
      : null;
  return { slots, startsAt, check: check ? { ok: check.ok, issues: check.issues, nextSlots: check.nextSlots } : null };
}
