import { describe, expect, it } from "vitest";
import { parsePhone } from "./phone";
import { timezoneForNumber } from "./timezones";

describe("parsePhone", () => {
  it.each([
    ["(415) 555-0123", "US", "+14155550123"],
    ["415.555.0123", "US", "+14155550123"],
    ["4155550123", "US", "+14155550123"],
    ["+1 415 555 0123", "FR", "+14155550123"],
    ["1-415-555-0123", "US", "+14155550123"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 20 7946 0958", "US", "+442079460958"],
    ["0044 20 7946 0958", "US", "+442079460958"],
    ["01 42 68 53 00", "FR", "+33142685300"],
    ["030 901820", "DE", "+4930901820"],
    ["(02) 9374 4000", "AU", "+61293744000"],
    ["604-555-0199", "CA", "+16045550199"],
  ])("reads %s (default %s) as %s", (input, country, e164) => {
    const result = parsePhone(input, country);
    expect(result).toMatchObject({ ok: true, phone: { e164 } });
  });

  it("keeps the extension apart from the number", () => {
    for (const input of ["(415) 555-0123 ext. 42", "415-555-0123 x42", "+1 415 555 0123 ext 42"]) {
      expect(parsePhone(input, "US")).toMatchObject({ ok: true, phone: { e164: "+14155550123", extension: "42" } });
    }
  });

  it("uses the business's country only for numbers written without a country code", () => {
    expect(parsePhone("020 7946 0958", "US").ok).toBe(false);
    expect(parsePhone("+44 20 7946 0958", "US")).toMatchObject({ ok: true, phone: { country: "GB" } });
  });

  it("refuses text and numbers too short to dial", () => {
    expect(parsePhone("call me", "US")).toMatchObject({ ok: false });
    expect(parsePhone("12", "US")).toMatchObject({ ok: false });
    expect(parsePhone("", "US")).toMatchObject({ ok: false, reason: "Phone number is empty" });
  });

  it("derives the zone from the US/Canadian area code or the country", () => {
    expect(parsePhone("(415) 555-0123", "US")).toMatchObject({ ok: true, phone: { timezone: "America/Los_Angeles" } });
    expect(parsePhone("(312) 555-0100", "US")).toMatchObject({ ok: true, phone: { timezone: "America/Chicago" } });
    expect(parsePhone("(212) 555-0100", "US")).toMatchObject({ ok: true, phone: { timezone: "America/New_York" } });
    expect(parsePhone("604-555-0199", "CA")).toMatchObject({ ok: true, phone: { timezone: "America/Vancouver" } });
    expect(parsePhone("+44 20 7946 0958", "US")).toMatchObject({ ok: true, phone: { timezone: "Europe/London" } });
    expect(parsePhone("+33 1 42 68 53 00", "US")).toMatchObject({ ok: true, phone: { timezone: "Europe/Paris" } });
    // Codes the guard's complete table covers: smaller states, overlays, territories.
    expect(parsePhone("(208) 555-0100", "US")).toMatchObject({ ok: true, phone: { timezone: "America/Boise" } });
    expect(parsePhone("(907) 555-0100", "US")).toMatchObject({ ok: true, phone: { timezone: "America/Anchorage" } });
    expect(parsePhone("(787) 555-0100", "US")).toMatchObject({ ok: true, phone: { timezone: "America/Puerto_Rico" } });
  });

  it("gives no zone for an area code it does not know, so the business's applies", () => {
    expect(timezoneForNumber("+19995550100", "US")).toBeNull();
  });
});
