// One of a slot's choices: exact value or synonym first, then ordinals ("the second one"),
// then fuzzy word similarity for speech-to-text slips.
import type { SlotDef } from "./types";
import { normalize, phraseSimilarity } from "./text";

const ORDINALS: Record<string, number> = {
  first: 0, "1st": 0, second: 1, "2nd": 1, third: 2, "3rd": 2, fourth: 3, "4th": 3, fifth: 4, "5th": 4, last: -1,
};

export type ChoiceResult = { value: string; confidence: number } | { ambiguous: true; confidence: number } | null;

export function matchChoice(utterance: string, choices: NonNullable<SlotDef["choices"]>): ChoiceResult {
  const u = ` ${normalize(utterance)} `;
  if (!u.trim() || choices.length === 0) return null;
  const exact = choices.filter((c) => [c.value, ...c.synonyms].some((s) => normalize(s) && u.includes(` ${normalize(s)} `)));
  if (exact.length === 1) return { value: exact[0]!.value, confidence: 0.95 };
  if (exact.length > 1) {
    // "not the morning, the afternoon": the one mentioned last wins when one is negated.
    const negated = exact.filter((c) =>
      [c.value, ...c.synonyms].some((s) => new RegExp(`\\bnot (the |a |an )?${escape(normalize(s))}\\b`).test(u)),
    );
    const left = exact.filter((c) => !negated.includes(c));
    if (left.length === 1) return { value: left[0]!.value, confidence: 0.85 };
    return { ambiguous: true, confidence: 0.4 };
  }
  const ord = u.match(/\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)( one| option)?\b/);
  if (ord && !/\b(of|on) the\b/.test(u.slice(0, ord.index))) {
    const idx = ORDINALS[ord[1]!]!;
    const c = idx === -1 ? choices[choices.length - 1] : choices[idx];
    if (c) return { value: c.value, confidence: 0.85 };
  }
  const scored = choices
    .map((c) => ({ value: c.value, score: Math.max(...[c.value, ...c.synonyms].map((s) => phraseSimilarity(utterance, s))) }))
    .sort((a, b) => b.score - a.score);
  const best = scored[0]!;
  const second = scored[1];
  if (best.score < 0.6) return null;
  if (second && best.score - second.score < 0.05) return { ambiguous: true, confidence: best.score / 2 };
  return { value: best.value, confidence: Math.min(0.9, best.score) };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
