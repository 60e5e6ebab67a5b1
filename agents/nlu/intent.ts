// Intent matching by example phrases: each intent scores its best example (fuzzy word overlap
// plus character trigrams); the winner must clear a threshold and beat the runner-up.
import type { IntentDef, IntentMatch } from "./types";
import { contentTokens, phraseSimilarity, wordSimilarity } from "./text";

export const INTENT_THRESHOLD = 0.5;

export function matchIntent(utterance: string, intents: IntentDef[]): IntentMatch {
  const said = contentTokens(utterance);
  const scored = intents
    .map((intent) => {
      const phrases = [...intent.examples, intent.name.replace(/[_-]+/g, " ")];
      // The intent's name counts as a weak example: names like "my_appointment" are generic.
      const best = Math.max(...intent.examples.map((p) => phraseSimilarity(utterance, p)), Math.min(0.7, phraseSimilarity(utterance, phrases[phrases.length - 1]!)));
      // How much of what was said is the intent's own vocabulary (over all its examples).
      const vocabulary = new Set(phrases.flatMap((p) => contentTokens(p)));
      let covered = 0;
      for (const w of said) covered += Math.max(0, ...[...vocabulary].map((v) => wordSimilarity(w, v)));
      const vocab = said.length ? (0.9 * covered) / said.length : 0;
      return { intent: intent.name, confidence: round(Math.max(best, 0.5 * best + 0.5 * vocab)) };
    })
    .sort((a, b) => b.confidence - a.confidence);
  const best = scored[0];
  if (!best || best.confidence < INTENT_THRESHOLD) {
    return { intent: null, confidence: best?.confidence ?? 0, alternatives: scored.filter((s) => s.confidence > 0).slice(0, 3) };
  }
  return { intent: best.intent, confidence: best.confidence, alternatives: scored.slice(1).filter((s) => s.confidence > 0).slice(0, 3) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
