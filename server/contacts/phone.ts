// Phone numbers as people type them, into E.164 (libphonenumber-js), with the business's
// country as the default region and the extension kept apart.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { timezoneForNumber } from "./timezones";

export interface ParsedPhone {
  /** +14155550123 */
  e164: string;
  extension: string | null;
  /** ISO 3166-1 alpha-2 region of the number, when it belongs to one. */
  country: string | null;
  /** IANA zone derived from the number's region (and area code in the US/Canada), when known. */
  timezone: string | null;
}

export type PhoneResult = { ok: true; phone: ParsedPhone } | { ok: false; reason: string };

/**
 * Parses a phone number. `defaultCountry` (the business's country) applies to numbers written
 * without a country code. We accept "possible" numbers rather than only "valid" ones: metadata
 * lags new number ranges, and refusing a real customer's number costs more than storing an odd one.
 */
export function parsePhone(input: string, defaultCountry: string): PhoneResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: "Phone number is empty" };
  // "00" is the international prefix in most of the world; libphonenumber only knows "+".
  const normalised = text.startsWith("00") ? `+${text.slice(2)}` : text;
  const region = defaultCountry.toUpperCase() as CountryCode;
  const parsed = parsePhoneNumberFromString(normalised, { defaultCountry: region, extract: false });
  if (!parsed || !parsed.isPossible()) return { ok: false, reason: `"${text}" is not a phone number` };
  const country = parsed.country ?? null;
  return {
    ok: true,
    phone: {
      e164: parsed.number,
      extension: parsed.ext ?? null,
      country,
      timezone: timezoneForNumber(parsed.number, country),
    },
  };
}

/** The digits someone typed, for partial phone search ("(415) 555-01" -> "41555501"). */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, "");
}
