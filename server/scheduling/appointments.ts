// Appointments: book, move, cancel, confirm, complete, no-show, and the calendar and list reads.
// Every write checks the time first (checkTime) for a helpful answer, then lets PostgreSQL's
// EXCLUDE constraint "Appointment_no_double_booking" settle races: the loser of two concurrent
// bookings gets SlotTakenError with the next free times, whichever path it came from.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Prisma } from "../db";
import type { AppointmentStatus } from "../db/generated/enums";
import type { SchedulingContext } from "./context";
import { nowOf } from "./context";
import { SchedulingError, SlotTakenError, SlotUnavailableError } from "./errors";
import { checkTime, findSlots } from "./slots";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Statuses that still hold their time. */
const LIVE: AppointmentStatus[] = ["scheduled", "confirmed", "rescheduled"];

export const bookInput = z.object({
  serviceId: z.string().min(1),
  staffId: z.string().min(1),
  startsAt: z.coerce.date(),
  contactId: z.string().min(1).nullish(),
  notes: z.string().max(5000).default(""),
  source: z.enum(["manual", "phone", "calcom", "calendly", "google"]).default("manual"),
  externalId: z.string().max(200).nullish(),
  /**
   * Staff booking by hand (or a calendar sync) may go outside working hours, closures, notice
   * and horizon: a favour for a regular. Never for source "phone", and never an overlap: the
   * database refuses that whatever this says.
   */
  allowOutsideHours: z.boolean().default(false),
});

export const rescheduleInput = z.object({
  id: z.string().min(1),
  startsAt: z.coerce.date(),
  /** Move to another person (and/or service) at the same time. */
  staffId: z.string().min(1).optional(),
  serviceId: z.string().min(1).optional(),
  allowOutsideHours: z.boolean().default(false),
});

export const cancelInput = z.object({ id: z.string().min(1), reason: z.string().trim().max(500).optional() });
export const idInput = z.object({ id: z.string().min(1) });

export const rangeInput = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    staffIds: z.array(z.string().min(1)).max(100).optional(),
    includeCancelled: z.boolean().default(false),
  })
  .refine((r) => r.to > r.from, "The end must be after the start")
  .refine((r) => r.to.getTime() - r.from.getTime() <= 62 * DAY, "Show at most 62 days at once");

export const listInput = z.object({
  cursor: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  staffId: z.string().min(1).optional(),
  contactId: z.string().min(1).optional(),
  status: z.enum(["scheduled", "confirmed", "rescheduled", "cancelled", "completed", "no_show"]).optional(),
  /** "desc" for a list of past appointments, most recent first. */
  order: z.enum(["asc", "desc"]).default("asc"),
});

const appointmentInclude = {
  staff: { select: { id: true, name: true, kind: true, color: true } },
  service: { select: { id: true, name: true, durationMinutes: true } },
} satisfies Prisma.AppointmentInclude;

export type AppointmentView = Prisma.AppointmentGetPayload<{ include: typeof appointmentInclude }>;

/** Who an appointment is for, as a calendar or list shows it. */
export interface ContactLabel {
  id: string;
  name: string;
  phone: string | null;
}

/** An appointment as the calendar, list and detail pages read it. */
export type AppointmentWithContact = AppointmentView & { contact: ContactLabel | null };

/**
 * Adds each appointment's contact in one query (a deleted contact's appointments keep a null
 * contactId: the foreign key sets it so).
 */
async function withContacts(ctx: SchedulingContext, rows: AppointmentView[]): Promise<AppointmentWithContact[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const contacts = ids.length
    ? await ctx.db.contact.findMany({
        where: { id: { in: ids } },
        select: { id: true, givenName: true, familyName: true, company: true, phone: true, email: true },
      })
    : [];
  const labels = new Map(
    contacts.map((c) => {
      const name = [c.givenName, c.familyName].filter(Boolean).join(" ") || c.company || c.phone || c.email || "Unnamed contact";
      return [c.id, { id: c.id, name, phone: c.phone }];
    }),
  );
  return rows.map((r) => ({ ...r, contact: (r.contactId && labels.get(r.contactId)) || null }));
}

const NO_DOUBLE_BOOKING = "Appointment_no_double_booking";

/**
 * Whether an error is PostgreSQL refusing an overlap. Prisma's driver adapter throws a
 * DriverAdapterError whose message (and its cause's, with code 23P01) names the constraint;
 * matching the name rather than the code keeps any other exclusion constraint out.
 */
