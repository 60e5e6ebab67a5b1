// A business's booking rules: how much notice a booking needs, how far ahead one may book, and
// the spacing of offered start times. Stored in SchedulingSettings; a missing row means defaults.
import { z } from "zod";
import { recordAudit } from "../audit/log";
import type { SchedulingContext } from "./context";

export const DEFAULT_BOOKING_RULES = { minNoticeMinutes: 120, horizonDays: 60, slotStepMinutes: 15 } as const;

export interface BookingRules {
  minNoticeMinutes: number;
  horizonDays: number;
  slotStepMinutes: number;
}

export const bookingRulesInput = z.object({
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30),
  horizonDays: z.number().int().min(1).max(730),
  slotStepMinutes: z.number().int().min(5).max(240),
});

export async function getBookingRules(ctx: SchedulingContext): Promise<BookingRules> {
  const row = await ctx.db.schedulingSettings.findUnique({ where: { tenantId: ctx.tenantId } });
  if (!row) return { ...DEFAULT_BOOKING_RULES };
  return { minNoticeMinutes: row.minNoticeMinutes, horizonDays: row.horizonDays, slotStepMinutes: row.slotStepMinutes };
}

export async function updateBookingRules(ctx: SchedulingContext, input: z.infer<typeof bookingRulesInput>): Promise<BookingRules> {
  const data = bookingRulesInput.parse(input);
  await ctx.db.schedulingSettings.upsert({
    where: { tenantId: ctx.tenantId },
    create: { tenantId: ctx.tenantId, ...data },
    update: data,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "scheduling.rules_updated",
    targetType: "SchedulingSettings",
    targetId: ctx.tenantId,
    ip: ctx.ip,
    meta: data,
  });
  return data;
}

/** The business's IANA zone, in which working hours and all-day closures are read. */
export async function businessTimeZone(ctx: SchedulingContext): Promise<string> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
  return tenant.timezone;
}
