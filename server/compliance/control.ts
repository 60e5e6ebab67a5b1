// A business's outbound switches: settings within legal bounds, pause/resume with history, and
// the auto-pause that stops calling when calls start failing or hanging up at once (a sign of a
// broken trunk, a bad list or a script people hate), with an alert e-mail to owners and admins.
import { z } from "zod";
import type { Prisma, Tx } from "../db";
import { recordAudit } from "../audit/log";
import { enqueueEmail } from "../email/outbox";
import { appUrl } from "../env";
import { OutboundError } from "../campaigns/errors";
import { effectiveSettings, loadGuardSettings, OUTBOUND_DEFAULTS } from "./guard";

export interface ControlContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export const outboundSettingsInput = z
  .object({
    windowStartMinute: z.number().int().min(8 * 60).max(21 * 60),
    windowEndMinute: z.number().int().min(8 * 60).max(21 * 60),
    maxPer15Min: z.number().int().min(1).max(100),
    maxPerDay: z.number().int().min(1).max(2000),
    maxRetries: z.number().int().min(0).max(2),
    retryGapHours: z.number().int().min(8).max(168),
    maxConcurrent: z.number().int().min(1).max(50),
    consentRequiredFor: z.array(z.enum(["reminder", "collections", "list"])).max(3),
  })
  .partial()
  .refine((v) => v.windowStartMinute === undefined || v.windowEndMinute === undefined || v.windowStartMinute < v.windowEndMinute, {
    message: "The calling window must start before it ends",
    path: ["windowEndMinute"],
  });

export async function getOutboundControl(ctx: ControlContext) {
  const settings = effectiveSettings(await loadGuardSettings(ctx));
  const control = await ctx.db.outboundControl.findUnique({ where: { tenantId: ctx.tenantId } });
  return { settings, pausedAt: control?.pausedAt ?? null, resumedAt: control?.resumedAt ?? null, defaults: OUTBOUND_DEFAULTS };
}

export async function updateOutboundSettings(ctx: ControlContext, raw: z.input<typeof outboundSettingsInput>) {
  const input = outboundSettingsInput.parse(raw);
  const current = await loadGuardSettings(ctx);
  const merged = { ...current, ...input };
  if (merged.windowStartMinute >= merged.windowEndMinute) throw new OutboundError("INVALID", "The calling window must start before it ends");
  await ctx.db.outboundControl.upsert({
    where: { tenantId: ctx.tenantId },
    create: { tenantId: ctx.tenantId, ...input },
    update: input,
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "outbound.settings_updated", targetType: "outbound", meta: input });
}

export async function pauseOutbound(ctx: ControlContext, opts: { reason: string; automatic?: boolean; stats?: Record<string, unknown>; now?: Date }) {
  const now = opts.now ?? new Date();
  await ctx.db.outboundControl.upsert({
    where: { tenantId: ctx.tenantId },
    create: { tenantId: ctx.tenantId, paused: true, pausedAt: now, pausedReason: opts.reason },
    update: { paused: true, pausedAt: now, pausedReason: opts.reason },
  });
  await ctx.db.outboundPauseEvent.create({
    data: {
      tenantId: ctx.tenantId,
      action: "paused",
      automatic: opts.automatic ?? false,
      reason: opts.reason,
      actorId: ctx.actorId,
      stats: (opts.stats ?? {}) as Prisma.InputJsonValue,
      at: now,
    },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: opts.automatic ? "outbound.auto_paused" : "outbound.paused",
    targetType: "outbound",
    meta: { reason: opts.reason, ...(opts.stats ?? {}) },
  });
}

export async function resumeOutbound(ctx: ControlContext, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  await ctx.db.outboundControl.upsert({
    where: { tenantId: ctx.tenantId },
    create: { tenantId: ctx.tenantId, paused: false, resumedAt: now, resumedById: ctx.actorId },
    update: { paused: false, pausedReason: null, resumedAt: now, resumedById: ctx.actorId },
  });
  await ctx.db.outboundPauseEvent.create({ data: { tenantId: ctx.tenantId, action: "resumed", actorId: ctx.actorId, at: now } });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "outbound.resumed", targetType: "outbound" });
}

