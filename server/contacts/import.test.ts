import { createReadStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { suggestMapping } from "./column-mapping";
import { createContact } from "./contacts";
import { importContacts, rejectionsCsv, timeOrderedId, type ImportOptions } from "./import";
import { asTenant, newBusiness } from "./test-helpers";

const fixture = (name: string) => createReadStream(join(import.meta.dirname, "fixtures", name));

function importFile(tenantId: string, name: string, options?: ImportOptions) {
  return importContacts({ tenantId, actorId: null }, fixture(name), options);
}

function contactsOf(tenantId: string) {
  return systemDb().contact.findMany({ where: { tenantId }, orderBy: [{ familyName: "asc" }, { givenName: "asc" }] });
}

describe("column mapping", () => {
  it("recognises header names and synonyms in several languages", () => {
    expect(suggestMapping(["Prénom", "NOM", "Téléphone", "E-Mail Address", "Zip Code", "Organisation", "Whatever"])).toEqual({
      "0": "givenName", "1": "familyName", "2": "phone", "3": "email", "4": "postalCode", "5": "company",
    });
    expect(suggestMapping(["Full Name", "Mobile", "Do Not Call", "Customer ID"])).toEqual({
      "0": "fullName", "1": "phone", "2": "doNotCall", "3": "externalId",
    });
  });
});

describe("CSV import", () => {
  it("reads a UTF-8 file with a BOM, ';' delimiters and French headers", async () => {
    const biz = await newBusiness({ country: "FR", timezone: "Europe/Paris" });
    const result = await importFile(biz.id, "bom-semicolon.csv");
    expect(result).toMatchObject({ created: 2, updated: 0, skipped: 0, rejectedCount: 0 });
    const all = await contactsOf(biz.id);
    const [alvarez, lefevre] = ["José", "Françoise"].map((name) => all.find((c) => c.givenName === name));
    expect(alvarez).toMatchObject({ givenName: "José", familyName: "Álvarez", phone: "+33612345678", email: "jose@exemple.fr", company: "Boulangerie Dupré", city: "Lyon", source: "import", timezone: "Europe/Paris" });
    expect(lefevre).toMatchObject({ givenName: "Françoise", phone: "+33142685300" });
  });

  it("reads tab-separated files and splits tags", async () => {
    const biz = await newBusiness();
    expect(await importFile(biz.id, "tabs.tsv")).toMatchObject({ created: 2, rejectedCount: 0 });
    const [ada] = await contactsOf(biz.id);
    expect(ada).toMatchObject({ givenName: "Ada", familyName: "Lovelace", phone: "+14155550101", tags: ["vip", "math"] });
  });

  it("keeps quoted fields with newlines, commas and quotes, and splits full names", async () => {
    const biz = await newBusiness();
    expect(await importFile(biz.id, "quoted-newlines.csv")).toMatchObject({ created: 2, rejectedCount: 0 });
    const [doe, smith] = await contactsOf(biz.id);
    expect(smith).toMatchObject({ givenName: "John", familyName: "Smith", company: "Smith & Sons, Inc.", notes: 'Line one\nline two, with comma\nand a "quote"' });
    expect(doe).toMatchObject({ givenName: "Jane", familyName: "Doe" });
  });

  it("imports non-Latin names and international numbers intact", async () => {
    const biz = await newBusiness();
    expect(await importFile(biz.id, "non-latin.csv")).toMatchObject({ created: 4, rejectedCount: 0 });
    const all = await contactsOf(biz.id);
    const byPhone = Object.fromEntries(all.map((c) => [c.phone, c]));
    expect(byPhone["+81312345678"]).toMatchObject({ givenName: "山田", familyName: "太郎", timezone: "Asia/Tokyo" });
    expect(byPhone["+861065529988"]).toMatchObject({ givenName: "李小龙", familyName: "" });
    expect(byPhone["+74951234567"]).toMatchObject({ givenName: "Анна", familyName: "Каренина", timezone: "Europe/Moscow" });
    expect(byPhone["+97141234567"]).toMatchObject({ givenName: "محمد", familyName: "علي" });
  });

  it("skips blank lines and lines of bare delimiters (CRLF file)", async () => {
    const biz = await newBusiness();
    expect(await importFile(biz.id, "blank-lines.csv")).toMatchObject({ processedRows: 2, created: 2, rejectedCount: 0 });
  });

  it("rejects bad rows with their line and reason while importing the good ones", async () => {
    const biz = await newBusiness();
    const result = await importFile(biz.id, "bad-rows.csv");
    expect(result).toMatchObject({ created: 2, updated: 0, skipped: 0, rejectedCount: 5 });
    expect(result.rejections.map((r) => [r.line, r.reason])).toEqual([
      [3, 'phone: "call me maybe" is not a phone number'],
      [4, "email: Not a valid e-mail address"],
      [5, "No name, company, phone or e-mail"],
      [6, 'doNotCall: "perhaps" is not yes or no'],
      [7, "country: Use a two-letter country code"],
    ]);
    const stored = await contactsOf(biz.id);
    expect(stored.map((c) => [c.familyName, c.doNotCall])).toEqual([["One", false], ["Two", true]]);

    const report = [...rejectionsCsv(result.headers, result.rejections)].join("");
    expect(report.split("\r\n")[0]).toBe("line,reason,first name,last name,phone,email,do not call,country");
    expect(report).toContain('3,"phone: ""call me maybe"" is not a phone number",Bad,Phone,call me maybe,,,\r\n');
  });

  it("creates nothing new when the same file is imported twice", async () => {
    const biz = await newBusiness();
    const first = await importFile(biz.id, "upsert-v1.csv");
    expect(first).toMatchObject({ created: 4, updated: 0, skipped: 0 });
    const again = await importFile(biz.id, "upsert-v1.csv");
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 4, rejectedCount: 0 });
    expect(await systemDb().contact.count({ where: { tenantId: biz.id } })).toBe(4);
  });

  it("updates by external id, then phone, then e-mail, and never blanks what the file leaves empty", async () => {
    const biz = await newBusiness();
    await importFile(biz.id, "upsert-v1.csv");
    const result = await importFile(biz.id, "upsert-v2.csv");
    expect(result).toMatchObject({ created: 1, updated: 3, skipped: 0 });
    const byName = Object.fromEntries((await contactsOf(biz.id)).map((c) => [c.givenName, c]));
    // By external id, although the phone changed: the old number moves to the alternate slot.
    expect(byName.Carla).toMatchObject({ familyName: "Cruz-Moreno", phone: "+14155550199", altPhone: "+14155550141", title: "CEO", tags: ["gold", "silver"] });
    expect(byName.Eve).toMatchObject({ title: "Manager", email: "eve@example.com" });
    expect(byName.Finn).toMatchObject({ title: "Intern" });
    expect(byName.New).toMatchObject({ phone: "+14155550144" });
    expect(Object.keys(byName)).toHaveLength(5);
    const links = await systemDb().contactExternalId.findMany({ where: { tenantId: biz.id }, orderBy: { externalId: "asc" } });
    expect(links.map((l) => [l.externalId, l.contactId])).toEqual([["C-1", byName.Carla!.id], ["C-2", byName.Dan!.id], ["C-3", byName.New!.id]]);
  });

  it("matches contacts created by hand, and a person repeated in the file, across batch boundaries", async () => {
    const biz = await newBusiness();
    const existing = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Hal", phone: "+1 415 555 0152" }));
    const result = await importFile(biz.id, "repeated-person.csv", { batchSize: 1 });
    expect(result).toMatchObject({ created: 1, updated: 1, skipped: 1 });
    const stored = await contactsOf(biz.id);
    expect(stored).toHaveLength(2);
    expect(stored.find((c) => c.id === existing.id)).toMatchObject({ familyName: "Hart" });
  });

  it("merges a person repeated within one batch into one contact", async () => {
    const biz = await newBusiness();
    const result = await importFile(biz.id, "repeated-person.csv");
    expect(result).toMatchObject({ created: 2, skipped: 1 });
    expect(await systemDb().contact.count({ where: { tenantId: biz.id } })).toBe(2);
  });

  it("uses a mapping confirmed by the user instead of the guess, and reports progress", async () => {
    const biz = await newBusiness();
    const progress: number[] = [];
    const csv = "col a,col b\nWeird Header Co,415-555-0161\nOther Co,415-555-0162\nThird Co,415-555-0163\n";
    const result = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { mapping: { "0": "company", "1": "phone" }, batchSize: 2, onProgress: (p) => void progress.push(p.processedRows) });
    expect(result.created).toBe(3);
    expect(progress).toEqual([2, 3]);
    expect((await contactsOf(biz.id)).map((c) => c.company).sort()).toEqual(["Other Co", "Third Co", "Weird Header Co"]);
  });

  it("merges a person the file repeats in a later batch, by e-mail, moving the old number to the alternate slot", async () => {
    const biz = await newBusiness();
    const csv = [
      "first name,last name,phone,email",
      "Inès,Dupré,415-555-0171,ines@example.com",
      "Zoë,Müller,415-555-0172,zoe@example.com",
      // Third row: the next batch (batchSize 2). Same person as the first, new number.
      "Inès,Dupré,(415) 555-0179,INES@example.com",
    ].join("\n");
    const result = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 2 });
    expect(result).toMatchObject({ created: 2, updated: 1, skipped: 0, rejectedCount: 0 });
    const ines = (await contactsOf(biz.id)).filter((c) => c.givenName === "Inès");
    expect(ines).toHaveLength(1);
    expect(ines[0]).toMatchObject({ familyName: "Dupré", email: "ines@example.com", phone: "+14155550179", altPhone: "+14155550171" });
  });

  it("matches each row against what the batches before it left, even before their rows are in", async () => {
    // One row a batch: each batch's lookup is sent before the previous batch's rows are written,
    // so the previous batch's contacts are laid over it (writeBatch).
    const biz = await newBusiness();
    const csv = [
      "first name,last name,phone,email",
      "Ann,Lee,415-555-0181,ann@example.com",
      "Ann,Lee,415-555-0182,ann@example.com", // same person: 0182 main, 0181 alternate
      "Ann,Lee,415-555-0183,ann@example.com", // 0183 main; the alternate slot is taken, so 0182 is dropped
      "Carl,Moss,415-555-0182,", // 0182 belongs to nobody now: a new contact
      "Ann,Lee,415-555-0181,", // Ann's alternate number: nothing new
    ].join("\n");
    const result = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 1 });
    expect(result).toMatchObject({ created: 2, updated: 2, skipped: 1, rejectedCount: 0 });
    const stored = await contactsOf(biz.id);
    expect(stored.map((c) => [c.givenName, c.phone, c.altPhone, c.email])).toEqual([
      ["Ann", "+14155550183", "+14155550181", "ann@example.com"],
      ["Carl", "+14155550182", null, null],
    ]);
  });

  it("records where each contact's time zone came from: the file, the number, or the business", async () => {
    const biz = await newBusiness();
    const csv = [
      "first name,phone,email,time zone",
      "Named,+44 20 7946 0101,,Europe/Dublin",
      "Numbered,+81 3 1234 5678,,",
      "Guessed,,guessed@example.com,",
    ].join("\n");
    const run = () => importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]));
    expect(await run()).toMatchObject({ created: 3 });
    const byName = Object.fromEntries((await contactsOf(biz.id)).map((c) => [c.givenName, [c.timezone, c.timezoneSource]]));
    expect(byName).toEqual({ Named: ["Europe/Dublin", "explicit"], Numbered: ["Asia/Tokyo", "phone"], Guessed: [biz.timezone, "business"] });
    // Again: nothing changes, and a zone the file now names for a known contact becomes explicit.
    expect(await run()).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(await importContacts({ tenantId: biz.id, actorId: null }, Readable.from(["email,time zone\nguessed@example.com,America/Denver\n"]))).toMatchObject({ updated: 1 });
    const guessed = (await contactsOf(biz.id)).find((c) => c.givenName === "Guessed");
    expect([guessed?.timezone, guessed?.timezoneSource]).toEqual(["America/Denver", "explicit"]);
  });

  it("changes nothing when a file with consent, do-not-call and tags is imported again", async () => {
    const biz = await newBusiness();
    const csv = [
      "customer id,first name,phone,email,tags,do not call,consent",
      "K-1,Ana,415-555-0181,ana@example.com,vip;lead,yes,granted",
      "K-2,Bo,415-555-0182,,newsletter,no,denied",
      "K-3,Cy,,cy@example.com,,,",
    ].join("\n");
    const run = () => importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 2 });
    expect(await run()).toMatchObject({ created: 3, updated: 0, skipped: 0 });
    const before = await contactsOf(biz.id);
    expect(before.find((c) => c.givenName === "Ana")).toMatchObject({ doNotCall: true, consentStatus: "granted", consentSource: "csv import", tags: ["vip", "lead"] });
    expect(await run()).toMatchObject({ created: 0, updated: 0, skipped: 3, rejectedCount: 0 });
    const after = await contactsOf(biz.id);
    // Same rows, same consent timestamps, untouched (updatedAt unchanged).
    expect(after.map((c) => [c.id, c.consentAt?.getTime() ?? null, c.updatedAt.getTime()])).toEqual(
      before.map((c) => [c.id, c.consentAt?.getTime() ?? null, c.updatedAt.getTime()]),
    );
  });

  it("refreshes planner statistics that count far fewer contacts than the import has written", async () => {
    // As on a new install: "Contact" never analysed. Planned from such statistics, the batch
    // lookups could walk an unrelated index for every key (an import sat for minutes).
    const tables = `('"Contact"'::regclass, '"ContactExternalId"'::regclass)`;
    await systemDb().$executeRawUnsafe(`DELETE FROM pg_statistic WHERE starelid IN ${tables}`);
    await systemDb().$executeRawUnsafe(`UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid IN ${tables}`);
    const biz = await newBusiness();
    const rows = Array.from({ length: 3_000 }, (_, i) => `X-${i},Person${i},415-7${String(i).padStart(6, "0")},p${i}@example.com`);
    const csv = ["customer id,first name,phone,email", ...rows].join("\n");
    const result = await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 1_000 });
    expect(result.created).toBe(3_000);
    const [stats] = await systemDb().$queryRaw<{ counted: number; columns: number }[]>`
      SELECT reltuples::float8 AS counted, (SELECT count(*)::int FROM pg_statistic WHERE starelid = '"Contact"'::regclass) AS columns
      FROM pg_class WHERE oid = '"Contact"'::regclass`;
    expect(stats!.counted).toBeGreaterThanOrEqual(1_000);
    expect(stats!.columns).toBeGreaterThan(0);
    // Sound statistics are left alone: no ANALYZE on every batch of an ordinary import.
    const analysed = await systemDb().$queryRaw<{ at: Date | null }[]>`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'Contact'`;
    await asTenant(biz.id, (ctx) => ctx.db.$queryRaw`SELECT contact_import_refresh_stats(10)`);
    expect(await systemDb().$queryRaw`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'Contact'`).toEqual(analysed);
  });

  it("records who imported what in the audit trail, in the import's transaction", async () => {
    const biz = await newBusiness();
    await importFile(biz.id, "upsert-v1.csv");
    const entries = await systemDb().auditLog.findMany({ where: { tenantId: biz.id, action: "contact.imported" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.meta).toEqual({ created: 4, updated: 0, skipped: 0, rejected: 0 });
    expect(Math.abs(entries[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("keeps nothing when the database refuses a batch after earlier ones were written", async () => {
    const biz = await newBusiness();
    // A database-side failure on the third batch (of 2 rows), while the writes of the batches
    // before it may still be queued on the connection.
    await systemDb().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION test_refuse_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."givenName" = 'Refused' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await systemDb().$executeRawUnsafe(`CREATE TRIGGER test_refuse_contact BEFORE INSERT ON "Contact" FOR EACH ROW EXECUTE FUNCTION test_refuse_contact()`);
    try {
      const csv = ["first name,phone", "A,415-555-0301", "B,415-555-0302", "C,415-555-0303", "D,415-555-0304", "Refused,415-555-0305", "F,415-555-0306"].join("\n");
      await expect(importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 2 })).rejects.toThrow(/refused by test/);
    } finally {
      await systemDb().$executeRawUnsafe(`DROP TRIGGER test_refuse_contact ON "Contact"`);
    }
    expect(await systemDb().contact.count({ where: { tenantId: biz.id } })).toBe(0);
    expect(await systemDb().auditLog.count({ where: { tenantId: biz.id } })).toBe(0);
    // The connection went back to the pool clean: the next import works.
    expect(await importContacts({ tenantId: biz.id, actorId: null }, Readable.from(["first name,phone\nG,415-555-0307\n"]))).toMatchObject({ created: 1 });
  });

  it("keeps nothing when the file fails while batches are being written, and sends nothing after the rollback", async () => {
    const biz = await newBusiness();
    async function* brokenUpload() {
      yield "first name,phone\n";
      for (let i = 0; i < 40; i++) yield `P${i},415-555-${String(1000 + i)}\n`;
      throw new Error("upload connection reset");
    }
    await expect(importContacts({ tenantId: biz.id, actorId: null }, brokenUpload(), { batchSize: 2 })).rejects.toThrow("upload connection reset");
    expect(await systemDb().contact.count({ where: { tenantId: biz.id } })).toBe(0);
    // Every connection of the pool is clean: imports (ten, more than the pool holds) still work.
    const again = await Promise.all(
      Array.from({ length: 10 }, (_, i) => importContacts({ tenantId: biz.id, actorId: null }, Readable.from([`first name,phone\nQ${i},415-555-${2000 + i}\n`]))),
    );
    expect(again.map((r) => r.created)).toEqual(Array(10).fill(1));
  });

  it("keeps tags, notes and names with quotes, backslashes, braces and NULL-like text intact, on create and on update", async () => {
    const biz = await newBusiness();
    const csv = [
      "first name,last name,phone,tags,notes",
      `"O'Brien ""Bob""",NULL,415-555-0401,"say ""hi"";back\\slash;{braces};null","a\\b {c} ""d"""`,
    ].join("\n");
    expect(await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]))).toMatchObject({ created: 1 });
    const [bob] = await contactsOf(biz.id);
    expect(bob).toMatchObject({ givenName: 'O\'Brien "Bob"', familyName: "NULL", tags: ['say "hi"', "back\\slash", "{braces}", "null"], notes: 'a\\b {c} "d"' });
    // Merged on update: the stored tags go back through the same encoding.
    const again = `phone,tags\n415-555-0401,"x""y"`;
    expect(await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([again]))).toMatchObject({ updated: 1 });
    expect((await contactsOf(biz.id))[0]!.tags).toEqual(['say "hi"', "back\\slash", "{braces}", "null", 'x"y']);
  });

  it("adds every name and company word of what it wrote to the business's name words", async () => {
    const biz = await newBusiness();
    const words = async () => {
      const stored = await systemDb().$queryRaw<{ word: string }[]>`SELECT word FROM "ContactNameWord" WHERE "tenantId" = ${biz.id} ORDER BY word COLLATE "C"`;
      // What the triggers would have kept: the words of every contact's searchName.
      const derived = await systemDb().$queryRaw<{ word: string }[]>`
        SELECT DISTINCT w.word COLLATE "C" AS word FROM "Contact" c CROSS JOIN LATERAL regexp_split_to_table(c."searchName", '\\s+') AS w(word)
        WHERE c."tenantId" = ${biz.id} AND w.word <> '' ORDER BY 1`;
      return { stored: stored.map((r) => r.word), derived: derived.map((r) => r.word) };
    };
    const csv = ["first name,last name,company,phone", "Ãnna  Maria,DE LA CRUZ,Blue  Cedar Ltd,415-555-0501", "Łukasz,Wiśniewski,,415-555-0502", "İlker,Öztürk,ACME Dental,415-555-0503"].join("\n");
    await importContacts({ tenantId: biz.id, actorId: null }, Readable.from([csv]), { batchSize: 2 });
    let seen = await words();
    expect(seen.stored).toEqual(seen.derived);
    expect(seen.stored).toEqual(expect.arrayContaining(["ãnna", "maria", "de", "la", "cruz", "blue", "cedar", "łukasz", "wiśniewski", "öztürk", "acme", "dental"]));
    // An update through the import (new company for a known number) adds its words too.
    await importContacts({ tenantId: biz.id, actorId: null }, Readable.from(["phone,company\n415-555-0502,Kraków Bakery\n"]));
    seen = await words();
    expect(seen.stored).toEqual(expect.arrayContaining(["kraków", "bakery"]));
    expect(seen.stored).toEqual(seen.derived);
    // Contacts written any other way still go through the triggers.
    await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Zephyrine", phone: "+1 415 555 0504" }));
    expect((await words()).stored).toContain("zephyrine");
  });

  it("gives new contacts time-ordered UUIDs (version 7)", () => {
    const ids = Array.from({ length: 5_000 }, () => timeOrderedId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const ms = parseInt(ids[0]!.replace(/-/g, "").slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  it("refuses a file whose columns mean nothing, importing nothing", async () => {
    const biz = await newBusiness();
    await expect(importContacts({ tenantId: biz.id, actorId: null }, Readable.from(["foo,bar\n1,2\n"]))).rejects.toThrow(/No column/);
    await expect(importContacts({ tenantId: biz.id, actorId: null }, Readable.from([""]))).rejects.toThrow(/empty/);
  });
});
