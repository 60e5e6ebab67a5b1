// Which IANA zone a phone number most likely lives in. Countries with one zone (or one zone
// where nearly everyone lives) map directly; the US and Canada span six, so their area codes
// decide (the complete area-code table lives with the calling rules that also need its state).
// Mobile numbers move with people, so this is only the default when a contact has no
// explicit zone; unknown area codes return null and the business's zone applies.

import { areaCodePlace } from "../compliance/area-codes";

const COUNTRY_ZONE: Record<string, string> = {
  GB: "Europe/London", IE: "Europe/Dublin", FR: "Europe/Paris", DE: "Europe/Berlin", ES: "Europe/Madrid",
  PT: "Europe/Lisbon", IT: "Europe/Rome", NL: "Europe/Amsterdam", BE: "Europe/Brussels", LU: "Europe/Luxembourg",
  CH: "Europe/Zurich", AT: "Europe/Vienna", DK: "Europe/Copenhagen", SE: "Europe/Stockholm", NO: "Europe/Oslo",
  FI: "Europe/Helsinki", PL: "Europe/Warsaw", CZ: "Europe/Prague", SK: "Europe/Bratislava", HU: "Europe/Budapest",
  RO: "Europe/Bucharest", BG: "Europe/Sofia", GR: "Europe/Athens", HR: "Europe/Zagreb", SI: "Europe/Ljubljana",
  RS: "Europe/Belgrade", UA: "Europe/Kyiv", TR: "Europe/Istanbul", IL: "Asia/Jerusalem", AE: "Asia/Dubai",
  SA: "Asia/Riyadh", EG: "Africa/Cairo", ZA: "Africa/Johannesburg", NG: "Africa/Lagos", KE: "Africa/Nairobi",
  MA: "Africa/Casablanca", IN: "Asia/Kolkata", PK: "Asia/Karachi", BD: "Asia/Dhaka", SG: "Asia/Singapore",
  MY: "Asia/Kuala_Lumpur", TH: "Asia/Bangkok", VN: "Asia/Ho_Chi_Minh", PH: "Asia/Manila", HK: "Asia/Hong_Kong",
  CN: "Asia/Shanghai", TW: "Asia/Taipei", JP: "Asia/Tokyo", KR: "Asia/Seoul", NZ: "Pacific/Auckland",
  AR: "America/Argentina/Buenos_Aires", CL: "America/Santiago", CO: "America/Bogota", PE: "America/Lima",
  MX: "America/Mexico_City", BR: "America/Sao_Paulo", AU: "Australia/Sydney", RU: "Europe/Moscow",
  ID: "Asia/Jakarta", PR: "America/Puerto_Rico", JM: "America/Jamaica", DO: "America/Santo_Domingo",
};

/** The zone for an E.164 number in `country`, or null when we cannot tell. */
export function timezoneForNumber(e164: string, country: string | null): string | null {
  if (e164.startsWith("+1")) {
    const place = areaCodePlace(e164);
    if (place) return place.timeZone;
    if (country === "US" || country === "CA" || country === null) return null;
  }
  return country ? (COUNTRY_ZONE[country] ?? null) : null;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