export async function pauseHistory(ctx: ControlContext, take = 20) {
  return ctx.db.outboundPauseEvent.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { at: "desc" }, take });
}

// --- Auto-pause ---------------------------------------------------------------------------------

export const AUTO_PAUSE = {
  /** The rolling window: the most recent ended real calls, within this many hours. */
  windowCalls: 50,
  windowHours: 24,
  minCalls: 20,
  maxFailedShare: 0.4,
  maxShortShare: 0.6,
  shortSeconds: 10,
} as const;

export interface EndedCall {
  outcome: string | null;
  state: string;
  durationSec: number | null;
}

export type AutoPauseVerdict =
  | { pause: false; calls: number; failedShare: number; shortShare: number }
  | { pause: true; calls: number; failedShare: number; shortShare: number; reason: string };

/** Pure: given the window's ended calls, should outbound calling stop? */
export function autoPauseVerdict(calls: readonly EndedCall[]): AutoPauseVerdict {
  const n = calls.length;
  if (n < AUTO_PAUSE.minCalls) return { pause: false, calls: n, failedShare: 0, shortShare: 0 };
  const failed = calls.filter((c) => c.state === "failed" || c.outcome === "failed").length;
  const short = calls.filter((c) => (c.durationSec ?? 0) < AUTO_PAUSE.shortSeconds).length;
  const failedShare = failed / n;
  const shortShare = short / n;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (failedShare > AUTO_PAUSE.maxFailedShare) {
    return { pause: true, calls: n, failedShare, shortShare, reason: `${pct(failedShare)} of the last ${n} calls failed (limit 40%)` };
  }
  if (shortShare > AUTO_PAUSE.maxShortShare) {
    return { pause: true, calls: n, failedShare, shortShare, reason: `${pct(shortShare)} of the last ${n} calls lasted under 10 seconds (limit 60%)` };
  }
  return { pause: false, calls: n, failedShare, shortShare };
}

/**
 * Looks at the rolling window and pauses the business when it trips, e-mailing owners and
 * admins. Run after every call ends. `ctx.db` must see users (systemDb in jobs): under row-level
 * security only the signed-in user's own row is visible, and the alert would reach nobody.
 */
export async function evaluateAutoPause(ctx: ControlContext, now: Date = new Date()): Promise<AutoPauseVerdict> {
  const control = await ctx.db.outboundControl.findUnique({ where: { tenantId: ctx.tenantId }, select: { paused: true, resumedAt: true } });
  if (control?.paused) return { pause: false, calls: 0, failedShare: 0, shortShare: 0 };
  // Calls before the last resume were reviewed by an admin: they do not trip the switch again.
  const since = new Date(Math.max(now.getTime() - AUTO_PAUSE.windowHours * 3_600_000, control?.resumedAt?.getTime() ?? 0));
  const calls = await ctx.db.callTask.findMany({
    where: { tenantId: ctx.tenantId, simulated: false, dialedAt: { gte: since }, endedAt: { not: null, lte: now } },
    orderBy: { dialedAt: "desc" },
    take: AUTO_PAUSE.windowCalls,
    select: { outcome: true, state: true, durationSec: true },
  });
  const verdict = autoPauseVerdict(calls);
  if (!verdict.pause) return verdict;
  const stats = { calls: verdict.calls, failedShare: verdict.failedShare, shortShare: verdict.shortShare };
  await pauseOutbound({ ...ctx, actorId: null }, { reason: verdict.reason, automatic: true, stats, now });
  const admins = await ctx.db.membership.findMany({
    where: { tenantId: ctx.tenantId, role: { in: ["owner", "admin"] } },
    select: { user: { select: { email: true } } },
  });
  for (const { user } of admins) {
    await enqueueEmail(ctx.db, {
      tenantId: ctx.tenantId,
      to: user.email,
      kind: "outbound_paused",
      subject: "Outbound calling paused automatically",
      text: `Switchboard paused outbound calling for your business: ${verdict.reason}.\n\nNo campaign calls will be placed until an admin reviews the recent calls and resumes calling on the Safeguards page:\n${appUrl()}/campaigns/safeguards\n`,
    });
  }
  return verdict;
}
