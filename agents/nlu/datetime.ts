// Dates and times as callers say them, read relative to the call's `now` in the call's IANA time
// zone: chrono-node finds the expression, and we convert its wall-clock fields to an instant
// ourselves (server/scheduling/zoned-time.ts) because chrono only knows fixed offsets, which are
// wrong for any date on the other side of a daylight-saving change.
import * as chrono from "chrono-node";
import {
  addDays,
  localDateOf,
  localMinuteOf,
  offsetAt,
  wallTimeToInstant,
  type LocalDate,
} from "../../server/scheduling/zoned-time";
import type { SlotValue } from "./types";

type DateTimeValue = Extract<SlotValue, { type: "datetime" | "date" | "time" }>;

const HOUR_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const MINUTE_WORDS: Record<string, number> = {
  "oh five": 5, "o five": 5, ten: 10, fifteen: 15, twenty: 20, "twenty five": 25, thirty: 30, "thirty five": 35,
  forty: 40, "forty five": 45, fifty: 50, "fifty five": 55,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, "twenty first": 21, "twenty second": 22, "twenty third": 23,
  "twenty fourth": 24, "twenty fifth": 25, "twenty sixth": 26, "twenty seventh": 27, "twenty eighth": 28,
  "twenty ninth": 29, thirtieth: 30, "thirty first": 31,
};
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/** Local wall-clock ranges for parts of the day, in minutes after midnight. */
const PARTS_OF_DAY: { re: RegExp; start: number; end: number }[] = [
  { re: /\bmorning\b/, start: 8 * 60, end: 12 * 60 },
  { re: /\b(lunch ?time|lunch|midday)\b/, start: 11 * 60 + 30, end: 13 * 60 + 30 },
  { re: /\bafternoon\b/, start: 12 * 60, end: 17 * 60 },
  { re: /\b(evening|after work)\b/, start: 17 * 60, end: 21 * 60 },
  { re: /\b(tonight|night)\b/, start: 18 * 60, end: 22 * 60 },
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "the 3rd" -> the next date with that day of the month (today counts), as "April 3 2026". */
function resolveBareOrdinals(text: string, today: LocalDate): string {
  const words = Object.keys(ORDINAL_WORDS).sort((a, b) => b.length - a.length).join("|");
  const re = new RegExp(`\\b(?:on |for )?the (?:(\\d{1,2})(?:st|nd|rd|th)|(${words}))\\b( of next month)?`, "g");
  return text.replace(re, (whole: string, digits: string | undefined, word: string | undefined, nextMonth: string | undefined, offset: number, all: string) => {
    const rest = all.slice(offset + whole.length);
    const before = all.slice(0, offset);
    // "the 3rd of April" / "April the 3rd": chrono reads those itself.
    if (new RegExp(`^\\s*(of\\s+)?${MONTH_RE}\\b`).test(rest) || new RegExp(`${MONTH_RE}\\s*$`).test(before)) return whole;
    // "the first one", "the second option": a choice, not a date.
    if (/^\s*(one|option|slot|time|choice)\b/.test(rest)) return whole;
    const day = digits ? Number(digits) : ORDINAL_WORDS[word!]!;
    if (day < 1 || day > 31) return whole;
    let year = today.year;
    let month = today.month;
    if (nextMonth || day < today.day) {
      month += 1;
      if (month > 12) [month, year] = [1, year + 1];
    }
    while (day > daysInMonth(year, month)) {
      month += 1;
      if (month > 12) [month, year] = [1, year + 1];
    }
    return ` on ${MONTHS[month - 1]} ${day} ${year}`;
  });
}

/** Spoken times -> digits chrono understands ("half past two" -> "2:30", "ten am" -> "10 am"). */
function spokenTimes(text: string): string {
  const hourWords = Object.keys(HOUR_WORDS).join("|");
  const hour = `(\\d{1,2}|${hourWords})`;
  const h = (s: string) => (/^\d+$/.test(s) ? Number(s) : HOUR_WORDS[s]!);
  let t = text;
  t = t.replace(/\b(noon|midday)\b/g, "12:00 pm").replace(/\bmidnight\b/g, "12:00 am");
  t = t.replace(new RegExp(`\\bhalf (?:past|after) ${hour}\\b`, "g"), (_, x: string) => `${h(x)}:30`);
  t = t.replace(new RegExp(`\\b(?:a )?quarter (?:past|after) ${hour}\\b`, "g"), (_, x: string) => `${h(x)}:15`);
  t = t.replace(new RegExp(`\\b(?:a )?quarter (?:to|til|till|before|of) ${hour}\\b`, "g"), (_, x: string) => `${((h(x) + 10) % 12) + 1}:45`);
  t = t.replace(new RegExp(`\\b${hour} o'?clock\\b`, "g"), (_, x: string) => `${h(x)}:00`);
  const minuteWords = Object.keys(MINUTE_WORDS).sort((a, b) => b.length - a.length).join("|");
  t = t.replace(new RegExp(`\\b(${hourWords}) (${minuteWords})\\b`, "g"), (_, x: string, m: string) => `${h(x)}:${String(MINUTE_WORDS[m]).padStart(2, "0")}`);
  t = t.replace(new RegExp(`\\b(\\d{1,2}) (${minuteWords})\\b(?=\\s*(am|pm|a\\.m|p\\.m|in the|on|tomorrow|today|$))`, "g"), (_, x: string, m: string) => `${x}:${String(MINUTE_WORDS[m]).padStart(2, "0")}`);
  t = t.replace(new RegExp(`\\b(${hourWords})(?=\\s*(am|pm|a\\.m|p\\.m|in the (morning|afternoon|evening)|tonight)\\b)`, "g"), (_, x: string) => `${h(x)}`);
  t = t.replace(new RegExp(`\\b(at|around|about|by|after|before|from) (${hourWords})\\b`, "g"), (_, p: string, x: string) => `${p} ${h(x)}`);
  return t;
}

export interface ParseDateTimeInput {
  utterance: string;
  now: Date;
  timeZone: string;
  kind: "datetime" | "date" | "time";
}

export function parseDateTime({ utterance, now, timeZone, kind }: ParseDateTimeInput): { value: DateTimeValue; confidence: number } | null {
  const today = localDateOf(now, timeZone);
  const nowMinute = localMinuteOf(now, timeZone);
  let text = utterance.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ");
  text = spokenTimes(text);
  text = resolveBareOrdinals(text, today);
  const offsetMinutes = Math.round(offsetAt(now.getTime(), timeZone) / 60_000);
  const results = chrono.parse(text, { instant: now, timezone: offsetMinutes }, { forwardDate: true });
  const part = PARTS_OF_DAY.find((p) => p.re.test(text.replace(/\b\d{1,2}(:\d\d)?\s*(am|pm)\b/g, " ")));
  if (results.length === 0 && !part) return null;
  const r = results[0];
  const said = r?.text ?? text.match(part!.re)![0];

  // Relative to the instant ("in two hours"): chrono's own arithmetic on instants is right.
  if (r && r.tags().has("result/relativeDateAndTime")) {
    const at = r.start.date();
    return { value: { type: kind, start: at.toISOString(), grain: "minute", text: said }, confidence: 0.9 };
  }

  const s = r?.start;
  const dateSaid = !!s && (s.isCertain("day") || s.isCertain("weekday") || r!.tags().has("result/relativeDate") || [...r!.tags()].some((t) => t.startsWith("casualReference/") && !/(morning|afternoon|evening|night|noon)/.test(t)));
  const hourSaid = !!s && s.isCertain("hour");
  let date: LocalDate = s ? { year: s.get("year")!, month: s.get("month")!, day: s.get("day")! } : today;
  let minuteOfDay: number | null = null;
  if (hourSaid) {
    let hourV = s!.get("hour")!;
    const minuteV = s!.get("minute") ?? 0;
    if (!s!.isCertain("meridiem")) {
      // Business hours: "at 3" is 3 pm; "at 8" stays 8 am. An afternoon/evening said with it wins.
      if (part && part.start >= 12 * 60 && hourV < 12) hourV += 12;
      else if (hourV >= 1 && hourV <= 6) hourV += 12;
    }
    minuteOfDay = hourV * 60 + minuteV;
    if (!dateSaid) {
      // Only a time: today if still ahead, else tomorrow.
      date = minuteOfDay > nowMinute ? today : addDays(today, 1);
    }
  }

  const iso = (d: LocalDate, minute: number) => wallTimeToInstant(d, minute, timeZone).toISOString();
  if (kind === "date") {
    if (!dateSaid) return null;
    return { value: { type: "date", start: iso(date, 0), end: iso(addDays(date, 1), 0), grain: "day", text: said }, confidence: 0.9 };
  }
  if (minuteOfDay !== null) {
    const grain = minuteOfDay % 60 !== 0 ? "minute" : "hour";
    return { value: { type: kind, start: iso(date, minuteOfDay), grain, text: said }, confidence: 0.9 };
  }
  if (part) {
    if (!dateSaid) {
      // "in the afternoon": today if the part of day has not ended yet, else tomorrow.
      date = part.end > nowMinute ? today : addDays(today, 1);
    }
    // "this afternoon" asked at 3 pm: the range starts now.
    const isToday = date.year === today.year && date.month === today.month && date.day === today.day;
    const from = isToday ? Math.max(part.start, Math.ceil(nowMinute / 5) * 5) : part.start;
    return {
      value: { type: kind, start: iso(date, from), end: iso(date, part.end), grain: "part_of_day", text: said },
      confidence: 0.85,
    };
  }
  if (kind === "time" || !dateSaid) return null;
  return { value: { type: kind, start: iso(date, 0), end: iso(addDays(date, 1), 0), grain: "day", text: said }, confidence: 0.8 };
}
