// The compliance guard: may this call task be dialled now? `decide` is a pure function over the
// task, the callee, the business's outbound settings, history counts and the clock; `checkTask`
// loads that history with indexed queries, decides, and records the GuardDecision.
import type { CampaignType, ConsentStatus, GuardVerdict } from "../db/generated/enums";
import type { Tx } from "../db";
import { timezoneForNumber } from "../contacts/timezones";
import { addDays, isValidTimeZone as isValidTimezone, localDateOf, wallTimeToInstant } from "../scheduling/zoned-time";
import { isInsideWindow, nextWindowOpening, LEGAL_EARLIEST_MINUTE, LEGAL_LATEST_MINUTE } from "./calling-window";
import { regionalRule } from "./regional-rules";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** US Reg F, 12 CFR 1006.14(b)(2): presumption of harassment beyond these. */
export const REG_F_MAX_ATTEMPTS_PER_7_DAYS = 7;
export const REG_F_QUIET_DAYS_AFTER_CONVERSATION = 7;

/** Defaults from the reference product, and the bounds a business may move them within. */
export const OUTBOUND_DEFAULTS = {
  windowStartMinute: 8 * 60,
  windowEndMinute: 20 * 60,
  maxPer15Min: 25,
  maxPerDay: 300,
  maxRetries: 2,
  retryGapHours: 8,
  maxConcurrent: 2,
} as const;
const BOUNDS = {
  maxPer15Min: [1, 100],
  maxPerDay: [1, 2000],
  // At most 2 retries, at least 8 h apart: a business may only tighten these.
  maxRetries: [0, 2],
  retryGapHours: [8, 168],
  maxConcurrent: [1, 50],
} as const;

export interface GuardTask {
  campaignType: CampaignType;
  phone: string;
  invoiceId: string | null;
  kind: string;
  simulated?: boolean;
}

export interface GuardContact {
  timezone: string | null;
  country: string | null;
  region: string | null;
  doNotCall: boolean;
  consentStatus: ConsentStatus;
}

export interface GuardSettings {
  businessTimezone: string;
  businessCountry: string;
  paused: boolean;
  pausedReason: string | null;
  windowStartMinute: number;
  windowEndMinute: number;
  maxPer15Min: number;
  maxPerDay: number;
  maxRetries: number;
  retryGapHours: number;
  maxConcurrent: number;
  consentRequiredFor: readonly CampaignType[];
}

export interface GuardHistory {
  /** The number is on the business's do-not-call list. */
  onDncList: boolean;
  /** Real calls dialled by the business in the last 15 minutes, and the oldest of them. */
  callsLast15Min: number;
  oldestLast15Min: Date | null;
  /** Real calls dialled since the business's local midnight. */
  callsToday: number;
  /** Outbound calls being dialled or in progress now. */
  liveCalls: number;
  /** The last real dial to this number (any campaign). */
  lastDialToNumber: Date | null;
  /** Dials to this number in the last 24 h (mini-TCPA states cap these). */
  dialsToNumber24h: number;
  oldestDialToNumber24h: Date | null;
  /** Retry tasks in this task's chain, counting the task itself when it is a retry. */
  retriesUsed: number;
  /** Dials about this debt in the last 7 days, newest first (at most 7 needed). */
  debtDials7d: readonly Date[];
  /** The last right-party conversation about this debt. */
  lastDebtConversation: Date | null;
}

export type ReasonCode =
  | "ok"
  | "dnc_list"
  | "dnc_contact"
  | "no_consent"
  | "retry_limit"
  | "paused"
  | "outside_window"
  | "no_window"
  | "cap_15min"
  | "cap_day"
  | "concurrency"
  | "retry_gap"
  | "regional_daily_limit"
  | "reg_f_attempts"
  | "reg_f_conversation";

export interface GuardResult {
  decision: GuardVerdict;
  reasonCode: ReasonCode;
  reason: string;
  /** For defer: the earliest instant worth asking again (null: wait for a person, e.g. resume). */
  nextAllowedAt: Date | null;
  /** The zone the window was judged in. */
  timeZone: string;
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, Math.round(v)));

/** The settings with every limit moved inside its legal/product bounds, whatever is stored. */
export function effectiveSettings(s: GuardSettings): GuardSettings {
  let start = Math.max(LEGAL_EARLIEST_MINUTE, Math.min(LEGAL_LATEST_MINUTE, s.windowStartMinute));
  let end = Math.max(LEGAL_EARLIEST_MINUTE, Math.min(LEGAL_LATEST_MINUTE, s.windowEndMinute));
  if (start >= end) [start, end] = [OUTBOUND_DEFAULTS.windowStartMinute, OUTBOUND_DEFAULTS.windowEndMinute];
  return {
    ...s,
    windowStartMinute: start,
    windowEndMinute: end,
    maxPer15Min: clamp(s.maxPer15Min, BOUNDS.maxPer15Min),
    maxPerDay: clamp(s.maxPerDay, BOUNDS.maxPerDay),
    maxRetries: clamp(s.maxRetries, BOUNDS.maxRetries),
    retryGapHours: clamp(s.retryGapHours, BOUNDS.retryGapHours),
    maxConcurrent: clamp(s.maxConcurrent, BOUNDS.maxConcurrent),
  };
}

