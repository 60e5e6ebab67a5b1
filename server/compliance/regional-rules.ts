// Stricter regional calling rules, as data. The guard intersects them with the business's own
// window, itself never outside the federal 08:00-21:00 (TCPA, 47 CFR 64.1200(c)(1); FDCPA 15 USC
// 1692c(a)(1) and Reg F 12 CFR 1006.6(b)(1)(i) presume earlier/later calls inconvenient).
//
// Sources: the state statutes named per row, as summarised by the Drop Cowboy "State Calling
// Restrictions Guide" (dropcowboy.com/state-compliance, updated 2025-11-01) and ClickPoint's
// "Telemarketing Calling Restrictions & Hours by State" (reviewed 2025-07). Most rows are
// telemarketing statutes; we apply them to every outbound call (reminders and collections too)
// because being stricter than the law costs a few hours, being looser costs $500+ per call.
// The states that also forbid their legal holidays are listed in holidays.ts (STATE_HOLIDAYS: the
// holidays per year, with the statute of each list). Confirm with counsel before relying on this table.

/** [startMinute, endMinute) of local wall-clock time, or null: no calls that day. */
export type DayWindow = readonly [number, number] | null;

export interface RegionalRule {
  country: string;
  /** ISO 3166-2 subdivision code without the country: "FL", "TX". */
  region: string;
  /** Mon-Fri window (and the default for Saturday/Sunday when those are absent). */
  weekday: DayWindow;
  saturday?: DayWindow;
  sunday?: DayWindow;
  /** Max calls to one number per rolling 24 h on the same subject (mini-TCPA states). */
  maxPer24h?: number;
  /** Max collection calls per debt per rolling 7 days (stricter than Reg F's 7). */
  maxCollectionsPer7Days?: number;
  source: string;
}

const h = (hours: number, minutes = 0) => hours * 60 + minutes;

export const REGIONAL_RULES: readonly RegionalRule[] = [
  { country: "US", region: "AL", weekday: [h(8), h(20)], sunday: null, source: "Ala. Admin. Code r. 770-X-5-.16 (no Sundays or legal holidays)" },
  { country: "US", region: "CT", weekday: [h(9), h(20)], source: "Conn. Gen. Stat. 42-288a" },
  { country: "US", region: "FL", weekday: [h(8), h(20)], maxPer24h: 3, source: "Fla. Stat. 501.616(6)" },
  { country: "US", region: "KY", weekday: [h(10), h(21)], source: "Ky. Rev. Stat. 367.46955" },
  { country: "US", region: "LA", weekday: [h(8), h(20)], sunday: null, source: "LPSC Gen. Order R-29617; La. R.S. 45:811 (no Sundays or legal holidays)" },
  {
    country: "US",
    region: "MA",
    weekday: [h(8), h(20)],
    // 940 CMR 7.04(1)(f): a creditor may not initiate more than two calls per seven days about a debt.
    maxCollectionsPer7Days: 2,
    source: "Mass. Gen. L. c.159C s.3; 940 CMR 7.04(1)(f)",
  },
  { country: "US", region: "MD", weekday: [h(8), h(20)], maxPer24h: 3, source: "Md. Com. Law 14-4504 (Stop the Spam Calls Act)" },
  { country: "US", region: "MI", weekday: [h(9), h(21)], source: "Mich. Comp. Laws 445.111b" },
  { country: "US", region: "MN", weekday: [h(9), h(21)], source: "Minn. Stat. 325E.27" },
  { country: "US", region: "MS", weekday: [h(8), h(20)], sunday: null, source: "Miss. Code 77-3-725 (no Sundays or legal holidays)" },
  { country: "US", region: "NV", weekday: [h(9), h(20)], source: "Nev. Rev. Stat. 228.590" },
  { country: "US", region: "NM", weekday: [h(9), h(21)], source: "N.M. Stat. 57-12-22" },
  // Read conservatively: 73 P.S. 2245(a)(4) is summarised both as 08:00-21:00 and 09:00-20:00,
  // with Sunday calls only in the afternoon; we take the narrower reading.
  { country: "US", region: "PA", weekday: [h(9), h(20)], sunday: [h(13, 30), h(20)], source: "73 P.S. 2245 (Telemarketer Registration Act)" },
  { country: "US", region: "OK", weekday: [h(8), h(20)], maxPer24h: 3, source: "Okla. Stat. tit. 15, 775C.4" },
  {
    country: "US",
    region: "RI",
    weekday: [h(9), h(18)],
    saturday: [h(10), h(17)],
    sunday: null,
    source: "R.I. Gen. Laws 5-61-2, 5-61-3.6 (no Sundays or legal holidays)",
  },
  { country: "US", region: "TX", weekday: [h(9), h(21)], sunday: [h(12), h(21)], source: "Tex. Bus. & Com. Code 301.051" },
  { country: "US", region: "UT", weekday: [h(8), h(21)], sunday: null, source: "Utah Code 13-25a-103 (no Sundays or legal holidays)" },
  { country: "US", region: "WA", weekday: [h(8), h(20)], source: "RCW 80.36.390" },
  // Canada, every province: CRTC Unsolicited Telecommunications Rules, Part III (Telemarketing
  // Rules) s. 37: weekdays 09:00-21:30, weekends 10:00-18:00 (the federal cap of 21:00 still applies).
  { country: "CA", region: "*", weekday: [h(9), h(21, 30)], saturday: [h(10), h(18)], sunday: [h(10), h(18)], source: "CRTC Telemarketing Rules s. 37" },
];

const BY_KEY = new Map(REGIONAL_RULES.map((r) => [`${r.country}-${r.region}`, r]));

/** The rule for a callee's country and region (state), else the country-wide one, if any. */
export function regionalRule(country: string | null | undefined, region: string | null | undefined): RegionalRule | null {
  if (!country) return null;
  const c = country.toUpperCase();
  return (region ? BY_KEY.get(`${c}-${region.trim().toUpperCase()}`) : undefined) ?? BY_KEY.get(`${c}-*`) ?? null;
}

/** The rule's window for a weekday (0 = Sunday ... 6 = Saturday). */
export function ruleWindow(rule: RegionalRule, weekday: number): DayWindow {
  if (weekday === 0 && rule.sunday !== undefined) return rule.sunday;
  if (weekday === 6 && rule.saturday !== undefined) return rule.saturday;
  return rule.weekday;
}
