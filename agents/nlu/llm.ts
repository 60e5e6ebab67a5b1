// The LLM understanding: OpenAI chat completions through @langchain/openai with structured
// output (zod, function calling). Every request has a timeout and goes through a circuit
// breaker; on any failure, timeout, open breaker or implausible answer the local understanding
// answers instead, so a call never waits on a struggling provider.
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { isValidPhoneNumber, type CountryCode } from "libphonenumber-js";
import { localDateOf, localMinuteOf, wallTimeToInstant } from "../../server/scheduling/zoned-time";
import { CircuitBreaker, type BreakerOptions } from "../../server/system/circuit-breaker";
import { createLocalUnderstanding } from "./local";
import type { ClassifyIntentRequest, ExtractSlotRequest, IntentMatch, SlotExtraction, SlotValue, Understanding } from "./types";

export interface LlmUnderstandingOptions {
  apiKey: string;
  /** OpenAI-compatible base URL (tests point this at a local server). */
  baseUrl?: string;
  model?: string;
  /** Per request; the caller is waiting. Default 1500 ms. */
  timeoutMs?: number;
  /** Breaker settings; pass onChange: reportDependency to show it on the System status page. */
  breaker?: BreakerOptions;
  defaultRegion?: CountryCode;
  /** Called when the local fallback answered instead (for logs/metrics). */
  onFallback?: (reason: string, err?: unknown) => void;
}

const slotAnswer = z.object({
  status: z.enum(["found", "no_match", "ambiguous"]).describe("found: the utterance gives a value for the slot"),
  value: z
    .string()
    .nullable()
    .describe(
      "The value: yes_no -> 'yes'|'no'; number -> digits ('250'); money -> decimal amount ('150.00'); " +
        "datetime/date/time -> local wall time 'YYYY-MM-DDTHH:mm' in the caller's time zone; choice -> one of the choice values exactly; " +
        "email -> the address; phone -> E.164; text -> the text",
    ),
  end: z.string().nullable().describe("datetime ranges ('next Tuesday afternoon'): local wall time 'YYYY-MM-DDTHH:mm' of the end, else null"),
  grain: z.enum(["minute", "hour", "part_of_day", "day"]).nullable(),
  currency: z.string().nullable().describe("ISO currency code when the caller said one, else null"),
  confidence: z.number().min(0).max(1),
});
type SlotAnswer = z.infer<typeof slotAnswer>;

