import { describe, expect, it } from "vitest";
import { detectGlobal, localUnderstanding } from "./index";
import type { SlotDef } from "./types";

const NY = "America/New_York";
// Friday 6 March 2026, 10:00 in New York (EST, UTC-5). Sunday 8 March is the spring-forward day.
const FRIDAY_10AM = new Date("2026-03-06T15:00:00Z");

function extract(type: SlotDef["type"], utterance: string, opts: { now?: Date; timeZone?: string; choices?: SlotDef["choices"] } = {}) {
  return localUnderstanding.extractSlot({
    slot: { name: "s", type, ...(opts.choices ? { choices: opts.choices } : {}) },
    utterance,
    now: opts.now ?? FRIDAY_10AM,
    timeZone: opts.timeZone ?? NY,
  });
}

describe("dates and times relative to the call's now and time zone", () => {
  it.each([
    // utterance, start (UTC), end (UTC) or null, grain
    ["next Tuesday afternoon", "2026-03-10T16:00:00.000Z", "2026-03-10T21:00:00.000Z", "part_of_day"], // after DST: EDT
    ["could we do Tuesday afternoon maybe", "2026-03-10T16:00:00.000Z", "2026-03-10T21:00:00.000Z", "part_of_day"],
    ["the 3rd", "2026-04-03T04:00:00.000Z", "2026-04-04T04:00:00.000Z", "day"], // the 3rd has passed this month
    ["on the 15th", "2026-03-15T04:00:00.000Z", "2026-03-16T04:00:00.000Z", "day"],
    ["the third of next month", "2026-04-03T04:00:00.000Z", "2026-04-04T04:00:00.000Z", "day"],
    ["the 3rd at 2pm", "2026-04-03T18:00:00.000Z", null, "hour"],
    ["tomorrow at 10", "2026-03-07T15:00:00.000Z", null, "hour"], // Saturday, still EST
    ["Sunday at 10", "2026-03-08T14:00:00.000Z", null, "hour"], // spring-forward day: EDT
    ["Monday at 9am", "2026-03-09T13:00:00.000Z", null, "hour"],
    ["10 am", "2026-03-07T15:00:00.000Z", null, "hour"], // 10:00 today is now, so tomorrow
    ["11 am", "2026-03-06T16:00:00.000Z", null, "hour"],
    ["half past two", "2026-03-06T19:30:00.000Z", null, "minute"], // afternoon by business hours
    ["at 3", "2026-03-06T20:00:00.000Z", null, "hour"],
    ["quarter to four tomorrow", "2026-03-07T20:45:00.000Z", null, "minute"],
    ["ten thirty on Thursday", "2026-03-12T14:30:00.000Z", null, "minute"],
    ["noon tomorrow", "2026-03-07T17:00:00.000Z", null, "hour"],
    ["March 9th at 9", "2026-03-09T13:00:00.000Z", null, "hour"],
    ["in two hours", "2026-03-06T17:00:00.000Z", null, "minute"],
    ["Sunday morning", "2026-03-08T12:00:00.000Z", "2026-03-08T16:00:00.000Z", "part_of_day"],
  ])("%s", async (utterance, start, end, grain) => {
    const r = await extract("datetime", utterance);
    expect(r.ok).toBe(true);
    if (!r.ok || !("start" in r.value)) throw new Error("no datetime");
    expect(r.value.start).toBe(start);
    expect(r.value.end ?? null).toBe(end);
    expect(r.value.grain).toBe(grain);
  });

  it("reads wall times in the zone on the far side of an autumn change (London)", async () => {
    // Friday 23 Oct 2026, 09:00 BST; clocks go back on Sunday 25 Oct.
    const r = await extract("datetime", "Monday at 10", { now: new Date("2026-10-23T08:00:00Z"), timeZone: "Europe/London" });
    expect(r.ok && "start" in r.value && r.value.start).toBe("2026-10-26T10:00:00.000Z");
  });

  it("gives whole local days for a date slot", async () => {
    const r = await extract("date", "the day after tomorrow");
    expect(r.ok && "start" in r.value && [r.value.start, r.value.end]).toEqual(["2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
  });

  it.each(["no idea", "whenever", "I'm not sure"])("finds no date in %s", async (u) => {
    expect((await extract("datetime", u)).ok).toBe(false);
  });
});

describe("yes and no", () => {
  it.each([
    ["yeah", true], ["yes", true], ["sure", true], ["that works", true], ["yep that's me", true], ["sounds good", true],
    ["of course", true], ["uh huh", true], ["absolutely", true], ["that works for me", true], ["no wait, yes", true],
    ["actually no, I'll keep it", false], ["no, I mean yes", true], ["yes, sorry, no", false],
    ["nope", false], ["no", false], ["not really", false], ["I don't think so", false], ["nah", false],
    ["that doesn't work", false], ["that does not work for me", false], ["no thanks", false], ["wrong number", false],
  ] as const)("%s -> %s", async (u, value) => {
    const r = await extract("yes_no", u);
    expect(r.ok && r.value).toEqual({ type: "yes_no", value });
  });

  it.each(["I'm not sure", "maybe"])("%s is ambiguous", async (u) => {
    expect(await extract("yes_no", u)).toMatchObject({ ok: false, reason: "ambiguous" });
  });

  it("finds nothing in an unrelated answer", async () => {
    expect(await extract("yes_no", "I'd like to book a cleaning")).toMatchObject({ ok: false, reason: "no_match" });
  });
});

describe("numbers and money in words", () => {
  it.each([
    ["a hundred and fifty", "150.00", undefined],
    ["two fifty", "250.00", undefined],
    ["$1,200.50", "1200.50", "USD"],
    ["150 bucks", "150.00", "USD"],
    ["I can do twelve hundred dollars", "1200.00", "USD"],
    ["fifty dollars and twenty cents", "50.20", "USD"],
    ["one thousand two hundred and fifty", "1250.00", undefined],
    ["maybe 75 on Friday", "75.00", undefined],
    ["about forty euros", "40.00", "EUR"],
    ["two hundred", "200.00", undefined],
  ])("%s -> %s %s", async (u, amount, currency) => {
    const r = await extract("money", u);
    expect(r.ok && r.value).toEqual({ type: "money", amount, ...(currency ? { currency } : {}) });
  });

  it.each([
    ["three", 3], ["twenty five", 25], ["a dozen", 12], ["we have 4 bedrooms", 4], ["nineteen ninety nine", 1999], ["a couple", 2],
  ] as const)("number %s -> %d", async (u, value) => {
    expect((await extract("number", u)).ok && (await extract("number", u))).toMatchObject({ value: { value } });
  });

  it("finds no money without a number", async () => {
    expect((await extract("money", "I can't pay right now")).ok).toBe(false);
  });
});

describe("e-mail and phone", () => {
  it.each([
    ["john dot smith at gmail dot com", "john.smith@gmail.com"],
    ["it's Jane_Doe@Example.org", "jane_doe@example.org"],
    ["sure, it's mary underscore lee at acme dot co dot uk", "mary_lee@acme.co.uk"],
    ["j o e at example dot com", "joe@example.com"],
  ])("%s -> %s", async (u, value) => {
    expect(await extract("email", u)).toMatchObject({ ok: true, value: { type: "email", value } });
  });

  it("reports an address it cannot read as invalid", async () => {
    expect(await extract("email", "it's john at gmail")).toMatchObject({ ok: false, reason: "invalid" });
  });

  it.each([
    ["415 555 2671", "+14155552671"],
    ["(415) 555-2671", "+14155552671"],
    ["four one five, five five five, two six seven one", "+14155552671"],
    ["four one five double five five two six seven one", "+14155552671"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("%s -> %s", async (u, value) => {
    expect(await extract("phone", u)).toMatchObject({ ok: true, value: { type: "phone", value } });
  });

  it("uses the default region for national numbers", async () => {
    const r = await localUnderstanding.extractSlot({ slot: { name: "p", type: "phone" }, utterance: "020 7946 0958", now: FRIDAY_10AM, timeZone: NY, defaultRegion: "GB" });
    expect(r).toMatchObject({ ok: true, value: { value: "+442079460958" } });
  });
});

describe("choices", () => {
  const choices = [
    { value: "cleaning", synonyms: ["checkup", "hygiene visit"] },
    { value: "whitening", synonyms: [] },
    { value: "emergency", synonyms: ["tooth ache", "pain"] },
  ];
  it.each([
    ["a cleaning please", "cleaning"],
    ["just a checkup", "cleaning"],
    ["I'm in pain", "emergency"],
    ["whitning", "whitening"], // speech-to-text slip
    ["the second one", "whitening"],
    ["not the cleaning, the whitening", "whitening"],
  ])("%s -> %s", async (u, value) => {
    expect(await extract("choice", u, { choices })).toMatchObject({ ok: true, value: { value } });
  });
  it("is ambiguous when two are named", async () => {
    expect(await extract("choice", "cleaning or whitening", { choices })).toMatchObject({ ok: false, reason: "ambiguous" });
  });
  it("finds nothing in an unrelated answer", async () => {
    expect(await extract("choice", "what are your hours", { choices })).toMatchObject({ ok: false });
  });
});

describe("intent matching by example phrases", () => {
  const intents = [
    { name: "book", examples: ["I'd like to book an appointment", "schedule a visit", "make an appointment", "can I come in"] },
    { name: "reschedule", examples: ["I need to reschedule", "move my appointment", "change my appointment time"] },
    { name: "cancel", examples: ["cancel my appointment", "I can't make it"] },
    { name: "project_status", examples: ["where is my project", "how is my project going", "any update on the job"] },
    { name: "question", examples: ["I have a question", "what are your hours", "do you take insurance"] },
  ];
  it.each([
    ["hi, I want to book an appointment for next week", "book"],
    ["can I make an apointment", "book"],
    ["I need to move my appointment to Friday", "reschedule"],
    ["could we reschedule", "reschedule"],
    ["please cancel my appointment", "cancel"],
    ["I won't be able to make it, can't make it", "cancel"],
    ["where's my project at", "project_status"],
    ["any updates on my project?", "project_status"],
    ["what are your opening hours", "question"],
    ["do you accept insurance", "question"],
  ])("%s -> %s", async (utterance, intent) => {
    const r = await localUnderstanding.classifyIntent({ utterance, intents });
    expect(r.intent).toBe(intent);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.alternatives.every((a) => a.intent !== intent && a.confidence <= r.confidence)).toBe(true);
  });
  it("returns no intent with alternatives for something unrelated", async () => {
    const r = await localUnderstanding.classifyIntent({ utterance: "the weather is lovely today", intents });
    expect(r.intent).toBeNull();
  });
});

describe("detectGlobal", () => {
  it.each([
    ["stop calling", "opt_out"], ["Stop calling me!", "opt_out"], ["take me off your list", "opt_out"], ["please take me off your calling list", "opt_out"],
    ["don't call me again", "opt_out"], ["do not call this number anymore", "opt_out"], ["remove my number", "opt_out"], ["put me on your do not call list", "opt_out"],
    ["a real person please", "human"], ["can I talk to someone", "human"], ["operator", "human"], ["representative", "human"], ["I want to speak to a human", "human"],
    ["let me talk to a live agent", "human"], ["transfer me", "human"],
    ["sorry?", "repeat"], ["what?", "repeat"], ["can you repeat that", "repeat"], ["say that again", "repeat"], ["sorry, I didn't catch that", "repeat"], ["pardon?", "repeat"],
    ["", "phantom"], ["   ", "phantom"], ["uh", "phantom"], ["um", "phantom"], ["hmm", "phantom"], ["uh um", "phantom"],
    ["sorry, I'm busy right now", "none"], ["what time do you open", "none"], ["yes", "none"], ["no", "none"], ["tomorrow at 10", "none"],
  ])("%j -> %s", (u, kind) => {
    expect(detectGlobal(u).kind).toBe(kind);
  });

  it("treats a lone low-confidence word as phantom, but not a confident one", () => {
    expect(detectGlobal("cleaning", { confidence: 0.3 }).kind).toBe("phantom");
    expect(detectGlobal("cleaning", { confidence: 0.9 }).kind).toBe("none");
    expect(detectGlobal("yes please", { confidence: 0.3 }).kind).toBe("none");
  });
});