function isDoubleBooking(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { message } = e as { message?: unknown };
    if (typeof message === "string" && message.includes(NO_DOUBLE_BOOKING)) return true;
  }
  return false;
}

/**
 * Runs one write under a savepoint, so that when the EXCLUDE constraint rejects it the
 * transaction stays usable: we still look up the next free times, and the caller's other
 * work in the same transaction is not lost.
 */
async function writeGuarded<T>(
  ctx: SchedulingContext,
  write: () => Promise<T>,
  onTaken: () => Promise<SlotTakenError>,
): Promise<T> {
  await ctx.db.$executeRawUnsafe("SAVEPOINT appointment_write");
  try {
    const result = await write();
    await ctx.db.$executeRawUnsafe("RELEASE SAVEPOINT appointment_write");
    return result;
  } catch (error) {
    try {
      await ctx.db.$executeRawUnsafe("ROLLBACK TO SAVEPOINT appointment_write");
    } catch {
      throw error; // the transaction itself is gone; the first error says why
    }
    if (isDoubleBooking(error)) throw await onTaken();
    throw error;
  }
}

async function takenError(ctx: SchedulingContext, serviceId: string, staffId: string, from: Date, excludeAppointmentId?: string) {
  const { slots } = await findSlots(ctx, { serviceId, staffId, from, count: 3, excludeAppointmentId });
  return new SlotTakenError(slots);
}

/** Refuses a time the pre-check rejects, keeping the override rules in one place. */
function assertBookable(check: Awaited<ReturnType<typeof checkTime>>, allowOutsideHours: boolean, source: string) {
  if (check.issues.some((i) => i.code === "conflict")) throw new SlotTakenError(check.nextSlots);
  // The phone agent books only what findSlots offered. People may override the rules, and so
  // may calendar syncs, which mirror bookings already made elsewhere.
  const overridable = allowOutsideHours && source !== "phone";
  const blocking = check.issues.filter((i) => i.code === "staff_unavailable" || !overridable);
  if (blocking.length > 0) throw new SlotUnavailableError(blocking, check.nextSlots);
}

function blockedRange(startsAt: Date, service: { durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number }) {
  const start = startsAt.getTime();
  const end = start + service.durationMinutes * MINUTE;
  return {
    startsAt: new Date(start),
    endsAt: new Date(end),
    blockedStart: new Date(start - service.bufferBeforeMinutes * MINUTE),
    blockedEnd: new Date(end + service.bufferAfterMinutes * MINUTE),
  };
}

export async function getAppointment(ctx: SchedulingContext, id: string): Promise<AppointmentView> {
  const row = await ctx.db.appointment.findUnique({ where: { id }, include: appointmentInclude });
  if (!row) throw new SchedulingError("not_found", "That appointment does not exist.");
  return row;
}

/** One appointment with its contact, for the detail page. */
export async function showAppointment(ctx: SchedulingContext, id: string): Promise<AppointmentWithContact> {
  const [row] = await withContacts(ctx, [await getAppointment(ctx, id)]);
  return row!;
}

export async function book(ctx: SchedulingContext, input: z.input<typeof bookInput>): Promise<AppointmentView> {
  const data = bookInput.parse(input);
  // The foreign key is checked without row-level security, so it would accept another
  // business's contact: look the id up through the tenant transaction instead.
  if (data.contactId && !(await ctx.db.contact.findFirst({ where: { id: data.contactId, tenantId: ctx.tenantId }, select: { id: true } }))) {
    throw new SchedulingError("invalid_input", "That contact does not exist in this business.");
  }
  const check = await checkTime(ctx, { serviceId: data.serviceId, staffId: data.staffId, startsAt: data.startsAt });
  assertBookable(check, data.allowOutsideHours, data.source);
  const row = await writeGuarded(
    ctx,
    () =>
      ctx.db.appointment.create({
        data: {
          tenantId: ctx.tenantId,
          serviceId: data.serviceId,
          staffId: data.staffId,
          contactId: data.contactId ?? null,
          ...blockedRange(data.startsAt, check.service),
          notes: data.notes,
          source: data.source,
          externalId: data.externalId ?? null,
          createdById: ctx.actorId,
        },
        include: appointmentInclude,
      }),
    () => takenError(ctx, data.serviceId, data.staffId, data.startsAt),
  );
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "appointment.booked",
    targetType: "Appointment",
    targetId: row.id,
    ip: ctx.ip,
    meta: { staffId: row.staffId, serviceId: row.serviceId, startsAt: row.startsAt.toISOString(), source: row.source },
  });
  return row;
}