const intentAnswer = z.object({
  intent: z.string().nullable().describe("The best matching intent name, or null if none fits"),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(z.object({ intent: z.string(), confidence: z.number().min(0).max(1) })),
});

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`LLM understanding timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;

function wallToIso(wall: string, timeZone: string): string | null {
  const m = wall.match(WALL_RE);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const minute = m[4] ? Number(m[4]) * 60 + Number(m[5]) : 0;
  return wallTimeToInstant(date, minute, timeZone).toISOString();
}

/** Turns the model's answer into a SlotExtraction, or null when it is not plausible. */
export function slotAnswerToExtraction(req: ExtractSlotRequest, a: SlotAnswer, region: CountryCode): SlotExtraction | null {
  if (a.status === "no_match") return { ok: false, reason: "no_match", confidence: a.confidence };
  if (a.status === "ambiguous") return { ok: false, reason: "ambiguous", confidence: a.confidence };
  const v = a.value?.trim();
  if (!v) return null;
  const ok = (value: SlotValue): SlotExtraction => ({ ok: true, value, confidence: a.confidence });
  const { slot } = req;
  switch (slot.type) {
    case "yes_no":
      return /^(yes|true)$/i.test(v) ? ok({ type: "yes_no", value: true }) : /^(no|false)$/i.test(v) ? ok({ type: "yes_no", value: false }) : null;
    case "number": {
      const n = Number(v.replace(/,/g, ""));
      return Number.isFinite(n) ? ok({ type: "number", value: n }) : null;
    }
    case "money": {
      const n = Number(v.replace(/[,$€£\s]/g, ""));
      if (!Number.isFinite(n) || n < 0) return null;
      return ok({ type: "money", amount: n.toFixed(2), ...(a.currency ? { currency: a.currency.toUpperCase() } : {}) });
    }
    case "choice": {
      const c = (slot.choices ?? []).find((ch) => ch.value.toLowerCase() === v.toLowerCase());
      return c ? ok({ type: "choice", value: c.value }) : null;
    }
    case "email":
      return /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(v) ? ok({ type: "email", value: v.toLowerCase() }) : null;
    case "phone":
      return isValidPhoneNumber(v, region) ? ok({ type: "phone", value: v.startsWith("+") ? v : v }) : null;
    case "text":
      return ok({ type: "text", value: v });
    case "datetime":
    case "date":
    case "time": {
      const start = wallToIso(v, req.timeZone);
      if (!start) return null;
      const end = a.end ? wallToIso(a.end, req.timeZone) : null;
      const grain = a.grain ?? (/T\d/.test(v) ? "minute" : "day");
      return ok({ type: slot.type, start, ...(end ? { end } : {}), grain, text: req.utterance });
    }
  }
}

export function createLlmUnderstanding(opts: LlmUnderstandingOptions): Understanding & { breaker: CircuitBreaker } {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const region = opts.defaultRegion ?? "US";
  const local = createLocalUnderstanding({ defaultRegion: region });
  const breaker = new CircuitBreaker("openai.llm", opts.breaker);
  const model = new ChatOpenAI({
    model: opts.model ?? "gpt-4o-mini",
    apiKey: opts.apiKey,
    temperature: 0,
    maxRetries: 0,
    timeout: timeoutMs,
    configuration: opts.baseUrl ? { baseURL: opts.baseUrl } : undefined,
  });
  const slotModel = model.withStructuredOutput(slotAnswer, { name: "extract_slot", method: "functionCalling" });
  const intentModel = model.withStructuredOutput(intentAnswer, { name: "classify_intent", method: "functionCalling" });

  async function guarded<T>(kind: string, call: (signal: AbortSignal) => Promise<T | null>, fallback: () => Promise<T>): Promise<T> {
    try {
      const result = await breaker.run(async () => withTimeout(timeoutMs, call));
      if (result !== null) return result;
      opts.onFallback?.(`${kind}: implausible answer`);
    } catch (err) {
      opts.onFallback?.(`${kind}: ${err instanceof Error ? err.name : "error"}`, err);
    }
    return fallback();
  }

  return {
    name: "llm",
    breaker,
    async extractSlot(req: ExtractSlotRequest): Promise<SlotExtraction> {
      // Free text needs no model.
      if (req.slot.type === "text") return local.extractSlot(req);
      const today = localDateOf(req.now, req.timeZone);
      const minute = localMinuteOf(req.now, req.timeZone);
      const wallNow = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
      const weekday = new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone: req.timeZone }).format(req.now);
      const system = [
        "You extract one slot value from what a caller said on a phone call. Answer only with the tool.",
        `Slot: ${req.slot.name} (type ${req.slot.type})${req.slot.description ? `: ${req.slot.description}` : ""}.`,
        req.slot.choices ? `Choices: ${req.slot.choices.map((c) => `${c.value}${c.synonyms.length ? ` (also: ${c.synonyms.join(", ")})` : ""}`).join("; ")}.` : "",
        `Now is ${weekday} ${wallNow} local time in ${req.timeZone}. Parts of day: morning 08:00-12:00, afternoon 12:00-17:00, evening 17:00-21:00.`,
        "If the caller does not give a value for this slot, status is no_match.",
      ]
        .filter(Boolean)
        .join("\n");
      return guarded(
        "extractSlot",
        async (signal) => {
          const answer = await slotModel.invoke([{ role: "system", content: system }, { role: "user", content: req.utterance }], { signal });
          return slotAnswerToExtraction(req, slotAnswer.parse(answer), req.defaultRegion ?? region);
        },
        () => local.extractSlot(req),
      );
    },
    async classifyIntent(req: ClassifyIntentRequest): Promise<IntentMatch> {
      const names = new Set(req.intents.map((i) => i.name));
      const system = [
        "You classify what a caller wants on a phone call. Answer only with the tool.",
        "Intents:",
        ...req.intents.map((i) => `- ${i.name}${i.description ? `: ${i.description}` : ""} (e.g. ${i.examples.slice(0, 5).map((e) => `"${e}"`).join(", ")})`),
        "If none fits, intent is null.",
      ].join("\n");
      return guarded(
        "classifyIntent",
        async (signal) => {
          const a = intentAnswer.parse(await intentModel.invoke([{ role: "system", content: system }, { role: "user", content: req.utterance }], { signal }));
          if (a.intent !== null && !names.has(a.intent)) return null;
          return { intent: a.intent, confidence: a.confidence, alternatives: a.alternatives.filter((x) => names.has(x.intent) && x.intent !== a.intent) };
        },
        () => local.classifyIntent(req),
      );
    },
  };
}
