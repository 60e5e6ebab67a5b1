// Stored numbers are E.164 ("+14155550123"); people read them grouped ("+1 415 555 0123").
// International format, so a foreign caller's number is never mistaken for a local one.
import { parsePhoneNumberFromString } from "libphonenumber-js/min";

export function formatPhone(e164: string | null, extension?: string | null): string {
  if (!e164) return "";
  const formatted = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  return extension ? `${formatted} ext. ${extension}` : formatted;
}