function assertLive(row: { status: AppointmentStatus }, doing: string) {
  if (!LIVE.includes(row.status)) {
    throw new SchedulingError("invalid_state", `This appointment is ${row.status.replace("_", "-")}; it cannot be ${doing}.`);
  }
}

/** Moves an appointment (to another time, and optionally another person or service). */
export async function reschedule(ctx: SchedulingContext, input: z.input<typeof rescheduleInput>): Promise<AppointmentView> {
  const data = rescheduleInput.parse(input);
  const current = await getAppointment(ctx, data.id);
  assertLive(current, "moved");
  const staffId = data.staffId ?? current.staffId;
  const serviceId = data.serviceId ?? current.serviceId;
  const check = await checkTime(ctx, { serviceId, staffId, startsAt: data.startsAt, excludeAppointmentId: current.id });
  assertBookable(check, data.allowOutsideHours, "manual");
  const row = await writeGuarded(
    ctx,
    () =>
      ctx.db.appointment.update({
        where: { id: current.id },
        data: { staffId, serviceId, ...blockedRange(data.startsAt, check.service), status: "rescheduled", reminderState: "pending", reminderSentAt: null },
        include: appointmentInclude,
      }),
    () => takenError(ctx, serviceId, staffId, data.startsAt, current.id),
  );
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "appointment.rescheduled",
    targetType: "Appointment",
    targetId: row.id,
    ip: ctx.ip,
    meta: {
      from: { startsAt: current.startsAt.toISOString(), staffId: current.staffId, serviceId: current.serviceId },
      to: { startsAt: row.startsAt.toISOString(), staffId, serviceId },
    },
  });
  return row;
}

async function transition(
  ctx: SchedulingContext,
  id: string,
  to: AppointmentStatus,
  doing: string,
  extra: Prisma.AppointmentUpdateInput = {},
  meta: Record<string, unknown> = {},
): Promise<AppointmentView> {
  const current = await getAppointment(ctx, id);
  if (current.status === to) return current;
  assertLive(current, doing);
  const row = await ctx.db.appointment.update({ where: { id }, data: { status: to, ...extra }, include: appointmentInclude });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: `appointment.${to}`,
    targetType: "Appointment",
    targetId: id,
    ip: ctx.ip,
    meta: { from: current.status, ...meta },
  });
  return row;
}

/** Frees the time (the constraint ignores cancelled rows). */
export function cancel(ctx: SchedulingContext, input: z.input<typeof cancelInput>) {
  const { id, reason } = cancelInput.parse(input);
  return transition(ctx, id, "cancelled", "cancelled", { cancelledAt: nowOf(ctx), cancelReason: reason ?? null }, { reason });
}

export function confirm(ctx: SchedulingContext, input: z.input<typeof idInput>) {
  return transition(ctx, idInput.parse(input).id, "confirmed", "confirmed");
}

export function complete(ctx: SchedulingContext, input: z.input<typeof idInput>) {
  return transition(ctx, idInput.parse(input).id, "completed", "completed");
}

export function markNoShow(ctx: SchedulingContext, input: z.input<typeof idInput>) {
  return transition(ctx, idInput.parse(input).id, "no_show", "marked as a no-show");
}

/** Appointments overlapping [from, to) for a day/week calendar, by start. */
export async function listRange(ctx: SchedulingContext, input: z.input<typeof rangeInput>): Promise<AppointmentWithContact[]> {
  const q = rangeInput.parse(input);
  const rows = await ctx.db.appointment.findMany({
    where: {
      startsAt: { lt: q.to },
      endsAt: { gt: q.from },
      ...(q.staffIds ? { staffId: { in: q.staffIds } } : {}),
      ...(q.includeCancelled ? {} : { status: { not: "cancelled" } }),
    },
    include: appointmentInclude,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 5000,
  });
  return withContacts(ctx, rows);
}

/** The list view: filtered, by start then id (either way), with a cursor for the next page. */
export async function listAppointments(ctx: SchedulingContext, input: z.input<typeof listInput> = {}) {
  const q = listInput.parse(input);
  const rows = await ctx.db.appointment.findMany({
    where: {
      ...(q.from || q.to ? { startsAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
      ...(q.staffId ? { staffId: q.staffId } : {}),
      ...(q.contactId ? { contactId: q.contactId } : {}),
      ...(q.status ? { status: q.status } : {}),
    },
    include: appointmentInclude,
    orderBy: [{ startsAt: q.order }, { id: q.order }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > q.limit;
  const items = hasMore ? rows.slice(0, q.limit) : rows;
  return { items: await withContacts(ctx, items), nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
