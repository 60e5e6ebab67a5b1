// Numbers and money as callers say them: "a hundred and fifty", "two fifty" (= 250, how people
// say prices), "twelve hundred", "$1,200.50", "150 bucks", "fifty dollars and twenty cents".

const UNITS: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, grand: 1000, million: 1_000_000 };

export function isNumberWord(w: string): boolean {
  return w in UNITS || w in TENS || w in SCALES;
}

export interface FoundNumber {
  value: number;
  /** token index range [start, end) in the token list used */
  start: number;
  end: number;
  /** digits were written ("150", "$1,200.50") rather than spoken */
  written: boolean;
}

/** Tokenise for number parsing: keeps digits with . and , inside, $ € £ as their own tokens. */
export function numberTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, "$1")
    .replace(/([$€£])/g, " $1 ")
    .replace(/(\d)(k)\b/g, "$1 thousand")
    .replace(/-/g, " ")
    .replace(/[^a-z0-9.$€£\s]/g, " ")
    .split(/\s+/)
    .map((t) => t.replace(/\.$/, ""))
    .filter(Boolean);
}

/**
 * Spoken number at `toks[i..]`: the longest run of number words ("and" and "a" as glue).
 * Returns null when toks[i] does not start one.
 */
function spokenAt(toks: string[], i: number): { value: number; end: number } | null {
  const first = toks[i]!;
  const next = toks[i + 1];
  const article = (first === "a" || first === "an") && next !== undefined && (next in SCALES || next === "couple" || next === "dozen");
  if (!article && !(first in UNITS || first in TENS || first in SCALES || first === "couple" || first === "dozen")) return null;
  if (first === "oh") return null;
  const words: string[] = [];
  let j = i;
  for (; j < toks.length; j++) {
    const w = toks[j]!;
    if (j === i && article) {
      if (next !== "couple") words.push("one");
      continue;
    }
    if (w === "and" && words.length > 0 && toks[j + 1] !== undefined && (toks[j + 1]! in UNITS || toks[j + 1]! in TENS) && toks[j + 1] !== "oh") continue;
    if (w === "of" && words[words.length - 1] === "couple") continue;
    if (w in UNITS || w in TENS || w in SCALES || w === "couple" || w === "dozen") {
      words.push(w);
      continue;
    }
    break;
  }
  if (words.length === 0) return null;
  const valueOf = (w: string) => (w === "couple" ? 2 : w === "dozen" ? 12 : (UNITS[w] ?? TENS[w])!);
  if (words.some((w) => w in SCALES)) {
    let total = 0;
    let current = 0;
    for (const w of words) {
      if (w in SCALES) {
        const s = SCALES[w]!;
        if (s === 100) current = (current || 1) * 100;
        else {
          total += (current || 1) * s;
          current = 0;
        }
      } else if (w === "dozen") current = (current || 1) * 12;
      else current += valueOf(w);
    }
    return { value: total + current, end: j };
  }
  // No scale word: group into sub-hundred numbers ("twenty five" is one group).
  const groups: number[] = [];
  let group: number | null = null;
  for (const w of words) {
    const v = valueOf(w);
    if (w === "dozen" && group !== null) {
      group *= 12;
      continue;
    }
    if (group !== null && group >= 20 && group % 10 === 0 && v > 0 && v < 10 && w in UNITS) group += v;
    else {
      if (group !== null) groups.push(group);
      group = v;
    }
  }
  if (group !== null) groups.push(group);
  if (groups.length === 1) return { value: groups[0]!, end: j };
  // Colloquial pairs: "two fifty" = 250, "nineteen ninety nine" = 1999.
  if (groups.length === 2 && groups[0]! > 0 && groups[1]! >= 10) return { value: groups[0]! * 100 + groups[1]!, end: j };
  // Digits read one by one ("five five five", "two oh five").
  return { value: Number(groups.join("")), end: j };
}

/** Every number in the text, written or spoken, in order. */
export function findNumbers(text: string): FoundNumber[] {
  const toks = numberTokens(text);
  const found: FoundNumber[] = [];
  for (let i = 0; i < toks.length; ) {
    const t = toks[i]!;
    if (/^\d+(\.\d+)?$/.test(t)) {
      let value = Number(t);
      let end = i + 1;
      // "1.5 million", "2 thousand", "3 hundred"
      while (end < toks.length && toks[end]! in SCALES) {
        value *= SCALES[toks[end]!]!;
        end++;
      }
      found.push({ value, start: i, end, written: true });
      i = end;
      continue;
    }
    const spoken = spokenAt(toks, i);
    if (spoken) {
      found.push({ value: spoken.value, start: i, end: spoken.end, written: false });
      i = spoken.end;
      continue;
    }
    i++;
  }
  return found;
}

export function parseNumber(text: string): number | null {
  return findNumbers(text)[0]?.value ?? null;
}

const CURRENCY_WORDS: Record<string, string> = {
  $: "USD", dollar: "USD", dollars: "USD", buck: "USD", bucks: "USD", usd: "USD",
  "€": "EUR", euro: "EUR", euros: "EUR", eur: "EUR",
  "£": "GBP", pound: "GBP", pounds: "GBP", quid: "GBP", gbp: "GBP",
};

export interface Money {
  amount: string;
  currency?: string;
}

/** Money in the text: the first amount, with cents ("and twenty cents") and its currency if said. */
export function parseMoney(text: string): Money | null {
  const toks = numberTokens(text);
  const nums = findNumbers(text);
  if (nums.length === 0) return null;
  // Prefer the number next to a currency word or sign.
  const near = (n: FoundNumber) => {
    const before = toks[n.start - 1];
    const after = toks[n.end];
    return (before !== undefined && before in CURRENCY_WORDS) || (after !== undefined && after in CURRENCY_WORDS);
  };
  const main = nums.find(near) ?? nums[0]!;
  let currency: string | undefined;
  const before = toks[main.start - 1];
  const after = toks[main.end];
  if (before && before in CURRENCY_WORDS) currency = CURRENCY_WORDS[before];
  else if (after && after in CURRENCY_WORDS) currency = CURRENCY_WORDS[after];
  let cents = 0;
  // "... dollars and twenty cents" / "... dollars twenty"
  const rest = nums.filter((n) => n.start > main.start);
  const next = rest[0];
  if (next && currency && after && after in CURRENCY_WORDS) {
    const gap = toks.slice(main.end + 1, next.start);
    const afterNext = toks[next.end];
    if (gap.every((g) => g === "and") && next.value < 100 && (afterNext === "cents" || afterNext === "cent" || afterNext === "pence" || afterNext === undefined)) {
      cents = next.value;
    }
  }
  const value = Math.round((main.value + cents / 100) * 100) / 100;
  if (!Number.isFinite(value) || value < 0) return null;
  return { amount: value.toFixed(2), ...(currency ? { currency } : {}) };
}