/** The callee's zone: the contact's own, else the number's region, else the business's. */
export function calleeTimeZone(contact: GuardContact, phone: string, businessTimezone: string): string {
  if (contact.timezone && isValidTimezone(contact.timezone)) return contact.timezone;
  const fromNumber = timezoneForNumber(phone, contact.country || null);
  if (fromNumber && isValidTimezone(fromNumber)) return fromNumber;
  return businessTimezone;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(d: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
    formats.set(timeZone, f);
  }
  return f.format(d);
}

/** The next local midnight of the business (the daily cap's reset). */
function nextBusinessMidnight(now: Date, timeZone: string): Date {
  return wallTimeToInstant(addDays(localDateOf(now, timeZone), 1), 0, timeZone);
}

export function decide(task: GuardTask, contact: GuardContact, rawSettings: GuardSettings, h: GuardHistory, now: Date): GuardResult {
  const s = effectiveSettings(rawSettings);
  const tz = calleeTimeZone(contact, task.phone, s.businessTimezone);
  const rule = regionalRule(contact.country || s.businessCountry, contact.region);
  const result = (decision: GuardVerdict, reasonCode: ReasonCode, reason: string, nextAllowedAt: Date | null = null): GuardResult => ({
    decision,
    reasonCode,
    reason,
    nextAllowedAt,
    timeZone: tz,
  });

  // Blocks: nothing later will make these calls allowed.
  if (h.onDncList) return result("block", "dnc_list", "The number is on the do-not-call list");
  if (contact.doNotCall) return result("block", "dnc_contact", "The contact is marked do-not-call");
  if (s.consentRequiredFor.includes(task.campaignType) && contact.consentStatus !== "granted") {
    return result("block", "no_consent", `Consent is required for ${task.campaignType} calls and the contact has not given it`);
  }
  if (task.kind === "retry" && h.retriesUsed > s.maxRetries) {
    return result("block", "retry_limit", `Retry limit reached (${s.maxRetries} retries)`);
  }

  if (s.paused) return result("defer", "paused", `Outbound calling is paused${s.pausedReason ? `: ${s.pausedReason}` : ""}`);

  // Defers: collect every constraint's earliest instant; the latest one wins, then the window.
  const defers: { code: ReasonCode; reason: string; at: Date }[] = [];
  const isCollections = task.campaignType === "collections" && task.invoiceId !== null;
  if (isCollections) {
    if (h.lastDebtConversation) {
      const until = new Date(h.lastDebtConversation.getTime() + REG_F_QUIET_DAYS_AFTER_CONVERSATION * DAY);
      if (until > now) defers.push({ code: "reg_f_conversation", reason: "Reg F: no call within 7 days after a conversation about this debt", at: until });
    }
    const limit = Math.min(REG_F_MAX_ATTEMPTS_PER_7_DAYS, rule?.maxCollectionsPer7Days ?? Infinity);
    const recent = h.debtDials7d.filter((d) => d.getTime() > now.getTime() - 7 * DAY).sort((a, b) => b.getTime() - a.getTime());
    if (recent.length >= limit) {
      // The window reopens when the `limit`-th newest dial leaves the 7 days.
      const at = new Date(recent[limit - 1]!.getTime() + 7 * DAY + 1);
      defers.push({ code: "reg_f_attempts", reason: `At most ${limit} calls in 7 days about one debt${limit < 7 ? ` (${rule!.region} rule)` : " (Reg F)"}`, at });
    }
  }
  if (rule?.maxPer24h !== undefined && h.dialsToNumber24h >= rule.maxPer24h) {
    const at = new Date((h.oldestDialToNumber24h?.getTime() ?? now.getTime()) + DAY + 1);
    defers.push({ code: "regional_daily_limit", reason: `${rule.region} allows ${rule.maxPer24h} calls per number per 24 hours`, at: at > now ? at : new Date(now.getTime() + HOUR) });
  }
  if (h.lastDialToNumber && task.kind === "retry") {
    const at = new Date(h.lastDialToNumber.getTime() + s.retryGapHours * HOUR);
    if (at > now) defers.push({ code: "retry_gap", reason: `Retries wait ${s.retryGapHours} h after the last call to this number`, at });
  }
  if (h.callsToday >= s.maxPerDay) {
    defers.push({ code: "cap_day", reason: `Daily cap reached (${s.maxPerDay} calls)`, at: nextBusinessMidnight(now, s.businessTimezone) });
  }
  if (h.callsLast15Min >= s.maxPer15Min) {
    const at = new Date((h.oldestLast15Min?.getTime() ?? now.getTime()) + 15 * MINUTE + 1);
    defers.push({ code: "cap_15min", reason: `Rate cap reached (${s.maxPer15Min} calls per 15 minutes)`, at: at > now ? at : new Date(now.getTime() + MINUTE) });
  }
  if (h.liveCalls >= s.maxConcurrent) {
    defers.push({ code: "concurrency", reason: `Plan limit of ${s.maxConcurrent} simultaneous calls reached`, at: new Date(now.getTime() + MINUTE) });
  }

  const window = { startMinute: s.windowStartMinute, endMinute: s.windowEndMinute };
  if (defers.length > 0) {
    const latest = defers.reduce((a, b) => (b.at > a.at ? b : a));
    const at = nextWindowOpening(latest.at, tz, window, rule);
    if (!at) return result("defer", "no_window", `${latest.reason}; and no allowed calling time in the two weeks after`, new Date(latest.at.getTime() + DAY));
    return result("defer", latest.code, `${latest.reason}; next try ${fmt(at, tz)}`, at);
  }
  if (!isInsideWindow(now, tz, window, rule)) {
    const at = nextWindowOpening(now, tz, window, rule);
    if (!at) return result("defer", "no_window", "No allowed calling time in the next two weeks", new Date(now.getTime() + DAY));
    return result("defer", "outside_window", `Outside calling hours in the callee's time (${tz}); next window ${fmt(at, tz)}`, at);
  }
  return result("allow", "ok", "Allowed");
}

