// Property tests of the pure guard: whatever the task, zone, day (DST days included), settings
// and history, it never allows a call outside the window, over a cap, to a do-not-call number
// or over the Reg F limits, and every deferral points at an instant that is really allowed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, effectiveSettings, type GuardContact, type GuardHistory, type GuardSettings, type GuardTask } from "./guard";
import { regionalRule, ruleWindow } from "./regional-rules";

const ZONES = ["America/New_York", "America/Los_Angeles", "America/Chicago", "America/Phoenix", "Europe/London", "Europe/Paris", "Australia/Sydney", "Pacific/Auckland", "Asia/Kolkata"];
// Transition days: US spring/fall 2026, EU spring/fall 2026, AU/NZ April and late Sept/Oct 2026.
const DST_DAYS = ["2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25", "2026-04-05", "2026-09-27", "2026-10-04", "2027-03-14"];
const REGIONS = [null, "FL", "TX", "RI", "MA", "UT", "CA", "KY", "MN"];
const H = 3_600_000;

/** Wall clock and weekday of an instant, read straight from Intl (independent of zoned-time.ts). */
function wall(instant: Date, timeZone: string): { minute: number; weekday: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "numeric", minute: "numeric", weekday: "short" }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { minute: Number(get("hour")) * 60 + Number(get("minute")), weekday };
}

function insideAllowedWindow(at: Date, zone: string, settings: GuardSettings, contact: GuardContact): boolean {
  const s = effectiveSettings(settings);
  const { minute, weekday } = wall(at, zone);
  if (minute < 8 * 60 || minute >= 21 * 60) return false;
  if (minute < s.windowStartMinute || minute >= s.windowEndMinute) return false;
  const rule = regionalRule(contact.country || settings.businessCountry, contact.region);
  if (rule) {
    const w = ruleWindow(rule, weekday);
    if (!w || minute < w[0] || minute >= w[1]) return false;
  }
  return true;
}

const instant = fc.oneof(
  // Around a DST transition day.
  fc.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -36 * 60, max: 60 * 60 })).map(([d, m]) => new Date(new Date(`${d}T00:00:00Z`).getTime() + m * 60_000)),
  // Any minute in 2026-2027.
  fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2027, 11, 31) / 60_000 }).map((m) => new Date(m * 60_000)),
);

const settingsArb: fc.Arbitrary<GuardSettings> = fc.record({
  businessTimezone: fc.constantFrom(...ZONES),
  businessCountry: fc.constant("US"),
  paused: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  pausedReason: fc.constant(null),
  // Deliberately out of bounds sometimes: the guard must clamp.
  windowStartMinute: fc.integer({ min: 0, max: 1439 }),
  windowEndMinute: fc.integer({ min: 1, max: 1440 }),
  maxPer15Min: fc.integer({ min: -5, max: 200 }),
  maxPerDay: fc.integer({ min: -5, max: 5000 }),
  maxRetries: fc.integer({ min: -1, max: 9 }),
  retryGapHours: fc.integer({ min: 0, max: 48 }),
  maxConcurrent: fc.integer({ min: 0, max: 60 }),
  consentRequiredFor: fc.subarray(["reminder", "collections", "list"] as const),
});

const contactArb: fc.Arbitrary<GuardContact> = fc.record({
  timezone: fc.option(fc.constantFrom(...ZONES, "Not/AZone"), { nil: null }),
  country: fc.constantFrom("US", "", "GB"),
  region: fc.constantFrom(...REGIONS),
  doNotCall: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  consentStatus: fc.constantFrom("unknown", "granted", "denied", "revoked"),
});

const taskArb: fc.Arbitrary<GuardTask> = fc.record({
  campaignType: fc.constantFrom("reminder", "collections", "list"),
  phone: fc.constantFrom("+14155550123", "+12125550123", "+13055550123", "+447700900123", "+15125550123", "+19995550123"),
  invoiceId: fc.option(fc.constant("inv_1"), { nil: null }),
  kind: fc.constantFrom("initial", "retry", "callback"),
});

