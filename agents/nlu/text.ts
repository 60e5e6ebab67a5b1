// Text normalisation and fuzzy similarity shared by the local understanding: callers' words come
// from speech-to-text, so matching must forgive small misspellings and extra words.

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/g, "can not"],
  [/\bwon't\b/g, "will not"],
  [/\b(\w+)n't\b/g, "$1 not"],
  [/\b(\w+)'re\b/g, "$1 are"],
  [/\b(\w+)'ll\b/g, "$1 will"],
  [/\b(\w+)'ve\b/g, "$1 have"],
  [/\b(\w+)'d\b/g, "$1 would"],
  [/\bi'm\b/g, "i am"],
  [/\b(it|that|what|there|here|who|where|how|he|she)'s\b/g, "$1 is"],
];

/** Lower case, curly quotes straightened, contractions expanded, punctuation -> spaces. */
export function normalize(text: string): string {
  let t = text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'");
  for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
  return t
    .replace(/'s\b/g, "")
    .replace(/[^a-z0-9@.$€£%\s-]/g, " ")
    .replace(/(?<![a-z0-9])[.-]|[.-](?![a-z0-9])/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function tokens(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(" ") : [];
}

const STOPWORDS = new Set(
  "a an the i me my we our us you your to is am are be been it its and or of for on in at by with please would like want wanna could can will just so um uh er hi hello hey yes yeah do does did that this these those there here some any about well oh okay ok really actually maybe".split(
    " ",
  ),
);

/** Tokens that carry meaning (stop words and fillers dropped). */
export function contentTokens(text: string): string[] {
  return tokens(text).filter((t) => !STOPWORDS.has(t));
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** 1 for equal words, falling with edit distance; short words must match exactly. */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len <= 3) return 0;
  // Stems: "booking" ~ "book", "appointments" ~ "appointment".
  if (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a))) return 0.85;
  const sim = 1 - levenshtein(a, b) / len;
  return sim >= 0.75 ? sim : 0;
}

function trigrams(text: string): Map<string, number> {
  const s = `  ${text} `;
  const grams = new Map<string, number>();
  for (let i = 0; i < s.length - 2; i++) {
    const g = s.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient over character trigrams of the normalised texts (0..1). */
export function trigramSimilarity(a: string, b: string): number {
  const ga = trigrams(normalize(a));
  const gb = trigrams(normalize(b));
  let overlap = 0;
  let total = 0;
  for (const [g, n] of ga) {
    overlap += Math.min(n, gb.get(g) ?? 0);
    total += n;
  }
  for (const n of gb.values()) total += n;
  return total === 0 ? 0 : (2 * overlap) / total;
}

/**
 * How well an utterance covers a reference phrase: mostly "are the phrase's content words in
 * what was said" (fuzzy per word), a little "is what was said about this phrase".
 */
export function phraseSimilarity(utterance: string, phrase: string): number {
  const u = normalize(utterance);
  const p = normalize(phrase);
  if (!u || !p) return 0;
  if (u === p) return 1;
  if (p.length >= 4 && ` ${u} `.includes(` ${p} `)) return 0.95;
  const ut = contentTokens(u);
  let pt = contentTokens(p);
  if (pt.length === 0) pt = tokens(p);
  const utAll = ut.length ? ut : tokens(u);
  let matched = 0;
  const used = new Set<number>();
  for (const w of pt) {
    let best = 0;
    let bestIdx = -1;
    utAll.forEach((x, i) => {
      if (used.has(i)) return;
      const s = wordSimilarity(w, x);
      if (s > best) [best, bestIdx] = [s, i];
    });
    if (bestIdx >= 0) used.add(bestIdx);
    matched += best;
  }
  const recall = matched / pt.length;
  const precision = utAll.length ? matched / utAll.length : 0;
  const tokenScore = 0.75 * recall + 0.25 * precision;
  return Math.min(0.94, 0.8 * tokenScore + 0.2 * trigramSimilarity(u, p));
}