// ---------------------------------------------------------------------------------------------
// DB-backed wrapper

export interface GuardContext {
  db: Tx;
  tenantId: string;
}

/** The business's outbound settings (defaults when it never saved any). */
export async function loadGuardSettings(ctx: GuardContext): Promise<GuardSettings> {
  const [tenant, control] = await Promise.all([
    ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true, country: true } }),
    ctx.db.outboundControl.findUnique({ where: { tenantId: ctx.tenantId } }),
  ]);
  return {
    businessTimezone: tenant.timezone,
    businessCountry: tenant.country,
    paused: control?.paused ?? false,
    pausedReason: control?.pausedReason ?? null,
    windowStartMinute: control?.windowStartMinute ?? OUTBOUND_DEFAULTS.windowStartMinute,
    windowEndMinute: control?.windowEndMinute ?? OUTBOUND_DEFAULTS.windowEndMinute,
    maxPer15Min: control?.maxPer15Min ?? OUTBOUND_DEFAULTS.maxPer15Min,
    maxPerDay: control?.maxPerDay ?? OUTBOUND_DEFAULTS.maxPerDay,
    maxRetries: control?.maxRetries ?? OUTBOUND_DEFAULTS.maxRetries,
    retryGapHours: control?.retryGapHours ?? OUTBOUND_DEFAULTS.retryGapHours,
    maxConcurrent: control?.maxConcurrent ?? OUTBOUND_DEFAULTS.maxConcurrent,
    consentRequiredFor: control?.consentRequiredFor ?? [],
  };
}

interface TaskForGuard {
  id: string;
  campaignId: string;
  subjectType: "appointment" | "invoice" | "contact";
  subjectId: string;
  attempt: number;
  kind: string;
  phone: string;
  invoiceId: string | null;
  simulated: boolean;
}

/**
 * Loads the history the rules need in one round trip: each scalar subquery is served by an index
 * on CallTask ((tenantId, dialedAt), (tenantId, phone, dialedAt), (invoiceId, dialedAt),
 * (tenantId, state, nextAttemptAt), the unique key) or DoNotCallEntry's unique (tenantId, phone).
 */
