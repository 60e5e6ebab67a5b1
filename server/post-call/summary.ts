// Post-call summary, sentiment and detected intents. Two ways:
// - "llm": OpenAI chat completions through @langchain/openai with zod structured output, behind
//   the "openai.llm" circuit breaker (reported on the System status page) and a timeout;
// - "local": an extractive summary (the caller's key sentences + the actions taken + the outcome)
//   and a small sentiment lexicon. Used when OPENAI_API_KEY is unset and whenever the LLM fails.
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import { detectGlobal } from "../../agents/nlu/index";
import { CircuitBreaker, describeError } from "../system/circuit-breaker";
import { reportDependency } from "../system/dependency-status";

export interface TranscriptLine {
  role: string;
  text: string;
  data?: unknown;
}
export interface ActionLine {
  type: string;
  ok: boolean;
  input?: unknown;
  result?: unknown;
}
export interface SummaryInput {
  businessName: string;
  direction: string;
  outcome: string | null;
  turns: TranscriptLine[];
  actions: ActionLine[];
}
export type Sentiment = "positive" | "neutral" | "negative";
export interface CallSummary {
  summary: string;
  sentiment: Sentiment;
  intents: string[];
  source: "llm" | "local";
  /** Why the LLM was not used (only for source "local" when a key was configured). */
  fallbackReason?: string;
}

// --- Local -----------------------------------------------------------------------------------

const POSITIVE = [
  "thank", "thanks", "great", "perfect", "wonderful", "excellent", "appreciate", "happy", "glad", "awesome",
  "lovely", "helpful", "good", "fantastic", "brilliant", "sure", "love", "pleased", "amazing", "nice",
];
const NEGATIVE = [
  "angry", "upset", "terrible", "awful", "horrible", "frustrated", "frustrating", "annoyed", "ridiculous",
  "complaint", "complain", "unacceptable", "worst", "bad", "disappointed", "disappointing", "rude", "useless",
  "never", "cancel", "refund", "problem", "wrong", "broken", "leak", "emergency", "urgent", "stop", "hate",
];
const NEGATORS = new Set(["not", "no", "never", "don't", "dont", "isn't", "wasn't", "didn't", "can't", "cannot"]);

/** Lexicon sentiment of what the caller said: a score in [-1, 1] and its label (±0.2 band). */
export function lexiconSentiment(callerTexts: string[]): { score: number; label: Sentiment } {
  let pos = 0;
  let neg = 0;
  for (const text of callerTexts) {
    const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
    words.forEach((w, i) => {
      const negated = i > 0 && NEGATORS.has(words[i - 1]!);
      const isPos = POSITIVE.some((p) => w === p || (p.length > 4 && w.startsWith(p)));
      const isNeg = NEGATIVE.some((n) => w === n || (n.length > 4 && w.startsWith(n)));
      if (isPos) negated ? neg++ : pos++;
      else if (isNeg && w !== "never") negated ? pos++ : neg++;
    });
  }
  const total = pos + neg;
  const score = total === 0 ? 0 : (pos - neg) / total;
  const label: Sentiment = total === 0 ? "neutral" : score > 0.2 ? "positive" : score < -0.2 ? "negative" : "neutral";
  return { score, label };
}

const ACTION_PHRASES: Record<string, string> = {
  lookup_caller: "looked up the caller",
  find_slots: "offered appointment times",
  book_appointment: "booked an appointment",
  reschedule_appointment: "rescheduled an appointment",
  cancel_appointment: "cancelled an appointment",
  confirm_appointment: "confirmed an appointment",
  invoice_balance: "gave the invoice balance",
  record_promise: "recorded a promise to pay",
  send_payment_link: "sent a payment link",
  record_dispute: "recorded a dispute",
  project_status: "gave a project status",
  search_knowledge: "answered from the knowledge base",
  create_lead: "captured a lead",
  flag_urgent: "flagged it as urgent",
  notify_staff: "notified the team",
  add_to_dnc: "added the number to the do-not-call list",
  transfer: "transferred the caller",
  take_message: "took a message",
};

/** Intents detected in the call: intent names the runtime stored on turns, actions taken, global signals. */
export function detectIntents(turns: TranscriptLine[], actions: ActionLine[], outcome: string | null): string[] {
  const found = new Set<string>();
  for (const t of turns) {
    const data = (t.data ?? {}) as Record<string, unknown>;
    if (typeof data.intent === "string" && data.intent) found.add(data.intent);
    if (t.role === "caller") {
      const g = detectGlobal(t.text).kind;
      if (g === "opt_out") found.add("opt_out");
      if (g === "human") found.add("speak_to_human");
    }
  }
  for (const a of actions) if (a.ok && a.type !== "lookup_caller" && a.type !== "find_slots") found.add(a.type);
  if (outcome === "callback_requested") found.add("callback_requested");
  return [...found];
}

function sentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

const KEY_WORDS =
  /\b(need|needs|want|would like|book|appointment|cancel|reschedule|pay|paid|invoice|bill|quote|price|cost|leak|leaking|burst|flood|flooding|water|broken|fix|repair|urgent|emergency|asap|today|tomorrow|tonight|call me|call back|message|question|problem|issue|how much|address|street|gas|heat|smell)\b|\d/gi;
const PLEASANTRY = /^(hi|hello|hey|yes|yeah|no|ok|okay|sure|thanks|thank you|bye|goodbye|great|perfect|please)[\s,.!?]*$/i;

