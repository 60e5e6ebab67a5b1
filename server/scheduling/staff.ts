// Staff members (people or rooms), the services each can perform, and their weekly hours.
// Staff are deactivated rather than deleted so past appointments keep their person.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Prisma } from "../db";
import type { SchedulingContext } from "./context";
import { SchedulingError } from "./errors";
import { formatClock } from "./zoned-time";

/** "HH:MM" on a 24-hour clock, "24:00" allowed as an end. Kept as text through parsing so the
 * schema can run twice (router, then service) with the same result. */
const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM, e.g. 09:00");

/** Minutes after midnight of an "HH:MM" that passed `clockTime`. */
function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
}

const dayHoursInput = z
  .object({
    weekday: z.number().int().min(0).max(6),
    start: clockTime,
    end: clockTime,
    breaks: z.array(z.object({ start: clockTime, end: clockTime })).max(10).default([]),
  })
  .superRefine((d, ctx) => {
    const [start, end] = [minutesOf(d.start), minutesOf(d.end)];
    if (start >= end) ctx.addIssue({ code: "custom", message: "A working day must end after it starts", path: ["end"] });
    for (const b of d.breaks) {
      const [bs, be] = [minutesOf(b.start), minutesOf(b.end)];
      if (bs >= be || bs < start || be > end) {
        ctx.addIssue({ code: "custom", message: "A break must lie inside the working day", path: ["breaks"] });
      }
    }
  });

export const weeklyHoursInput = z.object({
  staffId: z.string().min(1),
  /** The whole week: weekdays absent are days off. */
  days: z.array(dayHoursInput).max(7).refine((days) => new Set(days.map((d) => d.weekday)).size === days.length, "One entry per weekday"),
});

const staffFields = {
  name: z.string().trim().min(1).max(120),
  kind: z.enum(["person", "room"]).default("person"),
  email: z.string().trim().email().max(254).nullish(),
  phone: z.string().trim().max(40).nullish(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb").nullish(),
};

export const createStaffInput = z.object({
  ...staffFields,
  serviceIds: z.array(z.string().min(1)).max(200).default([]),
});

export const updateStaffInput = z.object({
  id: z.string().min(1),
  name: staffFields.name.optional(),
  kind: z.enum(["person", "room"]).optional(),
  email: staffFields.email,
  phone: staffFields.phone,
  color: staffFields.color,
  active: z.boolean().optional(),
  /** Replaces the services this person performs when given. */
  serviceIds: z.array(z.string().min(1)).max(200).optional(),
});

export const listStaffInput = z.object({ includeInactive: z.boolean().default(false) }).default({});

const staffInclude = {
  services: { select: { serviceId: true } },
  workingHours: { orderBy: { weekday: "asc" } },
} satisfies Prisma.StaffMemberInclude;

type StaffRow = Prisma.StaffMemberGetPayload<{ include: typeof staffInclude }>;

function present(row: StaffRow) {
  const { services, workingHours, ...rest } = row;
  return {
    ...rest,
    serviceIds: services.map((s) => s.serviceId),
    // The same "HH:MM" shape setWeeklyHours takes, so a form can round-trip it.
    hours: workingHours.map((h) => ({
      weekday: h.weekday,
      start: formatClock(h.startMinute),
      end: formatClock(h.endMinute),
      breaks: (h.breaks as { start: number; end: number }[]).map((b) => ({ start: formatClock(b.start), end: formatClock(b.end) })),
    })),
  };
}

export type StaffView = ReturnType<typeof present>;

async function assertServicesExist(ctx: SchedulingContext, serviceIds: string[]) {
  if (serviceIds.length === 0) return;
  const found = await ctx.db.service.count({ where: { id: { in: serviceIds } } });
  if (found !== new Set(serviceIds).size) throw new SchedulingError("not_found", "One of those services does not exist.");
}

export async function listStaff(ctx: SchedulingContext, input: z.input<typeof listStaffInput> = {}): Promise<StaffView[]> {
  const { includeInactive } = listStaffInput.parse(input);
  const rows = await ctx.db.staffMember.findMany({
    where: includeInactive ? {} : { active: true },
    include: staffInclude,
    orderBy: [{ active: "desc" }, { name: "asc" }],
  });
  return rows.map(present);
}

export async function getStaff(ctx: SchedulingContext, id: string): Promise<StaffView> {
  const row = await ctx.db.staffMember.findUnique({ where: { id }, include: staffInclude });
  if (!row) throw new SchedulingError("not_found", "That staff member does not exist.");
  return present(row);
}

export async function createStaff(ctx: SchedulingContext, input: z.input<typeof createStaffInput>): Promise<StaffView> {
  const data = createStaffInput.parse(input);
  const serviceIds = [...new Set(data.serviceIds)];
  await assertServicesExist(ctx, serviceIds);
  const row = await ctx.db.staffMember.create({
    data: {
      tenantId: ctx.tenantId,
      name: data.name,
      kind: data.kind,
      email: data.email ?? null,
      phone: data.phone ?? null,
      color: data.color ?? null,
      services: { create: serviceIds.map((serviceId) => ({ tenantId: ctx.tenantId, serviceId })) },
    },
    include: staffInclude,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.staff_created",
    targetType: "StaffMember",
    targetId: row.id,
    ip: ctx.ip,
    meta: { name: row.name, kind: row.kind },
  });
  return present(row);
}

export async function updateStaff(ctx: SchedulingContext, input: z.input<typeof updateStaffInput>): Promise<StaffView> {
  const { id, serviceIds, ...fields } = updateStaffInput.parse(input);
  await getStaff(ctx, id);
  if (serviceIds) {
    const unique = [...new Set(serviceIds)];
    await assertServicesExist(ctx, unique);
    await ctx.db.staffService.deleteMany({ where: { staffId: id } });
    await ctx.db.staffService.createMany({ data: unique.map((serviceId) => ({ tenantId: ctx.tenantId, staffId: id, serviceId })) });
  }
  const row = await ctx.db.staffMember.update({ where: { id }, data: fields, include: staffInclude });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.staff_updated",
    targetType: "StaffMember",
    targetId: id,
    ip: ctx.ip,
    meta: { fields: Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined), serviceIds },
  });
  return present(row);
}

/** Replaces a staff member's whole week of hours. */
export async function setWeeklyHours(ctx: SchedulingContext, input: z.input<typeof weeklyHoursInput>): Promise<StaffView> {
  const { staffId, days } = weeklyHoursInput.parse(input);
  await getStaff(ctx, staffId);
  await ctx.db.workingHours.deleteMany({ where: { staffId } });
  await ctx.db.workingHours.createMany({
    data: days.map((d) => ({
      tenantId: ctx.tenantId,
      staffId,
      weekday: d.weekday,
      startMinute: minutesOf(d.start),
      endMinute: minutesOf(d.end),
      breaks: d.breaks.map((b) => ({ start: minutesOf(b.start), end: minutesOf(b.end) })).sort((a, b) => a.start - b.start),
    })),
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.hours_updated",
    targetType: "StaffMember",
    targetId: staffId,
    ip: ctx.ip,
    meta: { days: days.length },
  });
  return getStaff(ctx, staffId);
}
