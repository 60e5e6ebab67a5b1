// The compliance guard: may this call task be dialled now? `decide` is a pure function over the
// task, the callee, the business's outbound settings, history counts and the clock; `evaluateTask`
// gathers all of those in ONE round trip (the `guard_facts` SQL function) and decides;
// `checkTask` also records the GuardDecision, and the dispatcher records it in the same statement
// that moves the task on (`decisionThen`), so a decision costs one round trip of its own.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { CampaignType, ConsentStatus, GuardVerdict } from "../db/generated/enums";
import { Prisma, type Tx } from "../db";
import { timezoneForNumber } from "../contacts/timezones";
import { addDays, isValidTimeZone as isValidTimezone, localDateOf, wallTimeToInstant } from "../scheduling/zoned-time";
import { AREA_CODES, areaCodePlace, normalizeRegion } from "./area-codes";
import { holidaySource } from "./holidays";
import { holidayOf, isInsideWindowEverywhere, nextWindowOpeningEverywhere, LEGAL_EARLIEST_MINUTE, LEGAL_LATEST_MINUTE } from "./calling-window";
import { regionalRule, type RegionalRule } from "./regional-rules";

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
  /**
   * Where `timezone` came from (Contact.timezoneSource): "explicit" and "phone" are facts and stand
   * alone; "business" (the business's zone filled in when nothing better was known) or absent
   * (unknown) is held together with the area code's zone when that says elsewhere (`alsoTimeZone`).
   */
  timezoneSource?: "explicit" | "phone" | "business" | null;
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
  | "reg_f_conversation"
  | "holiday";

