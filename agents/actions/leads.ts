// Lead scoring for create_lead: how complete and how urgent a new enquiry is.
export const URGENCY_WORDS = [
  "emergency",
  "asap",
  "as soon as possible",
  "urgent",
  "urgently",
  "today",
  "right now",
  "immediately",
  "right away",
  "sparking",
  "flooding",
  "flooded",
  "flood",
  "leak",
  "leaking",
  "burst",
  "no heat",
  "no hot water",
  "no power",
  "gas smell",
  "smell gas",
  "sparks",
  "fire",
];

function answerText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.text === "string") return o.text;
    if (o.amount !== undefined) return String(o.amount);
    if (o.value !== undefined) return answerText(o.value);
  }
  return "";
}

export function urgencyWordsIn(texts: string[]): string[] {
  const joined = ` ${texts.join(" ").toLowerCase().replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ")} `;
  return URGENCY_WORDS.filter((w) => joined.includes(` ${w} `));
}

/** 0..100: answered questions (up to 60), contact details (20), urgency (20). */
export function scoreLead(answers: Record<string, unknown>, opts: { hasPhone: boolean; hasEmail: boolean; extraTexts?: string[] }) {
  const entries = Object.entries(answers);
  const answered = entries.filter(([, v]) => answerText(v).trim() !== "").length;
  const completeness = entries.length ? Math.round((answered / entries.length) * 60) : 0;
  const contact = (opts.hasPhone ? 10 : 0) + (opts.hasEmail ? 10 : 0);
  const urgentWords = urgencyWordsIn([...entries.map(([, v]) => answerText(v)), ...(opts.extraTexts ?? [])]);
  const score = Math.min(100, completeness + contact + (urgentWords.length ? 20 : 0));
  return { score, priority: urgentWords.length ? ("urgent" as const) : ("normal" as const), urgentWords };
}