/** The caller's key sentences (up to 3, in the order said) + what the agent did + the outcome. */
export function localSummary(input: SummaryInput): string {
  const caller = input.turns.filter((t) => t.role === "caller").flatMap((t) => sentences(t.text));
  const scored = caller
    .map((s, i) => {
      const words = s.split(/\s+/).length;
      const hits = (s.match(KEY_WORDS) ?? []).length;
      return { s, i, score: PLEASANTRY.test(s) || words < 3 ? -1 : hits * 2 + Math.min(words, 20) / 10 };
    })
    .filter((x) => x.score > 0);
  const chosen = scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 3)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
  const did = [...new Set(input.actions.filter((a) => a.ok && ACTION_PHRASES[a.type]).map((a) => ACTION_PHRASES[a.type]!))];
  const failed = [...new Set(input.actions.filter((a) => !a.ok).map((a) => a.type.replace(/_/g, " ")))];
  const parts: string[] = [];
  const who = input.direction === "outbound" ? "Outbound call" : input.direction === "test" ? "Test call" : "Inbound call";
  const party = input.direction === "outbound" ? "The contact" : "The caller";
  parts.push(chosen.length ? `${who}. ${party} said: ${chosen.map((s) => `"${s.replace(/"/g, "'")}"`).join(" ")}` : `${who}. ${party} said nothing substantive.`);
  if (did.length) parts.push(`The agent ${did.join(", ")}.`);
  if (failed.length) parts.push(`Failed: ${failed.join(", ")}.`);
  parts.push(`Outcome: ${input.outcome ? input.outcome.replace(/_/g, " ") : "none"}.`);
  return parts.join(" ");
}

export function summarizeLocally(input: SummaryInput): CallSummary {
  return {
    summary: localSummary(input),
    sentiment: lexiconSentiment(input.turns.filter((t) => t.role === "caller").map((t) => t.text)).label,
    intents: detectIntents(input.turns, input.actions, input.outcome),
    source: "local",
  };
}

// --- LLM -------------------------------------------------------------------------------------

export const llmSummarySchema = z.object({
  summary: z.string().describe("2-4 sentences for the business owner: who called, what they wanted, what was done, what is left to do"),
  sentiment: z.enum(["positive", "neutral", "negative"]).describe("The caller's overall sentiment"),
  intents: z.array(z.string()).describe("What the caller wanted, as short snake_case names (e.g. book_appointment, pay_invoice)"),
});

export interface LlmOptions {
  apiKey: string;
  baseUrl?: string;
  model?: string;
  /** Whole request; post-call work is not latency-critical. Default 20 s. */
  timeoutMs?: number;
}

/** One process-wide breaker, shared name with the understanding's: the status page shows "openai.llm". */
export const postCallBreaker = new CircuitBreaker("openai.llm", { onChange: (e) => void reportDependency(e) });

export function llmOptionsFromEnv(e: NodeJS.ProcessEnv = process.env): LlmOptions | null {
  if (!e.OPENAI_API_KEY) return null;
  return { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL || undefined, model: e.OPENAI_SUMMARY_MODEL || undefined };
}

function transcriptText(turns: TranscriptLine[]): string {
  return turns.map((t) => `${t.role === "agent" ? "Agent" : t.role === "caller" ? "Caller" : "System"}: ${t.text}`).join("\n");
}

export async function summarizeWithLlm(input: SummaryInput, opts: LlmOptions, breaker: CircuitBreaker = postCallBreaker): Promise<CallSummary> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const model = new ChatOpenAI({
    apiKey: opts.apiKey,
    model: opts.model ?? "gpt-4o-mini",
    temperature: 0,
    maxRetries: 0,
    timeout: timeoutMs,
    configuration: opts.baseUrl ? { baseURL: opts.baseUrl } : undefined,
  });
  const structured = model.withStructuredOutput(llmSummarySchema, { name: "call_summary", method: "functionCalling" });
  const system =
    `You summarise a phone call handled by ${input.businessName}'s AI phone agent for the business owner. ` +
    `Direction: ${input.direction}. Outcome: ${input.outcome ?? "none"}. ` +
    `Actions taken: ${input.actions.map((a) => `${a.type}${a.ok ? "" : " (failed)"}`).join(", ") || "none"}. Be factual; do not invent details.`;
  const answer = await breaker.run(async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return llmSummarySchema.parse(
        await structured.invoke([{ role: "system", content: system }, { role: "user", content: transcriptText(input.turns).slice(0, 30_000) }], { signal: controller.signal }),
      );
    } finally {
      clearTimeout(timer);
    }
  });
  const local = detectIntents(input.turns, input.actions, input.outcome);
  return {
    summary: answer.summary.trim(),
    sentiment: answer.sentiment,
    intents: [...new Set([...local, ...answer.intents.map((i) => i.trim().toLowerCase().replace(/\s+/g, "_")).filter(Boolean)])],
    source: "llm",
  };
}

/** LLM when configured and healthy, otherwise (and on any failure) local. Never throws. */
export async function summarizeCall(input: SummaryInput, llm: LlmOptions | null, breaker: CircuitBreaker = postCallBreaker): Promise<CallSummary> {
  if (!llm) return summarizeLocally(input);
  try {
    return await summarizeWithLlm(input, llm, breaker);
  } catch (err) {
    return { ...summarizeLocally(input), fallbackReason: describeError(err) };
  }
}