export async function loadGuardHistory(ctx: GuardContext, task: TaskForGuard, businessTimezone: string, now: Date): Promise<GuardHistory> {
  const { db, tenantId } = ctx;
  const since15 = new Date(now.getTime() - 15 * MINUTE);
  const midnight = wallTimeToInstant(localDateOf(now, businessTimezone), 0, businessTimezone);
  const since24h = new Date(now.getTime() - DAY);
  const since7d = new Date(now.getTime() - 7 * DAY);
  const inv = task.invoiceId;
  const [row] = await db.$queryRaw<
    {
      dnc: boolean; c15: number; o15: Date | null; today: number; live: number; last_dial: Date | null; n24: number; o24: Date | null;
      retries: number; debt: Date[] | null; conv: Date | null;
    }[]
  >`
    SELECT
      EXISTS (SELECT 1 FROM "DoNotCallEntry" WHERE "tenantId" = ${tenantId} AND phone = ${task.phone}) AS dnc,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${tenantId} AND "dialedAt" >= ${since15} AND "dialedAt" <= ${now} AND NOT simulated) AS c15,
      (SELECT min("dialedAt") FROM "CallTask" WHERE "tenantId" = ${tenantId} AND "dialedAt" >= ${since15} AND "dialedAt" <= ${now} AND NOT simulated) AS o15,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${tenantId} AND "dialedAt" >= ${midnight} AND "dialedAt" <= ${now} AND NOT simulated) AS today,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${tenantId} AND state IN ('dispatching','dialing') AND id <> ${task.id} AND NOT simulated) AS live,
      (SELECT max("dialedAt") FROM "CallTask" WHERE "tenantId" = ${tenantId} AND phone = ${task.phone} AND "dialedAt" <= ${now} AND NOT simulated) AS last_dial,
      (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${tenantId} AND phone = ${task.phone} AND "dialedAt" >= ${since24h} AND "dialedAt" <= ${now} AND NOT simulated) AS n24,
      (SELECT min("dialedAt") FROM "CallTask" WHERE "tenantId" = ${tenantId} AND phone = ${task.phone} AND "dialedAt" >= ${since24h} AND "dialedAt" <= ${now} AND NOT simulated) AS o24,
      (SELECT count(*)::int FROM "CallTask" WHERE "campaignId" = ${task.campaignId} AND "subjectType" = ${task.subjectType}::"CallTaskSubject" AND "subjectId" = ${task.subjectId}
          AND attempt <= ${task.attempt} AND kind = 'retry') AS retries,
      (SELECT array_agg(d ORDER BY d DESC) FROM (SELECT "dialedAt" AS d FROM "CallTask" WHERE "invoiceId" = ${inv} AND "dialedAt" >= ${since7d} AND "dialedAt" <= ${now} AND NOT simulated
          ORDER BY "dialedAt" DESC LIMIT 7) x) AS debt,
      (SELECT COALESCE("endedAt", "dialedAt") FROM "CallTask" WHERE "invoiceId" = ${inv} AND conversation AND "dialedAt" IS NOT NULL AND NOT simulated
          ORDER BY "dialedAt" DESC LIMIT 1) AS conv`;
  const r = row!;
  return {
    onDncList: r.dnc,
    callsLast15Min: r.c15,
    oldestLast15Min: r.o15,
    callsToday: r.today,
    liveCalls: r.live,
    lastDialToNumber: r.last_dial,
    dialsToNumber24h: r.n24,
    oldestDialToNumber24h: r.o24,
    retriesUsed: task.kind === "retry" ? r.retries : 0,
    debtDials7d: inv ? (r.debt ?? []).map((d) => new Date(d)) : [],
    lastDebtConversation: inv ? r.conv : null,
  };
}

/**
 * Decides for one task and records the decision. Simulated (dry-run) tasks never count against
 * caps and are not judged by them: they dial nobody.
 */
export async function checkTask(ctx: GuardContext, taskId: string, now: Date = new Date(), settings?: GuardSettings): Promise<GuardResult & { taskId: string }> {
  // One round trip for the task, its campaign's type and the callee.
  const [task] = await ctx.db.$queryRaw<
    (TaskForGuard & { campaignType: CampaignType; timezone: string | null; country: string | null; region: string | null; doNotCall: boolean; consentStatus: ConsentStatus })[]
  >`
    SELECT t.id, t."campaignId", t."subjectType"::text AS "subjectType", t."subjectId", t.attempt, t.kind, t.phone, t."invoiceId", t.simulated,
           c.type::text AS "campaignType", k.timezone, k.country, k.region, k."doNotCall", k."consentStatus"::text AS "consentStatus"
      FROM "CallTask" t JOIN "Campaign" c ON c.id = t."campaignId" JOIN "Contact" k ON k.id = t."contactId"
     WHERE t.id = ${taskId} AND t."tenantId" = ${ctx.tenantId}`;
  if (!task) throw new Error(`Call task ${taskId} not found`);
  const s = settings ?? (await loadGuardSettings(ctx));
  const history = await loadGuardHistory(ctx, task, s.businessTimezone, now);
  const result = decide(
    { campaignType: task.campaignType, phone: task.phone, invoiceId: task.invoiceId, kind: task.kind, simulated: task.simulated },
    task,
    s,
    history,
    now,
  );
  await ctx.db.guardDecision.create({
    data: {
      tenantId: ctx.tenantId,
      taskId,
      decision: result.decision,
      reasonCode: result.reasonCode,
      reason: result.reason,
      nextAllowedAt: result.nextAllowedAt,
      at: now,
    },
  });
  return { ...result, taskId };
}
