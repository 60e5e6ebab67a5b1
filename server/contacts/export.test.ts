import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createContact } from "./contacts";
import { exportContactsCsv } from "./export";
import { importContacts } from "./import";
import { asTenant, newBusiness } from "./test-helpers";

describe("CSV export", () => {
  it("streams every contact of the filter page by page, quoting what needs it", async () => {
    const biz = await newBusiness();
    const lines = await asTenant(biz.id, async (ctx) => {
      await createContact(ctx, { givenName: "Ann", familyName: "O'Neil, Jr.", phone: "415 555 0171", tags: ["vip", "b"], doNotCall: true });
      await ctx.db.contact.createMany({
        data: Array.from({ length: 2_100 }, (_, i) => ({ tenantId: biz.id, givenName: `P${i}`, familyName: "Bulk", timezone: "UTC", tags: i % 2 ? ["vip"] : [] })),
      });
      const chunks: string[] = [];
      for await (const chunk of exportContactsCsv(ctx, { tag: "vip" })) chunks.push(chunk);
      // More than one page: the export never asked for the whole table at once.
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      return chunks.join("").split("\r\n").filter(Boolean);
    }, 120_000);
    expect(lines[0]).toBe("\uFEFFid,first name,last name,company,title,phone,alternate phone,email,tags,source,do not call,timezone,created");
    expect(lines).toHaveLength(1 + 1 + 1_050);
    expect(lines.find((l) => l.includes("Ann"))).toMatch(/,Ann,"O'Neil, Jr\.",,,\+14155550171,,,"vip, b",manual,yes,America\/Los_Angeles,/);
  });

  it("writes a file the importer reads back without creating anyone twice", async () => {
    const biz = await newBusiness();
    const csv = await asTenant(biz.id, async (ctx) => {
      await createContact(ctx, { givenName: "Round", familyName: "Trip", phone: "415 555 0172", email: "rt@example.com", tags: ["x"] });
      let text = "";
      for await (const chunk of exportContactsCsv(ctx, {})) text += chunk;
      return text;
    });
    const result = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]));
    expect(result).toMatchObject({ created: 0, skipped: 1, rejectedCount: 0 });
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const biz = await newBusiness();
    const csv = await asTenant(biz.id, async (ctx) => {
      await createContact(ctx, { givenName: "=HYPERLINK(\"http://evil\")", company: "Evil" });
      let out = "";
      for await (const chunk of exportContactsCsv(ctx, {})) out += chunk;
      return out;
    });
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
