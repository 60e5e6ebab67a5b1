// The NANP table: real codes land in their state/province and zone, every zone is one this
// runtime knows, and numbers that say nothing about a place (toll free, other countries) say nothing.
import { describe, expect, it } from "vitest";
import { isValidTimeZone } from "../scheduling/zoned-time";
import { AREA_CODES, areaCodePlace, normalizeRegion } from "./area-codes";

const place = (code: string) => {
  const p = areaCodePlace(`+1${code}5550123`);
  return p && [p.country, p.region, p.timeZone];
};

describe("area code -> state/province and zone", () => {
  it.each([
    ["212", "US", "NY", "America/New_York"],
    ["718", "US", "NY", "America/New_York"],
    ["415", "US", "CA", "America/Los_Angeles"],
    ["213", "US", "CA", "America/Los_Angeles"],
    ["305", "US", "FL", "America/New_York"],
    ["850", "US", "FL", "America/Chicago"],
    ["907", "US", "AK", "America/Anchorage"],
    ["808", "US", "HI", "Pacific/Honolulu"],
    ["312", "US", "IL", "America/Chicago"],
    ["512", "US", "TX", "America/Chicago"],
    ["915", "US", "TX", "America/Denver"],
    ["602", "US", "AZ", "America/Phoenix"],
    ["303", "US", "CO", "America/Denver"],
    ["801", "US", "UT", "America/Denver"],
    ["401", "US", "RI", "America/New_York"],
    ["205", "US", "AL", "America/Chicago"],
    ["504", "US", "LA", "America/Chicago"],
    ["601", "US", "MS", "America/Chicago"],
    ["215", "US", "PA", "America/New_York"],
    ["202", "US", "DC", "America/New_York"],
    ["865", "US", "TN", "America/New_York"],
    ["615", "US", "TN", "America/Chicago"],
    ["219", "US", "IN", "America/Chicago"],
    ["317", "US", "IN", "America/Indiana/Indianapolis"],
    ["208", "US", "ID", "America/Boise"],
    ["787", "US", "PR", "America/Puerto_Rico"],
    ["939", "US", "PR", "America/Puerto_Rico"],
    ["671", "US", "GU", "Pacific/Guam"],
    ["416", "CA", "ON", "America/Toronto"],
    ["514", "CA", "QC", "America/Toronto"],
    ["604", "CA", "BC", "America/Vancouver"],
    ["403", "CA", "AB", "America/Edmonton"],
    ["306", "CA", "SK", "America/Regina"],
    ["709", "CA", "NL", "America/St_Johns"],
    ["902", "CA", "NS", "America/Halifax"],
    ["876", "JM", null, "America/Jamaica"],
    ["809", "DO", null, "America/Santo_Domingo"],
  ])("%s is %s-%s in %s", (code, country, region, zone) => {
    expect(place(code)).toEqual([country, region, zone]);
  });

  it("includes overlays (a new code serves the same place as the old one)", () => {
    for (const [overlay, base] of [["332", "212"], ["628", "415"], ["645", "305"], ["483", "334"], ["457", "318"], ["942", "416"], ["236", "604"], ["771", "202"]]) {
      expect(place(overlay!)).toEqual(place(base!));
    }
  });

  it("covers every state, DC and every province with a coded list", () => {
    const regions = new Set([...AREA_CODES.values()].map((p) => `${p.country}-${p.region}`));
    const states = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(" ");
    for (const s of states) expect(regions.has(`US-${s}`), s).toBe(true);
    for (const p of ["AB", "BC", "MB", "NB", "NL", "NS", "ON", "QC", "SK", "YT"]) expect(regions.has(`CA-${p}`), p).toBe(true);
    expect(AREA_CODES.size).toBeGreaterThan(400);
  });

  it("uses only time zones this runtime knows", () => {
    for (const p of AREA_CODES.values()) expect(isValidTimeZone(p.timeZone), `${p.areaCode} ${p.timeZone}`).toBe(true);
  });

  it("says nothing for toll-free, non-geographic, unassigned or non-NANP numbers", () => {
    for (const n of ["+18005550123", "+18885550123", "+19005550123", "+15005550123", "+19995550123", "+447700900123", "+33612345678", "+1212555012", "", null]) {
      expect(areaCodePlace(n)).toBeNull();
    }
  });
});

describe("normalizeRegion", () => {
  it("reads codes, names and ISO prefixes", () => {
    expect(normalizeRegion(" ny ")).toBe("NY");
    expect(normalizeRegion("New  York")).toBe("NY");
    expect(normalizeRegion("US-UT")).toBe("UT");
    expect(normalizeRegion("Ontario")).toBe("ON");
    expect(normalizeRegion("Québec")).toBe("QC");
    expect(normalizeRegion("Narnia")).toBeNull();
    expect(normalizeRegion("")).toBeNull();
    expect(normalizeRegion(null)).toBeNull();
  });
});
