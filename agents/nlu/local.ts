// The deterministic local understanding: no network, the default, and the LLM one's fallback.
import type { CountryCode } from "libphonenumber-js";
import type { ClassifyIntentRequest, ExtractSlotRequest, IntentMatch, SlotExtraction, Understanding } from "./types";
import { parseDateTime } from "./datetime";
import { parseMoney, parseNumber } from "./numbers";
import { parseYesNo } from "./yes-no";
import { parseEmail, parsePhone } from "./contact-info";
import { matchChoice } from "./choice";
import { matchIntent } from "./intent";
import { normalize } from "./text";

const noMatch: SlotExtraction = { ok: false, reason: "no_match", confidence: 0 };

export function extractSlotLocally(req: ExtractSlotRequest, fallbackRegion: CountryCode = "US"): SlotExtraction {
  const { slot, utterance } = req;
  if (!utterance.trim()) return noMatch;
  switch (slot.type) {
    case "datetime":
    case "date":
    case "time": {
      const r = parseDateTime({ utterance, now: req.now, timeZone: req.timeZone, kind: slot.type });
      return r ? { ok: true, value: r.value, confidence: r.confidence } : noMatch;
    }
    case "yes_no": {
      const r = parseYesNo(utterance);
      if (r.ambiguous) return { ok: false, reason: "ambiguous", confidence: r.confidence };
      return r.value === null ? noMatch : { ok: true, value: { type: "yes_no", value: r.value }, confidence: r.confidence };
    }
    case "choice": {
      const r = matchChoice(utterance, slot.choices ?? []);
      if (!r) return noMatch;
      if ("ambiguous" in r) return { ok: false, reason: "ambiguous", confidence: r.confidence };
      return { ok: true, value: { type: "choice", value: r.value }, confidence: r.confidence };
    }
    case "number": {
      const n = parseNumber(utterance);
      return n === null ? noMatch : { ok: true, value: { type: "number", value: n }, confidence: 0.9 };
    }
    case "money": {
      const m = parseMoney(utterance);
      return m ? { ok: true, value: { type: "money", ...m }, confidence: 0.9 } : noMatch;
    }
    case "email": {
      const e = parseEmail(utterance);
      if (e) return { ok: true, value: { type: "email", value: e }, confidence: 0.9 };
      return /\b(at|@)\b/i.test(utterance) ? { ok: false, reason: "invalid", confidence: 0.3 } : noMatch;
    }
    case "phone": {
      const p = parsePhone(utterance, req.defaultRegion ?? fallbackRegion);
      if (p) return { ok: true, value: { type: "phone", value: p }, confidence: 0.9 };
      return /\d.*\d.*\d/.test(utterance) || /\b(one|two|three|four|five|six|seven|eight|nine|zero|oh)\b.*\b(one|two|three|four|five|six|seven|eight|nine|zero|oh)\b/i.test(utterance)
        ? { ok: false, reason: "invalid", confidence: 0.3 }
        : noMatch;
    }
    case "text": {
      const value = utterance.trim();
      return normalize(value) ? { ok: true, value: { type: "text", value }, confidence: 0.9 } : noMatch;
    }
  }
}

export function classifyIntentLocally(req: ClassifyIntentRequest): IntentMatch {
  return matchIntent(req.utterance, req.intents);
}

export function createLocalUnderstanding(opts?: { defaultRegion?: CountryCode }): Understanding {
  return {
    name: "local",
    extractSlot: async (req) => extractSlotLocally(req, opts?.defaultRegion),
    classifyIntent: async (req) => classifyIntentLocally(req),
  };
}

export const localUnderstanding: Understanding = createLocalUnderstanding();
