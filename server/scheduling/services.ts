// The services a business offers (a haircut, a consultation): how long each takes, the buffer
// kept free before and after, and who can perform it. Deactivated, never deleted, so past
// appointments keep their service.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { Prisma } from "../db";
import type { SchedulingContext } from "./context";
import { SchedulingError } from "./errors";

const minutes = (max: number) => z.number().int().min(0).max(max);

export const createServiceInput = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).nullish(),
  durationMinutes: minutes(24 * 60).refine((m) => m > 0, "A service takes at least a minute"),
  bufferBeforeMinutes: minutes(240).default(0),
  bufferAfterMinutes: minutes(240).default(0),
  staffIds: z.array(z.string().min(1)).max(200).default([]),
});

export const updateServiceInput = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(2000).nullish(),
  durationMinutes: minutes(24 * 60).refine((m) => m > 0, "A service takes at least a minute").optional(),
  bufferBeforeMinutes: minutes(240).optional(),
  bufferAfterMinutes: minutes(240).optional(),
  active: z.boolean().optional(),
  /** Replaces who performs this service when given. */
  staffIds: z.array(z.string().min(1)).max(200).optional(),
});

export const listServicesInput = z.object({ includeInactive: z.boolean().default(false) }).default({});

const serviceInclude = { staff: { select: { staffId: true } } } satisfies Prisma.ServiceInclude;
type ServiceRow = Prisma.ServiceGetPayload<{ include: typeof serviceInclude }>;

function present(row: ServiceRow) {
  const { staff, ...rest } = row;
  return { ...rest, staffIds: staff.map((s) => s.staffId) };
}

export type ServiceView = ReturnType<typeof present>;

async function assertStaffExist(ctx: SchedulingContext, staffIds: string[]) {
  if (staffIds.length === 0) return;
  const found = await ctx.db.staffMember.count({ where: { id: { in: staffIds } } });
  if (found !== new Set(staffIds).size) throw new SchedulingError("not_found", "One of those staff members does not exist.");
}

export async function listServices(ctx: SchedulingContext, input: z.input<typeof listServicesInput> = {}): Promise<ServiceView[]> {
  const { includeInactive } = listServicesInput.parse(input);
  const rows = await ctx.db.service.findMany({
    where: includeInactive ? {} : { active: true },
    include: serviceInclude,
    orderBy: [{ active: "desc" }, { name: "asc" }],
  });
  return rows.map(present);
}

export async function getService(ctx: SchedulingContext, id: string): Promise<ServiceView> {
  const row = await ctx.db.service.findUnique({ where: { id }, include: serviceInclude });
  if (!row) throw new SchedulingError("not_found", "That service does not exist.");
  return present(row);
}

export async function createService(ctx: SchedulingContext, input: z.input<typeof createServiceInput>): Promise<ServiceView> {
  const { staffIds, ...data } = createServiceInput.parse(input);
  const unique = [...new Set(staffIds)];
  await assertStaffExist(ctx, unique);
  const row = await ctx.db.service.create({
    data: {
      ...data,
      description: data.description ?? null,
      tenantId: ctx.tenantId,
      staff: { create: unique.map((staffId) => ({ tenantId: ctx.tenantId, staffId })) },
    },
    include: serviceInclude,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.service_created",
    targetType: "Service",
    targetId: row.id,
    ip: ctx.ip,
    meta: { name: row.name, durationMinutes: row.durationMinutes },
  });
  return present(row);
}

export async function updateService(ctx: SchedulingContext, input: z.input<typeof updateServiceInput>): Promise<ServiceView> {
  const { id, staffIds, ...fields } = updateServiceInput.parse(input);
  await getService(ctx, id);
  if (staffIds) {
    const unique = [...new Set(staffIds)];
    await assertStaffExist(ctx, unique);
    await ctx.db.staffService.deleteMany({ where: { serviceId: id } });
    await ctx.db.staffService.createMany({ data: unique.map((staffId) => ({ tenantId: ctx.tenantId, staffId, serviceId: id })) });
  }
  // Existing appointments keep the duration and buffers they were booked with (their blocked
  // range is stored); a change applies to bookings made from now on.
  const row = await ctx.db.service.update({ where: { id }, data: fields, include: serviceInclude });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.service_updated",
    targetType: "Service",
    targetId: id,
    ip: ctx.ip,
    meta: { fields: Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined), staffIds },
  });
  return present(row);
}
