// E-mail addresses and phone numbers, typed or spoken ("john dot smith at gmail dot com",
// "four one five, five five five, two six seven one").
import { parsePhoneNumberFromString, findPhoneNumbersInText, type CountryCode } from "libphonenumber-js";
import { numberTokens } from "./numbers";

const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;

const SPOKEN_SYMBOLS: Record<string, string> = {
  dot: ".", period: ".", point: ".", underscore: "_", "under score": "_", dash: "-", hyphen: "-", minus: "-", plus: "+",
};
const DIGIT_WORDS: Record<string, string> = {
  zero: "0", oh: "0", o: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};

export function parseEmail(utterance: string): string | null {
  const typed = utterance.match(EMAIL_RE);
  if (typed) return typed[0].toLowerCase().replace(/\.$/, "");
  // Spoken: turn "at"/"dot"/... into symbols, then read the address around the last "@".
  const words = utterance
    .toLowerCase()
    .replace(/under score/g, "underscore")
    .replace(/[,;!?]/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/\.$/, ""));
  const mapped = words.map((w) => (w === "at" || w === "@" ? "@" : SPOKEN_SYMBOLS[w] ?? w));
  // Candidate "@" positions: last one followed by a domain with a dot.
  for (let at = mapped.lastIndexOf("@"); at > 0; at = mapped.lastIndexOf("@", at - 1)) {
    // Domain: word (. word)+
    const domain: string[] = [];
    let k = at + 1;
    while (k < mapped.length) {
      const w = mapped[k]!;
      const expectWord = domain.length === 0 || domain[domain.length - 1] === "." || domain[domain.length - 1] === "-";
      if (expectWord && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(w)) domain.push(w);
      else if (!expectWord && (w === "." || w === "-")) domain.push(w);
      else break;
      k++;
    }
    while (domain.length && (domain[domain.length - 1] === "." || domain[domain.length - 1] === "-")) domain.pop();
    const domainText = domain.join("");
    if (!/\.[a-z]{2,}$/.test(domainText)) continue;
    // Local part: the word before "@", extended backwards over separators and spelled letters.
    const local: string[] = [];
    let m = at - 1;
    while (m >= 0) {
      const w = mapped[m]!;
      const prev = local[0];
      const needWord = prev === undefined || prev === "." || prev === "_" || prev === "-" || prev === "+";
      if (needWord && /^[a-z0-9]+$/.test(w)) local.unshift(w);
      else if (!needWord && [".", "_", "-", "+"].includes(w)) local.unshift(w);
      else if (!needWord && /^[a-z0-9]$/.test(w) && prev !== undefined && /^[a-z0-9]$/.test(prev)) local.unshift(w); // spelled "j o h n"
      else break;
      m--;
    }
    while (local.length && !/^[a-z0-9]/.test(local[0]!)) local.shift();
    if (local.length === 0) continue;
    const address = `${local.join("")}@${domainText}`;
    if (EMAIL_RE.test(address)) return address;
  }
  return null;
}

/** A phone number in E.164, or null. Spoken digits are read too ("oh" = 0, "double five"). */
export function parsePhone(utterance: string, defaultRegion: CountryCode = "US"): string | null {
  const direct = findPhoneNumbersInText(utterance, defaultRegion).find((f) => f.number.isValid());
  if (direct) return direct.number.number;
  const toks = numberTokens(utterance.replace(/\bdouble (\w+)/gi, "$1 $1").replace(/\btriple (\w+)/gi, "$1 $1 $1"));
  let digits = "";
  let plus = false;
  for (const t of toks) {
    if (/^\d+$/.test(t)) digits += t;
    else if (t in DIGIT_WORDS) digits += DIGIT_WORDS[t];
    else if (t === "plus" && digits === "") plus = true;
  }
  if (digits.length < 7) return null;
  const parsed = parsePhoneNumberFromString(`${plus ? "+" : ""}${digits}`, defaultRegion);
  return parsed && parsed.isValid() ? parsed.number : null;
}
