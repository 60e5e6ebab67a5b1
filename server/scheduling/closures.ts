// Closures: holidays and other time nobody (or one staff member) can be booked. All-day
// closures are given as local dates and stored as the instants of those local midnights, so
// "closed 24-26 December" means the business's December, whatever the server's zone.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { SchedulingContext } from "./context";
import { SchedulingError } from "./errors";
import { businessTimeZone } from "./settings";
import { addDays, parseLocalDate, wallTimeToInstant } from "./zoned-time";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const createClosureInput = z
  .object({
    /** Null or absent: the whole business. */
    staffId: z.string().min(1).nullish(),
    reason: z.string().trim().max(200).default(""),
    /** Whole local days, both inclusive. */
    days: z.object({ from: isoDate, to: isoDate }).optional(),
    /** Or an exact span. */
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
  })
  .superRefine((c, ctx) => {
    const exact = c.startsAt !== undefined || c.endsAt !== undefined;
    if (c.days && exact) ctx.addIssue({ code: "custom", message: "Give whole days or an exact span, not both" });
    else if (c.days) {
      if (c.days.to < c.days.from) ctx.addIssue({ code: "custom", message: "The last day cannot be before the first", path: ["days"] });
    } else if (!c.startsAt || !c.endsAt) ctx.addIssue({ code: "custom", message: "Give whole days or a start and an end" });
    else if (c.endsAt <= c.startsAt) ctx.addIssue({ code: "custom", message: "The end must be after the start", path: ["endsAt"] });
  });

export const listClosuresInput = z
  .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional(), staffId: z.string().min(1).optional() })
  .default({});

export async function listClosures(ctx: SchedulingContext, input: z.input<typeof listClosuresInput> = {}) {
  const { from, to, staffId } = listClosuresInput.parse(input);
  return ctx.db.closure.findMany({
    where: {
      ...(from ? { endsAt: { gt: from } } : {}),
      ...(to ? { startsAt: { lt: to } } : {}),
      ...(staffId ? { OR: [{ staffId }, { staffId: null }] } : {}),
    },
    orderBy: { startsAt: "asc" },
    take: 500,
  });
}

export async function createClosure(ctx: SchedulingContext, input: z.input<typeof createClosureInput>) {
  const data = createClosureInput.parse(input);
  if (data.staffId) {
    const staff = await ctx.db.staffMember.findUnique({ where: { id: data.staffId }, select: { id: true } });
    if (!staff) throw new SchedulingError("not_found", "That staff member does not exist.");
  }
  let startsAt: Date;
  let endsAt: Date;
  if (data.days) {
    const zone = await businessTimeZone(ctx);
    startsAt = wallTimeToInstant(parseLocalDate(data.days.from), 0, zone);
    endsAt = wallTimeToInstant(addDays(parseLocalDate(data.days.to), 1), 0, zone);
  } else {
    startsAt = data.startsAt!;
    endsAt = data.endsAt!;
  }
  const row = await ctx.db.closure.create({
    data: { tenantId: ctx.tenantId, staffId: data.staffId ?? null, reason: data.reason, startsAt, endsAt },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.closure_created",
    targetType: "Closure",
    targetId: row.id,
    ip: ctx.ip,
    meta: { staffId: row.staffId, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason },
  });
  return row;
}

export async function removeClosure(ctx: SchedulingContext, id: string) {
  const { count } = await ctx.db.closure.deleteMany({ where: { id } });
  if (count === 0) throw new SchedulingError("not_found", "That closure does not exist.");
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.closure_removed",
    targetType: "Closure",
    targetId: id,
    ip: ctx.ip,
  });
}