export interface GuardResult {
  decision: GuardVerdict;
  reasonCode: ReasonCode;
  reason: string;
  /** For defer: the earliest instant worth asking again (null: wait for a person, e.g. resume). */
  nextAllowedAt: Date | null;
  /** The zone the window was judged in. */
  timeZone: string;
  /** Where the callee's zone and state came from (shown in the reason too). */
  place: CalleePlace;
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

/** Where a zone or a state came from, strongest first. */
export type PlaceSource = "contact" | "area_code" | "country" | "business";

export interface CalleePlace {
  timeZone: string;
  zoneSource: PlaceSource;
  /**
   * A second zone the window must also hold in: the contact's zone is the business's own, filled in
   * as a guess (timezoneSource "business", or unknown), while the area code says elsewhere. Never
   * for a zone a person named or the number gave.
   */
  alsoTimeZone: string | null;
  /** The country and state (ISO 3166-2 without the country) whose rules apply. */
  country: string | null;
  region: string | null;
  regionSource: PlaceSource | null;
  /** The NANP area code when it decided the zone or the state. */
  areaCode: string | null;
}

// The countries of the area-code table, plus the US territories it files under "US" (a number's
// own country says "PR" where the table says "US").
const NANP_COUNTRIES = new Set([...[...AREA_CODES.values()].map((p) => p.country), "PR", "VI", "GU", "MP", "AS"]);

/**
 * Where the callee is: the contact's own zone/state first; else the NANP area code of the number
 * (a table of every geographic area code, area-codes.ts); else, outside the NANP, the number's
 * country; else the business's zone and country. A contact recorded in one country never takes a
 * state from another country's area code.
 */
export function calleePlace(contact: Pick<GuardContact, "timezone" | "timezoneSource" | "country" | "region">, phone: string, businessTimezone: string, businessCountry: string | null): CalleePlace {
  const contactCountry = contact.country?.trim().toUpperCase() || null;
  const ac = areaCodePlace(phone);
  const acForZone = ac && (!contactCountry || contactCountry === ac.country || (NANP_COUNTRIES.has(contactCountry) && NANP_COUNTRIES.has(ac.country))) ? ac : null;
  const acForRegion = ac && (!contactCountry || contactCountry === ac.country) ? ac : null;

  let timeZone = businessTimezone;
  let zoneSource: PlaceSource = "business";
  if (contact.timezone && isValidTimezone(contact.timezone)) {
    timeZone = contact.timezone;
    zoneSource = "contact";
  } else if (acForZone) {
    timeZone = acForZone.timeZone;
    zoneSource = "area_code";
  } else if (!phone.startsWith("+1")) {
    const fromCountry = contactCountry ? timezoneForNumber(phone, contactCountry) : null;
    if (fromCountry && isValidTimezone(fromCountry)) {
      timeZone = fromCountry;
      zoneSource = "country";
    }
  }

  // Contacts always carry a zone: the contact service fills in the business's when the number
  // told it nothing, and says so in timezoneSource ("business"). Such a zone, against an area code
  // placing the callee elsewhere, is a guess: the window must hold in the area code's zone too. Rows
  // from before the column are all "business" (migration 20261203250000_contact_timezone_source),
  // and so is a source a caller did not load: a zone equal to the business's is then held in both
  // zones, as before the column. A zone a person named or the number gave ("explicit", "phone")
  // is a fact and stands alone.
  const zoneIsFact = contact.timezoneSource === "explicit" || contact.timezoneSource === "phone";
  const alsoTimeZone = zoneSource === "contact" && !zoneIsFact && acForZone && timeZone === businessTimezone && acForZone.timeZone !== timeZone ? acForZone.timeZone : null;

  const ownRegion = normalizeRegion(contact.region);
  const region = ownRegion ?? acForRegion?.region ?? null;
  const regionSource: PlaceSource | null = ownRegion ? "contact" : acForRegion?.region ? "area_code" : null;
  const country = contactCountry ?? acForRegion?.country ?? (businessCountry ? businessCountry.toUpperCase() : null);
  const areaCode = (zoneSource === "area_code" || regionSource === "area_code" || alsoTimeZone) && ac ? ac.areaCode : null;
  return { timeZone, zoneSource, alsoTimeZone, country, region, regionSource, areaCode };
}

/** "America/Chicago, from area code 312 (IL)": which source won, in words for the queue page. */
export function describePlace(p: CalleePlace): string {
  const zone =
    p.zoneSource === "contact" && p.alsoTimeZone ? `${p.timeZone}, from the contact (the business's zone), and ${p.alsoTimeZone} from area code ${p.areaCode}: both respected`
    : p.zoneSource === "contact" ? `${p.timeZone}, from the contact`
    : p.zoneSource === "area_code" ? `${p.timeZone}, from area code ${p.areaCode}${p.regionSource === "area_code" && p.region ? ` (${p.region})` : ""}`
    : p.zoneSource === "country" ? `${p.timeZone}, from the number's country`
    : `${p.timeZone}, the business's: no zone on the contact or its number`;
  const state = p.region && !(p.zoneSource === "area_code" && p.regionSource === "area_code") ? `; ${p.region} rules from ${p.regionSource === "contact" ? "the contact" : `area code ${p.areaCode}`}` : "";
  return zone + state;
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

function holidayReason(holiday: string, rule: RegionalRule): string {
  return `No calls on legal holidays in ${rule.region}: ${holiday} (${holidaySource(rule.region)})`;
}

export function decide(task: GuardTask, contact: GuardContact, rawSettings: GuardSettings, h: GuardHistory, now: Date): GuardResult {
  const s = effectiveSettings(rawSettings);
  const place = calleePlace(contact, task.phone, s.businessTimezone, s.businessCountry);
  const tz = place.timeZone;
  const rule = regionalRule(place.country, place.region);
  const result = (decision: GuardVerdict, reasonCode: ReasonCode, reason: string, nextAllowedAt: Date | null = null): GuardResult => ({
    decision,
    reasonCode,
    reason,
    nextAllowedAt,
    timeZone: tz,
    place,
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
  const zones = place.alsoTimeZone ? [tz, place.alsoTimeZone] : [tz];
  if (defers.length > 0) {
    const latest = defers.reduce((a, b) => (b.at > a.at ? b : a));
    const at = nextWindowOpeningEverywhere(latest.at, zones, window, rule);
    if (!at) return result("defer", "no_window", `${latest.reason}; and no allowed calling time in the two weeks after`, new Date(latest.at.getTime() + DAY));
    return result("defer", latest.code, `${latest.reason}; next try ${fmt(at, tz)} (callee's time ${describePlace(place)})`, at);
  }
  if (!isInsideWindowEverywhere(now, zones, window, rule)) {
    const at = nextWindowOpeningEverywhere(now, zones, window, rule);
    if (!at) return result("defer", "no_window", `No allowed calling time in the next two weeks (callee's time ${describePlace(place)})`, new Date(now.getTime() + DAY));
    const holiday = zones.map((z) => holidayOf(localDateOf(now, z), rule)).find(Boolean);
    if (holiday) return result("defer", "holiday", `${holidayReason(holiday, rule!)}; next window ${fmt(at, tz)} (callee's time ${describePlace(place)})`, at);
    return result("defer", "outside_window", `Outside calling hours in the callee's time (${describePlace(place)}); next window ${fmt(at, tz)}`, at);
  }
  return result("allow", "ok", `Allowed (callee's time ${describePlace(place)})`);
}

// ---------------------------------------------------------------------------------------------
// DB-backed wrapper

export interface GuardContext {
  /** A tenant transaction (row-level security) or the owner client (jobs). */
  db: Tx;
  tenantId: string;
  /**
   * Jobs only: the owner's raw pg pool. The guard's statements then skip Prisma's per-query
   * overhead (~0.4 ms median, several ms at p99 on a loaded machine). Never with a tenant
   * transaction: the statements would run outside it.
   */
  ownerPool?: pg.Pool;
}

/** Runs one statement through the raw pool when there is one, else through Prisma. */
async function query<T>(ctx: GuardContext, sql: Prisma.Sql): Promise<T[]> {
  if (ctx.ownerPool) return (await ctx.ownerPool.query({ text: sql.text, values: sql.values as unknown[] })).rows as T[];
  return ctx.db.$queryRawUnsafe<T[]>(sql.text, ...sql.values);
}

/** An instant as a TIMESTAMP(3) in UTC, whichever driver sends it (pg would use the process zone). */
function ts(d: Date | null): Prisma.Sql {
  return d === null ? Prisma.sql`NULL::timestamp(3)` : Prisma.sql`(to_timestamp(${d.getTime()}::float8 / 1000) AT TIME ZONE 'UTC')::timestamp(3)`;
}

/** The business's outbound settings (defaults when it never saved any). */
export async function loadGuardSettings(ctx: GuardContext): Promise<GuardSettings> {
  const [tenant, control] = await Promise.all([
    ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true, country: true } }),
    ctx.db.outboundControl.findUnique({ where: { tenantId: ctx.tenantId } }),
  ]);
  return settingsOf(tenant.timezone, tenant.country, control);
}

function settingsOf(
  businessTimezone: string,
  businessCountry: string,
  control: {
    paused: boolean | null; pausedReason: string | null; windowStartMinute: number | null; windowEndMinute: number | null; maxPer15Min: number | null;
    maxPerDay: number | null; maxRetries: number | null; retryGapHours: number | null; maxConcurrent: number | null; consentRequiredFor: readonly string[] | null;
  } | null,
): GuardSettings {
  return {
    businessTimezone,
    businessCountry,
    paused: control?.paused ?? false,
    pausedReason: control?.pausedReason ?? null,
    windowStartMinute: control?.windowStartMinute ?? OUTBOUND_DEFAULTS.windowStartMinute,
    windowEndMinute: control?.windowEndMinute ?? OUTBOUND_DEFAULTS.windowEndMinute,
    maxPer15Min: control?.maxPer15Min ?? OUTBOUND_DEFAULTS.maxPer15Min,
    maxPerDay: control?.maxPerDay ?? OUTBOUND_DEFAULTS.maxPerDay,
    maxRetries: control?.maxRetries ?? OUTBOUND_DEFAULTS.maxRetries,
    retryGapHours: control?.retryGapHours ?? OUTBOUND_DEFAULTS.retryGapHours,
    maxConcurrent: control?.maxConcurrent ?? OUTBOUND_DEFAULTS.maxConcurrent,
    consentRequiredFor: (control?.consentRequiredFor ?? []) as CampaignType[],
  };
}

export interface GuardTaskRow {
  id: string;
  campaignId: string;
  subjectType: "appointment" | "invoice" | "contact";
  subjectId: string;
  attempt: number;
  kind: string;
  phone: string;
  invoiceId: string | null;
  simulated: boolean;
  campaignType: CampaignType;
  /** The campaign's workflow (the dispatcher creates the Call with it after an allow). */
  workflowId: string | null;
  workflowVersionId: string | null;
}

export interface GuardFacts {
  task: GuardTaskRow;
  contact: GuardContact;
  settings: GuardSettings;
  history: GuardHistory;
}

interface FactsRow {
  id: string; campaignId: string; subjectType: GuardTaskRow["subjectType"]; subjectId: string; attempt: number; kind: string; phone: string;
  invoiceId: string | null; simulated: boolean; campaignType: CampaignType; workflowId: string | null; workflowVersionId: string | null;
  timezone: string | null; timezoneSource: GuardContact["timezoneSource"]; country: string | null; region: string | null; doNotCall: boolean; consentStatus: ConsentStatus;
  businessTimezone: string; businessCountry: string;
  paused: boolean | null; pausedReason: string | null; windowStartMinute: number | null; windowEndMinute: number | null; maxPer15Min: number | null;
  maxPerDay: number | null; maxRetries: number | null; retryGapHours: number | null; maxConcurrent: number | null; consentRequiredFor: string[] | null;
  dnc: boolean; c15: number; o15: number | null; today: number; live: number; lastDial: number | null; n24: number; o24: number | null;
  retries: number; debt: number[] | null; conv: number | null;
}

const at = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/**
 * Everything `decide` needs for one task in ONE round trip: `guard_facts` (migrations
 * 20261203120000_guard_fast, 20261203200000_guard_facts_workflow, 20261203250000_contact_timezone_source) joins the task, campaign, contact, business and outbound settings and
 * reads each history count as a scalar subquery served by a CallTask index ((tenantId, dialedAt),
 * (tenantId, phone, dialedAt), (invoiceId, dialedAt), (tenantId, state, nextAttemptAt), the unique
 * key) or DoNotCallEntry's unique (tenantId, phone). Null when the task is not the tenant's.
 */
export async function loadGuardFacts(ctx: GuardContext, taskId: string, now: Date): Promise<GuardFacts | null> {
  const [r] = await query<FactsRow>(ctx, Prisma.sql`SELECT * FROM guard_facts(${taskId}, ${ctx.tenantId}, ${now.getTime()}::float8)`);
  if (!r) return null;
  const task: GuardTaskRow = {
    id: r.id, campaignId: r.campaignId, subjectType: r.subjectType, subjectId: r.subjectId, attempt: r.attempt, kind: r.kind, phone: r.phone,
    invoiceId: r.invoiceId, simulated: r.simulated, campaignType: r.campaignType, workflowId: r.workflowId, workflowVersionId: r.workflowVersionId,
  };
  const inv = r.invoiceId;
  return {
    task,
    contact: { timezone: r.timezone, timezoneSource: r.timezoneSource, country: r.country, region: r.region, doNotCall: r.doNotCall, consentStatus: r.consentStatus },
    settings: settingsOf(r.businessTimezone, r.businessCountry, r.paused === null ? null : r),
    history: {
      onDncList: r.dnc,
      callsLast15Min: r.c15,
      oldestLast15Min: at(r.o15),
      callsToday: r.today,
      liveCalls: r.live,
      lastDialToNumber: at(r.lastDial),
      dialsToNumber24h: r.n24,
      oldestDialToNumber24h: at(r.o24),
      retriesUsed: r.kind === "retry" ? r.retries : 0,
      debtDials7d: inv ? (r.debt ?? []).map((ms) => new Date(ms)) : [],
      lastDebtConversation: inv ? at(r.conv) : null,
    },
  };
}

export type TaskVerdict = GuardResult & { taskId: string; facts: GuardFacts };

/** Loads the facts (one round trip) and decides; records nothing (see `decisionThen`). */
export async function evaluateTask(ctx: GuardContext, taskId: string, now: Date = new Date()): Promise<TaskVerdict> {
  const facts = await loadGuardFacts(ctx, taskId, now);
  if (!facts) throw new Error(`Call task ${taskId} not found`);
  const { task } = facts;
  const result = decide(
    { campaignType: task.campaignType, phone: task.phone, invoiceId: task.invoiceId, kind: task.kind, simulated: task.simulated },
    facts.contact,
    facts.settings,
    facts.history,
    now,
  );
  return { ...result, taskId, facts };
}

/** The INSERT of one GuardDecision, to run on its own or as a CTE before another statement. */
export function decisionSql(tenantId: string, v: Pick<TaskVerdict, "taskId" | "decision" | "reasonCode" | "reason" | "nextAllowedAt">, now: Date): Prisma.Sql {
  return Prisma.sql`INSERT INTO "GuardDecision" (id, "tenantId", "taskId", decision, "reasonCode", reason, "nextAllowedAt", at)
    VALUES (${`gd${randomUUID().replace(/-/g, "")}`}, ${tenantId}, ${v.taskId}, ${v.decision}::"GuardVerdict", ${v.reasonCode}, ${v.reason}, ${ts(v.nextAllowedAt)}, ${ts(now)})`;
}

/**
 * Records the decision and runs `then` (the caller's own next write, e.g. the task's state change)
 * in ONE statement: `WITH decision AS (INSERT ...) <then>`. A data-modifying CTE always runs to
 * completion, so the decision is recorded exactly when `then` commits.
 */
export async function decisionThen(ctx: GuardContext, v: TaskVerdict, now: Date, then: Prisma.Sql): Promise<void> {
  await query(ctx, Prisma.sql`WITH decision AS (${decisionSql(ctx.tenantId, v, now)}) ${then}`);
}

/** Decides for one task and records the decision (two round trips; the dispatcher uses one). */
export async function checkTask(ctx: GuardContext, taskId: string, now: Date = new Date()): Promise<TaskVerdict> {
  const verdict = await evaluateTask(ctx, taskId, now);
  await query(ctx, decisionSql(ctx.tenantId, verdict, now));
  return verdict;
}

export { ts as sqlInstant };
