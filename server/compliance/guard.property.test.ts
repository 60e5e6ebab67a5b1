// Property tests of the pure guard: whatever the task, zone, day (DST days and legal holidays
// included), settings and history, it never allows a call outside the window, on a state's
// forbidden holiday, over a cap, to a do-not-call number or over the Reg F limits, and every
// deferral points at an instant that is really allowed. The oracle below reads wall clocks
// straight from Intl and holidays from dates copied off a calendar, not from the guard's code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, effectiveSettings, type GuardContact, type GuardHistory, type GuardSettings, type GuardTask } from "./guard";
import { regionalRule, ruleWindow } from "./regional-rules";

const ZONES = ["America/New_York", "America/Los_Angeles", "America/Chicago", "America/Phoenix", "Europe/London", "Europe/Paris", "Australia/Sydney", "Pacific/Auckland", "Asia/Kolkata"];
// Transition days: US spring/fall 2026, EU spring/fall 2026, AU/NZ April and late Sept/Oct 2026.
const DST_DAYS = ["2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25", "2026-04-05", "2026-09-27", "2026-10-04", "2027-03-14"];
const REGIONS = [null, "FL", "TX", "RI", "MA", "UT", "CA", "KY", "MN", "AL", "LA", "MS", "PA", "New York", "utah"];
const H = 3_600_000;

// The test numbers' area codes, by hand (the table itself is tested in area-codes.test.ts).
const PHONE_PLACE: Record<string, [string, string]> = {
  "+14155550123": ["US", "CA"], "+12125550123": ["US", "NY"], "+13055550123": ["US", "FL"], "+15125550123": ["US", "TX"],
  "+18015550123": ["US", "UT"], "+14015550123": ["US", "RI"], "+12055550123": ["US", "AL"], "+15045550123": ["US", "LA"],
  "+16015550123": ["US", "MS"], "+12155550123": ["US", "PA"], "+14165550123": ["CA", "ON"],
};
const NAMES: Record<string, string> = { "NEW YORK": "NY", UTAH: "UT" };

// Forbidden days in 2026-2027, copied from calendars: the federal holidays with their observed
// days, and each state's own (holidays.ts cites the statutes).
const FEDERAL = "2026-01-01 2026-01-19 2026-02-16 2026-05-25 2026-06-19 2026-07-03 2026-07-04 2026-09-07 2026-10-12 2026-11-11 2026-11-26 2026-12-25 " +
  "2027-01-01 2027-01-18 2027-02-15 2027-05-31 2027-06-18 2027-06-19 2027-07-04 2027-07-05 2027-09-06 2027-10-11 2027-11-11 2027-11-25 2027-12-24 2027-12-25 2027-12-31 2028-01-01";
const STATE_DAYS: Record<string, string> = {
  AL: "2026-02-17 2026-04-27 2026-06-01 2026-12-01 2027-02-09 2027-04-26 2027-06-07 2027-12-01",
  LA: "2026-01-08 2026-02-17 2026-04-03 2026-08-30 2026-08-31 2026-11-01 2026-11-02 2027-01-08 2027-01-19 2027-02-09 2027-03-26 2027-08-30 2027-11-01",
  MS: "2026-04-27 2027-04-26",
  PA: "2026-04-03 2026-06-14 2026-06-15 2026-11-03 2027-03-26 2027-06-14 2027-11-02",
  RI: "2026-05-04 2026-08-10 2027-05-04 2027-08-09",
  UT: "2026-07-24 2027-07-23 2027-07-24",
};
const HOLIDAYS: Record<string, Set<string>> = Object.fromEntries(Object.entries(STATE_DAYS).map(([s, d]) => [s, new Set(`${FEDERAL} ${d}`.split(" "))]));
const HOLIDAY_DAYS = [...new Set(Object.values(HOLIDAYS).flatMap((s) => [...s]))];

/** The state whose rules bind the callee: the contact's own, else its number's (same country only). */
function calleeState(contact: GuardContact, phone: string, businessCountry: string): { country: string; region: string | null } {
  const own = contact.region ? (NAMES[contact.region.toUpperCase()] ?? contact.region.toUpperCase()) : null;
  const byPhone = PHONE_PLACE[phone];
  const usable = byPhone && (!contact.country || contact.country === byPhone[0]) ? byPhone : undefined;
  return { country: contact.country || usable?.[0] || businessCountry, region: own ?? usable?.[1] ?? null };
}
/** Wall clock and weekday of an instant, read straight from Intl (independent of zoned-time.ts). */
function wall(instant: Date, timeZone: string): { minute: number; weekday: number; date: string } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", hour: "numeric", minute: "numeric", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { minute: Number(get("hour")) * 60 + Number(get("minute")), weekday, date: `${get("year")}-${get("month")}-${get("day")}` };
}

function onForbiddenHoliday(at: Date, zone: string, contact: GuardContact, phone: string, businessCountry: string): boolean {
  const { country, region } = calleeState(contact, phone, businessCountry);
  return country === "US" && !!region && !!HOLIDAYS[region]?.has(wall(at, zone).date);
}

