// The Understanding contract (see /docs and the issue #4 contracts): one interface, a
// deterministic local implementation (default and fallback) and an LLM one. The runtime only
// ever talks to this interface.
import type { CountryCode } from "libphonenumber-js";
import type { SlotDef } from "../graphs/spec";
import type { intentDef } from "../graphs/spec";
import type { z } from "zod";

export type { SlotDef };
export type IntentDef = z.infer<typeof intentDef>;

export interface ExtractSlotRequest {
  slot: SlotDef;
  utterance: string;
  /** The moment of the call: relative dates ("tomorrow") are read from here. */
  now: Date;
  /** The call's IANA time zone (usually the business's). */
  timeZone: string;
  /** Region for phone numbers said without a country code (default: the understanding's, else "US"). */
  defaultRegion?: CountryCode;
}

export interface ClassifyIntentRequest {
  utterance: string;
  intents: IntentDef[];
}

export interface Understanding {
  readonly name: "local" | "llm";
  extractSlot(req: ExtractSlotRequest): Promise<SlotExtraction>;
  classifyIntent(req: ClassifyIntentRequest): Promise<IntentMatch>;
}

export type SlotValue =
  | {
      type: "datetime" | "date" | "time";
      /** ISO instant */
      start: string;
      end?: string;
      grain: "minute" | "hour" | "part_of_day" | "day";
      text: string;
    }
  | { type: "yes_no"; value: boolean }
  | { type: "choice"; value: string }
  | { type: "number"; value: number }
  | { type: "money"; amount: string /* "150.00" */; currency?: string }
  | { type: "email" | "phone" | "text"; value: string /* phone: E.164 */ };

export type SlotExtraction =
  | { ok: true; value: SlotValue; confidence: number }
  | { ok: false; reason: "no_match" | "ambiguous" | "invalid"; confidence: number };

export type IntentMatch = {
  intent: string | null;
  confidence: number;
  alternatives: { intent: string; confidence: number }[];
};

export type GlobalSignal = { kind: "opt_out" | "human" | "repeat" | "phantom" | "none" };
