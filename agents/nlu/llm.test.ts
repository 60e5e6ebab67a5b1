// The LLM understanding against a real local HTTP server speaking OpenAI's chat completions wire
// format: answers via tool calls, a stalling server (timeout -> local), a failing one (breaker).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUnderstanding } from "./index";
import { createLlmUnderstanding } from "./llm";
import { resetEnvCache } from "../../server/env";
import { failWith500, stall, startFakeOpenAi, toolCallReply, type FakeOpenAi } from "../../server/testing/fake-openai";

let openAi: FakeOpenAi;
let baseUrl: string;
beforeAll(async () => {
  openAi = await startFakeOpenAi();
  baseUrl = openAi.baseUrl;
});
afterEach(() => openAi.reset());
afterAll(() => openAi.close());

const NY = "America/New_York";
const now = new Date("2026-03-06T15:00:00Z");
const moneySlot = { name: "amount", type: "money" as const };

describe("createUnderstanding", () => {
  it("is the local one without a key, and the LLM one when the environment has one", () => {
    const before = process.env.OPENAI_API_KEY;
    try {
      delete process.env.OPENAI_API_KEY;
      resetEnvCache();
      expect(createUnderstanding().name).toBe("local");
      process.env.OPENAI_API_KEY = "sk-from-env";
      resetEnvCache();
      expect(createUnderstanding().name).toBe("llm");
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
      resetEnvCache();
    }
  });
  it("is the LLM one with a key", () => {
    expect(createUnderstanding({ openAiApiKey: "sk-test", baseUrl: "http://127.0.0.1:9/v1" }).name).toBe("llm");
  });
});

describe("LLM understanding", () => {
  it("extracts a slot through a structured tool call, with local wall time read in the call's zone", async () => {
    openAi.answer(toolCallReply({ status: "found", value: "2026-03-10T12:00", end: "2026-03-10T17:00", grain: "part_of_day", currency: null, confidence: 0.93 }));
    const u = createUnderstanding({ openAiApiKey: "sk-test", baseUrl });
    const r = await u.extractSlot({ slot: { name: "when", type: "datetime" }, utterance: "next Tuesday afternoon", now, timeZone: NY });
    expect(r).toEqual({
      ok: true,
      confidence: 0.93,
      value: { type: "datetime", start: "2026-03-10T16:00:00.000Z", end: "2026-03-10T21:00:00.000Z", grain: "part_of_day", text: "next Tuesday afternoon" },
    });
    expect(openAi.requests).toHaveLength(1);
    expect(openAi.requests[0].path).toBe("/v1/chat/completions");
    expect(openAi.requests[0].auth).toBe("Bearer sk-test");
    expect(openAi.requests[0].body.tools[0].function.name).toBe("extract_slot");
    expect(JSON.stringify(openAi.requests[0].body.messages)).toContain("America/New_York");
  });

  it("classifies an intent and drops names the model made up", async () => {
    openAi.answer(toolCallReply({ intent: "book", confidence: 0.9, alternatives: [{ intent: "invented", confidence: 0.2 }, { intent: "cancel", confidence: 0.1 }] }));
    const u = createUnderstanding({ openAiApiKey: "sk-test", baseUrl });
    const intents = [
      { name: "book", examples: ["book an appointment"] },
      { name: "cancel", examples: ["cancel my appointment"] },
    ];
    expect(await u.classifyIntent({ utterance: "I'd like to come in", intents })).toEqual({
      intent: "book",
      confidence: 0.9,
      alternatives: [{ intent: "cancel", confidence: 0.1 }],
    });
  });

  it("falls back to local when the answer is implausible (a choice that does not exist)", async () => {
    openAi.answer(toolCallReply({ status: "found", value: "platinum", end: null, grain: null, currency: null, confidence: 0.9 }));
    const reasons: string[] = [];
    const u = createUnderstanding({ openAiApiKey: "sk-test", baseUrl, onFallback: (r) => reasons.push(r) });
    const slot = { name: "kind", type: "choice" as const, choices: [{ value: "cleaning", synonyms: [] }, { value: "whitening", synonyms: [] }] };
    expect(await u.extractSlot({ slot, utterance: "a cleaning", now, timeZone: NY })).toMatchObject({ ok: true, value: { value: "cleaning" } });
    expect(reasons).toEqual(["extractSlot: implausible answer"]);
  });

  it("times out a stalled server and answers locally", async () => {
    openAi.answer(stall);
    const reasons: string[] = [];
    const u = createUnderstanding({ openAiApiKey: "sk-test", baseUrl, timeoutMs: 200, onFallback: (r) => reasons.push(r) });
    const r = await u.extractSlot({ slot: moneySlot, utterance: "a hundred and fifty", now, timeZone: NY });
    expect(r).toEqual({ ok: true, confidence: 0.9, value: { type: "money", amount: "150.00" } });
    expect(reasons).toEqual(["extractSlot: TimeoutError"]);
    expect(openAi.requests).toHaveLength(1);
  });

  it("opens the breaker after repeated 500s, skips the server while open, and closes after a good half-open probe", async () => {
    openAi.answer(failWith500);
    let clock = 1_000_000;
    const u = createLlmUnderstanding({ apiKey: "sk-test", baseUrl, breaker: { failureThreshold: 2, baseBackoffMs: 10_000, now: () => clock } });
    const ask = () => u.extractSlot({ slot: moneySlot, utterance: "two fifty", now, timeZone: NY });
    // Every answer is the local one, whatever the server does.
    for (let i = 0; i < 4; i++) expect(await ask()).toMatchObject({ ok: true, value: { amount: "250.00" } });
    expect(openAi.requests).toHaveLength(2); // opened after 2 failures; calls 3 and 4 never reached the server
    expect(u.breaker.state).toBe("open");

    clock += 10_000; // cool-down over: one probe; it fails -> open again with a doubled cool-down
    expect(u.breaker.state).toBe("half_open");
    await ask();
    expect(openAi.requests).toHaveLength(3);
    expect(u.breaker.state).toBe("open");
    clock += 10_000;
    expect(u.breaker.state).toBe("open"); // 20 s now
    clock += 10_000;
    openAi.answer(toolCallReply({ status: "found", value: "250.00", end: null, grain: null, currency: "usd", confidence: 0.97 }));
    expect(await ask()).toEqual({ ok: true, confidence: 0.97, value: { type: "money", amount: "250.00", currency: "USD" } });
    expect(u.breaker.state).toBe("closed");
  });
});