function insideAllowedWindow(at: Date, zone: string, settings: GuardSettings, contact: GuardContact, phone: string): boolean {
  const s = effectiveSettings(settings);
  const { minute, weekday } = wall(at, zone);
  if (minute < 8 * 60 || minute >= 21 * 60) return false;
  if (minute < s.windowStartMinute || minute >= s.windowEndMinute) return false;
  if (onForbiddenHoliday(at, zone, contact, phone, settings.businessCountry)) return false;
  const { country, region } = calleeState(contact, phone, settings.businessCountry);
  const rule = regionalRule(country, region);
  if (rule) {
    const w = ruleWindow(rule, weekday);
    if (!w || minute < w[0] || minute >= w[1]) return false;
  }
  return true;
}

const instant = fc.oneof(
  // On a legal holiday of some state (in some zone), or around one.
  fc.tuple(fc.constantFrom(...HOLIDAY_DAYS), fc.integer({ min: -12 * 60, max: 36 * 60 })).map(([d, m]) => new Date(new Date(`${d}T00:00:00Z`).getTime() + m * 60_000)),
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
  country: fc.constantFrom("US", "", "", "GB", "CA"),
  region: fc.constantFrom(...REGIONS),
  doNotCall: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  consentStatus: fc.constantFrom("unknown", "granted", "denied", "revoked"),
});

