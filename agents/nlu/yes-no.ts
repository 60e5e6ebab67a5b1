// Yes/no as people say it on the phone. Phrases are matched longest first on normalised text
// so "that doesn't work" is a no before "work" could count, and "not sure" is neither.
import { normalize } from "./text";

const UNSURE = ["not sure", "i am not sure", "unsure", "do not know", "dunno", "maybe", "perhaps", "possibly", "it depends", "let me think", "not certain"];
const NO = [
  "no", "nope", "nah", "naw", "no way", "no thanks", "no thank you", "not really", "i do not think so", "do not think so",
  "not at all", "negative", "never", "not now", "not today", "that does not work", "does not work", "that will not work",
  "not interested", "i am not", "it is not", "that is not", "no it is not", "i do not", "i can not", "i will not", "can not", "wrong", "incorrect", "that is wrong",
  "that is not right", "not right", "not correct", "not me", "wrong number", "wrong person", "i would rather not", "rather not",
  "not anymore", "no longer", "cancel", "absolutely not", "definitely not", "of course not", "certainly not",
];
const YES = [
  "yes", "yeah", "yea", "yep", "yup", "ya", "yes please", "sure", "sure thing", "of course", "absolutely", "definitely", "certainly",
  "correct", "that is correct", "that is right", "right", "exactly", "that works", "works for me", "that works for me",
  "sounds good", "sounds great", "sounds perfect", "ok", "okay", "fine", "alright", "all right", "please do", "go ahead", "do it",
  "i do", "i can", "i will", "yes i am", "it is", "affirmative", "perfect", "great", "that is me", "speaking",
  "this is he", "this is she", "this is me", "that is fine", "very good", "good idea", "uh huh", "mhm", "mm hmm", "yes it is", "you bet", "yes please do", "confirm", "confirmed", "please do so", "let us do it", "lets do it",
  "that would be great", "i would like that", "book it",
];

const byLength = (a: string, b: string) => b.length - a.length;
const phrases: { text: string; kind: "yes" | "no" | "unsure" }[] = [
  ...UNSURE.map((text) => ({ text, kind: "unsure" as const })),
  ...NO.map((text) => ({ text, kind: "no" as const })),
  ...YES.map((text) => ({ text, kind: "yes" as const })),
].sort((a, b) => byLength(a.text, b.text));

export interface YesNo {
  value: boolean | null;
  /** both yes and no were heard, or "not sure" */
  ambiguous: boolean;
  confidence: number;
}

const CHANGE_OF_MIND = / (wait|actually|i mean|on second thought|sorry|hold on|no no) /g;

/**
 * Finds yes/no words. When both occur, what follows the caller's last correction ("no, wait,
 * yes"; "actually no, I will keep it") decides; without a correction the first one does.
 */
export function parseYesNo(utterance: string): YesNo {
  let text = ` ${normalize(utterance).replace(/[.@$€£%-]/g, " ").replace(/\s+/g, " ")} `;
  const hits: { kind: "yes" | "no" | "unsure"; at: number }[] = [];
  for (const p of phrases) {
    const needle = ` ${p.text} `;
    let at = text.indexOf(needle);
    while (at >= 0) {
      hits.push({ kind: p.kind, at });
      // Blank out the match so shorter phrases inside it do not count again.
      text = text.slice(0, at + 1) + "#".repeat(p.text.length) + text.slice(at + 1 + p.text.length);
      at = text.indexOf(needle);
    }
  }
  if (hits.length === 0) return { value: null, ambiguous: false, confidence: 0 };
  hits.sort((a, b) => a.at - b.at);
  let correctionAt = -1;
  for (const m of text.matchAll(CHANGE_OF_MIND)) correctionAt = m.index;
  const afterCorrection = hits.filter((h) => h.at >= correctionAt && h.kind !== "unsure");
  const kinds = new Set(hits.map((h) => h.kind));
  if (kinds.has("unsure") && !kinds.has("yes") && !kinds.has("no")) return { value: null, ambiguous: true, confidence: 0.3 };
  const decided = hits.filter((h) => h.kind !== "unsure");
  const deciding = correctionAt >= 0 && afterCorrection.length > 0 ? afterCorrection[0]! : decided[0]!;
  const mixed = kinds.has("yes") && kinds.has("no");
  const confidence = mixed || kinds.has("unsure") ? 0.6 : decided.length > 0 && decided[0]!.at < 3 ? 0.95 : 0.85;
  return { value: deciding.kind === "yes", ambiguous: false, confidence };
}
