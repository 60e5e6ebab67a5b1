// Signals the runtime checks on every caller turn before the node's own logic: opt-out, asking
// for a person, asking to repeat, and phantom speech (noise the recogniser turned into words).
import type { GlobalSignal } from "./types";
import { normalize, tokens } from "./text";

const OPT_OUT = [
  /\bstop (calling|contacting|ringing|phoning|bothering)\b/,
  /\b(take|get|put|remove|cross) (me|my number|this number|us|my name) (off|from|out of) (your|the|this|ur)? ?(calling |call |contact |mailing |phone )?(list|lists|system|database|records)\b/,
  /\bremove my (phone )?(number|name)\b/,
  /\bremove me\b/,
  /\bdo not (ever )?(call|contact|phone|ring) (me|us|this number|here|my number)( ever)? (again|anymore|any more)\b/,
  /\bnever (call|contact|phone) (me|us|this number|here) again\b/,
  /\b(put|add) (me|my number|this number) (on|to) (your|the) do not call\b/,
  /\bdo not call list\b/,
  /\bunsubscribe\b/,
  /\blose (my|this) number\b/,
  /\bno more calls\b/,
  /\bquit calling\b/,
];

const HUMAN = [
  /\b(real|live|actual) (person|human|people|agent|representative|someone|somebody)\b/,
  /\b(a|an) human( being)?\b/,
  /\b(speak|talk|chat) (to|with) (a |an |the |your )?(human|person|someone|somebody|agent|representative|rep|operator|manager|staff|receptionist|owner|doctor|lawyer|attorney|people|front desk|office|anyone|anybody)\b/,
  /\b(operator|representative|customer service|front desk)\b/,
  /\btransfer me\b/,
  /\b(put|get) me through\b/,
  /\bare you a (robot|machine|bot)\b.*\b(person|human)\b/,
  /\b(speak|talk) to (somebody|someone) (real|else)\b/,
  /^(agent|human|person)( please)?$/,
];

const REPEAT_ANYWHERE = [
  /\b(repeat|reiterate) (that|this|it|yourself|the question|what you said)\b/,
  /\bsay (that|it|this) again\b/,
  /\bsay again\b/,
  /\bcome again\b/,
  /\b(did not|could not|can not) (catch|hear|get|understand) (that|you|it|what you said)\b/,
  /\bwhat did you (just )?say\b/,
  /\bone more time\b/,
  /\bi missed (that|what you said)\b/,
  /\bsay what\b/,
];
const REPEAT_ALONE = /^(sorry|what|pardon|pardon me|excuse me|huh|eh|sorry what|what was that|i am sorry|beg your pardon|i beg your pardon|sorry come again|repeat|again)$/;

const NOISE = new Set(["uh", "um", "umm", "uhm", "hmm", "hm", "mm", "er", "erm", "ah", "eh", "oh", "ahh", "uhh", "mmm", "the", "a", "and", "so", "like"]);

/** Default: a single recognised word under this speech-to-text confidence is treated as noise. */
export const PHANTOM_CONFIDENCE = 0.5;

export function detectGlobal(utterance: string, opts?: { confidence?: number }): GlobalSignal {
  const n = normalize(utterance).replace(/[.@$€£%-]/g, " ").replace(/\s+/g, " ").trim();
  if (!n) return { kind: "phantom" };
  for (const re of OPT_OUT) if (re.test(n)) return { kind: "opt_out" };
  for (const re of HUMAN) if (re.test(n)) return { kind: "human" };
  const rawTrim = utterance.trim();
  if (REPEAT_ALONE.test(n.replace(/ ?\b(please)\b ?/g, " ").trim()) && (rawTrim.endsWith("?") || n !== "what" || rawTrim.length <= 6)) {
    return { kind: "repeat" };
  }
  for (const re of REPEAT_ANYWHERE) if (re.test(n)) return { kind: "repeat" };
  const toks = tokens(n);
  if (toks.every((t) => NOISE.has(t))) return { kind: "phantom" };
  const threshold = PHANTOM_CONFIDENCE;
  if (toks.length === 1 && opts?.confidence !== undefined && opts.confidence < threshold) return { kind: "phantom" };
  return { kind: "none" };
}