const taskArb: fc.Arbitrary<GuardTask> = fc.record({
  campaignType: fc.constantFrom("reminder", "collections", "list"),
  phone: fc.constantFrom(...Object.keys(PHONE_PLACE), "+447700900123", "+19995550123"),
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
        expect(insideAllowedWindow(now, r.timeZone, settings, contact, task.phone)).toBe(true);
        if (r.place.alsoTimeZone) expect(insideAllowedWindow(now, r.place.alsoTimeZone, settings, contact, task.phone)).toBe(true);
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
          const { country, region } = calleeState(contact, task.phone, settings.businessCountry);
          expect(recent.length).toBeLessThan(region === "MA" && country === "US" ? 2 : 7);
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
        expect(insideAllowedWindow(r.nextAllowedAt, r.timeZone, settings, contact, task.phone)).toBe(true);
        if (r.place.alsoTimeZone) expect(insideAllowedWindow(r.nextAllowedAt, r.place.alsoTimeZone, settings, contact, task.phone)).toBe(true);
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

  it("never calls on a legal holiday that the callee's state forbids, whether the state comes from the contact or the area code", () => {
    const clean: GuardHistory = {
      onDncList: false, callsLast15Min: 0, oldestLast15Min: null, callsToday: 0, liveCalls: 0, lastDialToNumber: null,
      dialsToNumber24h: 0, oldestDialToNumber24h: null, retriesUsed: 0, debtDials7d: [], lastDebtConversation: null,
    };
    let holidayDefers = 0;
    const holidayInstant = fc.tuple(fc.constantFrom(...HOLIDAY_DAYS), fc.integer({ min: 0, max: 47 * 60 })).map(([d, m]) => new Date(new Date(`${d}T00:00:00Z`).getTime() + m * 60_000));
    fc.assert(
      fc.property(holidayInstant, taskArb, contactArb, settingsArb, (now, task, contact, settings) => {
        const s = { ...settings, paused: false, consentRequiredFor: [] };
        const c = { ...contact, doNotCall: false, timezone: contact.timezone === "Not/AZone" ? null : contact.timezone };
        const r = decide(task, c, s, clean, now);
        const zones = [r.timeZone, ...(r.place.alsoTimeZone ? [r.place.alsoTimeZone] : [])];
        const onHoliday = (at: Date) => zones.some((z) => onForbiddenHoliday(at, z, c, task.phone, s.businessCountry));
        if (r.decision === "allow") expect(onHoliday(now)).toBe(false);
        if (r.reasonCode === "holiday") {
          holidayDefers++;
          expect(onHoliday(now)).toBe(true);
        }
        if (r.decision === "defer" && r.nextAllowedAt && r.reasonCode !== "no_window") expect(onHoliday(r.nextAllowedAt)).toBe(false);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many of the generated calls fell on a forbidden holiday.
    expect(holidayDefers).toBeGreaterThan(100);
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
    const r = decide({ ...task, phone: "+14015550123" }, { ...contact, timezone: "America/New_York", region: "RI" }, settings, clean, new Date("2026-06-14T15:00:00Z"));
    expect(r.decision).toBe("defer");
    expect(r.nextAllowedAt!.toISOString()).toBe("2026-06-15T13:00:00.000Z");
  });

  it("moves a call on Pioneer Day in Utah (state from the area code) to the next allowed day, and says why", () => {
    // Friday 2026-07-24 10:00 in Denver; Saturday 25th is allowed in Utah (only Sundays are not).
    const r = decide({ ...task, phone: "+18015550123" }, { ...contact, timezone: null, region: null, country: null }, settings, clean, new Date("2026-07-24T16:00:00Z"));
    expect([r.decision, r.reasonCode]).toEqual(["defer", "holiday"]);
    expect(r.nextAllowedAt!.toISOString()).toBe("2026-07-25T14:00:00.000Z");
    expect(r.reason).toContain("Pioneer Day");
    expect(r.reason).toContain("area code 801 (UT)");
    expect(r.place).toMatchObject({ timeZone: "America/Denver", zoneSource: "area_code", region: "UT", regionSource: "area_code" });
  });

  it("says which source gave the callee's zone: the contact, the area code, or the business", () => {
    const at = new Date("2026-06-10T17:00:00Z");
    const own = decide(task, contact, settings, clean, at);
    expect(own.reason).toBe("Allowed (callee's time America/Los_Angeles, from the contact; CA rules from the contact)");
    const byCode = decide({ ...task, phone: "+13125550123" }, { ...contact, timezone: null, region: null, country: null }, settings, clean, at);
    expect(byCode.reason).toBe("Allowed (callee's time America/Chicago, from area code 312 (IL))");
    const fallback = decide({ ...task, phone: "+18005550123" }, { ...contact, timezone: null, region: null, country: null }, settings, clean, at);
    expect(fallback.reason).toBe("Allowed (callee's time America/New_York, the business's: no zone on the contact or its number)");
    expect(fallback.place.zoneSource).toBe("business");
  });

  it("keeps the contact's own zone over its area code, and takes the state from the code when the contact has none", () => {
    // A 212 (New York) number whose owner lives in Los Angeles: 06:00 there, too early.
    const r = decide({ ...task, phone: "+12125550123" }, { ...contact, region: null }, settings, clean, new Date("2026-06-10T13:00:00Z"));
    expect([r.reasonCode, r.timeZone, r.place.region, r.place.regionSource]).toEqual(["outside_window", "America/Los_Angeles", "NY", "area_code"]);
  });

  it("respects both zones when the contact's zone is only the business's and the area code says elsewhere", () => {
    // The business and the contact record say New York; the number is Chicago's. 08:30 in New York
    // is 07:30 in Chicago: wait for 08:00 there (09:00 in New York).
    const r = decide({ ...task, phone: "+13125550123" }, { ...contact, timezone: "America/New_York", region: null, country: null }, settings, clean, new Date("2026-06-10T12:30:00Z"));
    expect([r.reasonCode, r.nextAllowedAt!.toISOString()]).toEqual(["outside_window", "2026-06-10T13:00:00.000Z"]);
    expect(r.place).toMatchObject({ timeZone: "America/New_York", alsoTimeZone: "America/Chicago", region: "IL" });
    expect(r.reason).toContain("both respected");
    // A zone the contact chose that differs from the business's is the contact's own: no second zone.
    expect(decide({ ...task, phone: "+13125550123" }, { ...contact, timezone: "America/Denver" }, settings, clean, new Date("2026-06-10T15:00:00Z")).place.alsoTimeZone).toBeNull();
  });

  it("holds a known zone alone even when it is the business's, and a guessed one in the area code's zone too", () => {
    // 08:30 in New York, 07:30 in Chicago; the business is in New York, the number is Chicago's.
    const at = new Date("2026-06-10T12:30:00Z");
    const ny = { ...contact, timezone: "America/New_York", region: null, country: null };
    for (const timezoneSource of ["explicit", "phone"] as const) {
      const r = decide({ ...task, phone: "+13125550123" }, { ...ny, timezoneSource }, settings, clean, at);
      expect([r.decision, r.place.alsoTimeZone, r.timeZone]).toEqual(["allow", null, "America/New_York"]);
    }
    const guessed = decide({ ...task, phone: "+13125550123" }, { ...ny, timezoneSource: "business" }, settings, clean, at);
    expect([guessed.reasonCode, guessed.place.alsoTimeZone]).toEqual(["outside_window", "America/Chicago"]);
  });

  it("applies the Canadian telemarketing hours to a Toronto number (weekends 10:00-18:00)", () => {
    // Saturday 2026-06-13 09:30 in Toronto.
    const r = decide({ ...task, phone: "+14165550123" }, { ...contact, timezone: null, region: null, country: null }, settings, clean, new Date("2026-06-13T13:30:00Z"));
    expect([r.reasonCode, r.nextAllowedAt!.toISOString()]).toEqual(["outside_window", "2026-06-13T14:00:00.000Z"]);
  });

  it("opens at 08:00 local on the spring-forward day", () => {
    // 2026-03-08 in New York: clocks jump 02:00 -> 03:00; 08:00 EDT is 12:00 UTC.
    const r = decide({ ...task, phone: "+12125550123" }, { ...contact, timezone: "America/New_York", region: null }, settings, clean, new Date("2026-03-08T06:30:00Z"));
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
