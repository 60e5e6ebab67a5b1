// Bench data: a business with a large knowledge base, `passages` passages of 80-250 words of
// small-business prose (services, prices, policies, directions), plus a few real answers the
// bench asks for. Inserted with the owner client in batches: this is about searching, not writing.
import type { PrismaClient } from "../db";

// Words ranked by how often they occur: English function words first, then the nouns and verbs of
// small-business pages, then a long tail of made-up words (product names, places, jargon).
// Tokens are drawn with Zipf's law (frequency ~ 1 / rank), as in real prose, so a business word
// like "parking" occurs in a few hundred passages, not in every one.
const FUNCTION_WORDS = "the a to of and for with on at by from in we you your our is are can will please may it this that be or as".split(" ");
const BUSINESS_WORDS = (
  "appointment booking cancel reschedule price cost fee deposit refund policy parking entrance street floor " +
  "elevator wheelchair access monday tuesday wednesday thursday friday saturday sunday morning afternoon evening " +
  "holiday closed open hours staff stylist dentist technician consultation visit first new patient client " +
  "insurance payment card cash invoice receipt discount package membership gift voucher child family senior " +
  "student service treatment cleaning repair install inspection estimate quote warranty guarantee emergency " +
  "urgent call phone email message website form online reminder confirm late arrive early wait minutes room " +
  "building office clinic studio shop garage kitchen bathroom roof window door heating cooling water electric " +
  "safety mask hygiene sterile equipment product brand stock order delivery pickup return exchange damaged"
).split(" ");
const SYLLABLES = "ka lo mi ne ru sa to vi ze ba de fo gu hi jo".split(" ");

function tailWords(count: number, rand: () => number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const n = 2 + Math.floor(rand() * 3);
    words.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(""));
  }
  return [...words];
}

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1). */
function zipf(n: number, rand: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= n; r++) cumulative.push((total += 1 / r));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A deterministic pseudo-random generator, so every run searches the same text. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const BENCH_ANSWERS = [
  { title: "Opening hours", body: "We are open Monday to Friday from 9 am to 6 pm and Saturday from 10 am to 2 pm." },
  { title: "Do you have parking for customers?", body: "Yes, free customer parking is behind the building, entrance on Elm Street." },
  { title: "Cancellation policy", body: "Cancel at least 24 hours ahead; late cancellations pay half the price." },
];

export async function seedKnowledge(db: PrismaClient, options: { tenantId: string; passages: number; perArticle?: number }): Promise<void> {
  const rand = random(42);
  const perArticle = options.perArticle ?? 5;
  const tail = tailWords(5000, rand);
  const vocabulary = [...FUNCTION_WORDS, ...BUSINESS_WORDS, ...tail];
  const pick = zipf(vocabulary.length, rand);
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 12);
    const words = Array.from({ length: n }, () => vocabulary[pick()]!);
    return `${words[0]!.charAt(0).toUpperCase()}${words.join(" ").slice(1)}.`;
  };
  const paragraph = () => {
    const out: string[] = [];
    const target = 80 + Math.floor(rand() * 170);
    let count = 0;
    while (count < target) {
      const s = sentence();
      out.push(s);
      count += s.split(" ").length;
    }
    return out.join(" ");
  };

  const articles = Math.ceil(options.passages / perArticle);
  const BATCH = 200;
  for (let start = 0; start < articles; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, articles - start) }, (_, i) => {
      const n = start + i;
      const sections = Array.from({ length: Math.min(perArticle, options.passages - n * perArticle) }, () => ({
        heading: `${tail[Math.floor(rand() * tail.length)]} ${BUSINESS_WORDS[Math.floor(rand() * BUSINESS_WORDS.length)]}`,
        text: paragraph(),
      }));
      return { id: `bench-${options.tenantId}-${n}`, title: `Article ${n}`, sections };
    });
    await db.knowledgeArticle.createMany({
      data: rows.map((r) => ({
        id: r.id,
        tenantId: options.tenantId,
        title: r.title,
        body: r.sections.map((s) => `## ${s.heading}\n\n${s.text}`).join("\n\n"),
      })),
    });
    await db.knowledgePassage.createMany({
      data: rows.flatMap((r) =>
        r.sections.map((s, ordinal) => ({ tenantId: options.tenantId, articleId: r.id, ordinal, heading: `${r.title} › ${s.heading}`, text: s.text })),
      ),
    });
  }
  for (const [i, answer] of BENCH_ANSWERS.entries()) {
    const id = `bench-${options.tenantId}-answer-${i}`;
    await db.knowledgeArticle.create({ data: { id, tenantId: options.tenantId, kind: "qa", title: answer.title, body: answer.body } });
    await db.knowledgePassage.create({ data: { tenantId: options.tenantId, articleId: id, ordinal: 0, heading: answer.title, text: answer.body } });
  }
}