function historyArb(now: Date): fc.Arbitrary<GuardHistory> {
  const past = (maxHours: number) => fc.integer({ min: 1, max: maxHours * 60 }).map((m) => new Date(now.getTime() - m * 60_000));
  return fc.record({
    onDncList: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    callsLast15Min: fc.integer({ min: 0, max: 120 }),
    oldestLast15Min: fc.option(fc.integer({ min: 1, max: 15 }).map((m) => new Date(now.getTime() - m * 60_000)), { nil: null }),
    callsToday: fc.integer({ min: 0, max: 2500 }),
    liveCalls: fc.integer({ min: 0, max: 60 }),
    lastDialToNumber: fc.option(past(48), { nil: null }),
    dialsToNumber24h: fc.integer({ min: 0, max: 5 }),
    oldestDialToNumber24h: fc.option(past(24), { nil: null }),
    retriesUsed: fc.integer({ min: 0, max: 4 }),
    debtDials7d: fc.array(past(7 * 24), { maxLength: 9 }),
    lastDebtConversation: fc.option(past(14 * 24), { nil: null }),
  });
}

const scenario = instant.chain((now) => fc.tuple(fc.constant(now), taskArb, contactArb, settingsArb, historyArb(now)));

describe("compliance guard (properties)", () => {
  it("never allows a call outside the window, over a cap, to a do-not-call number or over Reg F", () => {
    fc.assert(
      fc.property(scenario, ([now, task, contact, settings, history]) => {
        const r = decide(task, contact, settings, history, now);
        if (r.decision !== "allow") return;
        const s = effectiveSettings(settings);
        expect(history.onDncList || contact.doNotCall).toBe(false);
        expect(settings.paused).toBe(false);
        expect(insideAllowedWindow(now, r.timeZone, settings, contact)).toBe(true);
        expect(history.callsLast15Min).toBeLessThan(s.maxPer15Min);
        expect(s.maxPer15Min).toBeLessThanOrEqual(100);
        expect(history.callsToday).toBeLessThan(s.maxPerDay);
        expect(history.liveCalls).toBeLessThan(s.maxConcurrent);
        if (s.consentRequiredFor.includes(task.campaignType)) expect(contact.consentStatus).toBe("granted");
        if (task.kind === "retry") {
          expect(history.retriesUsed).toBeLessThanOrEqual(Math.min(2, s.maxRetries));
          if (history.lastDialToNumber) expect(now.getTime() - history.lastDialToNumber.getTime()).toBeGreaterThanOrEqual(8 * H);
        }
        if (task.campaignType === "collections" && task.invoiceId) {
          const recent = history.debtDials7d.filter((d) => d.getTime() > now.getTime() - 7 * 24 * H);
          expect(recent.length).toBeLessThan(contact.region === "MA" && (contact.country || "US") === "US" ? 2 : 7);
          if (history.lastDebtConversation) expect(now.getTime() - history.lastDebtConversation.getTime()).toBeGreaterThanOrEqual(7 * 24 * H);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("defers to an instant that is inside the callee's window and later than now", () => {
    fc.assert(
      fc.property(scenario, ([now, task, contact, settings, history]) => {
        const r = decide(task, contact, settings, history, now);
        if (r.decision !== "defer" || r.nextAllowedAt === null || r.reasonCode === "no_window") return;
        expect(r.nextAllowedAt.getTime()).toBeGreaterThan(now.getTime());
        expect(insideAllowedWindow(r.nextAllowedAt, r.timeZone, settings, contact)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("allows at the deferred instant when only the window stood in the way (DST days included)", () => {
    const clean: GuardHistory = {
      onDncList: false, callsLast15Min: 0, oldestLast15Min: null, callsToday: 0, liveCalls: 0, lastDialToNumber: null,
      dialsToNumber24h: 0, oldestDialToNumber24h: null, retriesUsed: 0, debtDials7d: [], lastDebtConversation: null,
    };
    fc.assert(
      fc.property(instant, taskArb, contactArb, settingsArb, (now, task, contact, settings) => {
        const s = { ...settings, paused: false, consentRequiredFor: [] };
        const c = { ...contact, doNotCall: false };
        const r = decide(task, c, s, clean, now);
        if (r.reasonCode !== "outside_window") return;
        expect(decide(task, c, s, clean, r.nextAllowedAt!).decision).toBe("allow");
      }),
      { numRuns: 2000 },
    );
  });

  it("blocks do-not-call numbers whatever else is true", () => {
    fc.assert(
      fc.property(scenario, ([now, task, contact, settings, history]) => {
        const r = decide(task, contact, settings, { ...history, onDncList: true }, now);
        expect(r.decision).toBe("block");
      }),
      { numRuns: 500 },
    );
  });
});

describe("compliance guard (examples)", () => {
  const settings: GuardSettings = {
    businessTimezone: "America/New_York", businessCountry: "US", paused: false, pausedReason: null, windowStartMinute: 480, windowEndMinute: 1200,
    maxPer15Min: 25, maxPerDay: 300, maxRetries: 2, retryGapHours: 8, maxConcurrent: 2, consentRequiredFor: [],
  };
  const contact: GuardContact = { timezone: "America/Los_Angeles", country: "US", region: "CA", doNotCall: false, consentStatus: "unknown" };
  const task: GuardTask = { campaignType: "reminder", phone: "+14155550123", invoiceId: null, kind: "initial" };
  const clean: GuardHistory = {
    onDncList: false, callsLast15Min: 0, oldestLast15Min: null, callsToday: 0, liveCalls: 0, lastDialToNumber: null,
    dialsToNumber24h: 0, oldestDialToNumber24h: null, retriesUsed: 0, debtDials7d: [], lastDebtConversation: null,
  };

  it("judges the window in the callee's zone, not the business's", () => {
    // 10:00 in New York is 07:00 in Los Angeles: too early there.
    const r = decide(task, contact, settings, clean, new Date("2026-06-10T14:00:00Z"));
    expect(r.reasonCode).toBe("outside_window");
    expect(r.nextAllowedAt!.toISOString()).toBe("2026-06-10T15:00:00.000Z");
  });

  it("moves a Sunday call in Rhode Island to Monday 09:00", () => {
    const r = decide(task, { ...contact, timezone: "America/New_York", region: "RI" }, settings, clean, new Date("2026-06-14T15:00:00Z"));
    expect(r.decision).toBe("defer");
    expect(r.nextAllowedAt!.toISOString()).toBe("2026-06-15T13:00:00.000Z");
  });

  it("opens at 08:00 local on the spring-forward day", () => {
    // 2026-03-08 in New York: clocks jump 02:00 -> 03:00; 08:00 EDT is 12:00 UTC.
    const r = decide(task, { ...contact, timezone: "America/New_York", region: null }, settings, clean, new Date("2026-03-08T06:30:00Z"));
    expect(r.nextAllowedAt!.toISOString()).toBe("2026-03-08T12:00:00.000Z");
  });

  it("stops the eighth collections call about one debt within 7 days and the call after a conversation", () => {
    const now = new Date("2026-06-10T17:00:00Z");
    const dials = Array.from({ length: 7 }, (_, i) => new Date(now.getTime() - (i + 1) * 20 * H));
    const collect = { ...task, campaignType: "collections" as const, invoiceId: "inv" };
    expect(decide(collect, contact, settings, { ...clean, debtDials7d: dials }, now).reasonCode).toBe("reg_f_attempts");
    expect(decide(collect, contact, settings, { ...clean, debtDials7d: dials.slice(0, 6) }, now).decision).toBe("allow");
    expect(decide(collect, contact, settings, { ...clean, lastDebtConversation: new Date(now.getTime() - 6 * 24 * H) }, now).reasonCode).toBe("reg_f_conversation");
  });

  it("blocks without consent when the campaign type requires it, and a third retry", () => {
    const now = new Date("2026-06-10T17:00:00Z");
    expect(decide(task, contact, { ...settings, consentRequiredFor: ["reminder"] }, clean, now).reasonCode).toBe("no_consent");
    expect(decide({ ...task, kind: "retry" }, contact, settings, { ...clean, retriesUsed: 3 }, now).reasonCode).toBe("retry_limit");
    expect(decide({ ...task, kind: "retry" }, contact, settings, { ...clean, retriesUsed: 2, lastDialToNumber: new Date(now.getTime() - 7 * H) }, now).reasonCode).toBe("retry_gap");
  });

  it("defers over the 15-minute cap and while paused", () => {
    const now = new Date("2026-06-10T17:00:00Z");
    expect(decide(task, contact, settings, { ...clean, callsLast15Min: 25, oldestLast15Min: new Date(now.getTime() - 10 * 60_000) }, now).reasonCode).toBe("cap_15min");
    expect(decide(task, contact, { ...settings, paused: true }, clean, now).reasonCode).toBe("paused");
  });
});
