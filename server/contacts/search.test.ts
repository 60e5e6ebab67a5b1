import { beforeAll, describe, expect, it } from "vitest";
import { createContact } from "./contacts";
import { listContacts, searchContacts } from "./search";
import { asTenant, newBusiness } from "./test-helpers";

const people = [
  { givenName: "John", familyName: "Smith", phone: "(415) 555-0123", email: "john.smith@example.com", company: "Smith Plumbing" },
  { givenName: "Jonathan", familyName: "Smythe", phone: "(312) 555-0199", email: "jsmythe@corp.test" },
  { givenName: "Maria", familyName: "García", phone: "+44 20 7946 0958", email: "maria@garcia.es", company: "Hotel Sol" },
  { givenName: "Mario", familyName: "Rossi", phone: "(212) 555-0100", email: "mario@rossi.it", tags: ["vip"] },
  { givenName: "Priya", familyName: "Patel", phone: "(646) 555-0177", company: "Bright Smile Dental", tags: ["vip"], doNotCall: true },
  { givenName: "Zoë", familyName: "Müller", phone: "(718) 555-0142", source: "calcom" },
];

let tenantId = "";
beforeAll(async () => {
  tenantId = (await newBusiness()).id;
  await asTenant(tenantId, async (ctx) => {
    for (const p of people) await createContact(ctx, p);
    for (let i = 0; i < 30; i += 1) await createContact(ctx, { givenName: `Filler${i}`, familyName: `Person${String(i).padStart(2, "0")}` });
  });
});

const search = (q: string) => asTenant(tenantId, (ctx) => searchContacts(ctx, { q }));
const names = (hits: { givenName: string; familyName: string }[]) => hits.map((h) => `${h.givenName} ${h.familyName}`);

describe("contact search", () => {
  it.each(["(415) 555-0123", "4155550123", "+1 415 555 0123", "415.555.0123", "1-415-555-0123"])(
    "finds a contact by phone typed as %s",
    async (q) => {
      const hits = await search(q);
      expect(names(hits)[0]).toBe("John Smith");
      expect(hits[0]!.score).toBe(1);
    },
  );

  it("finds by a partial number, the line number ranked first", async () => {
    expect(names(await search("555-0123"))).toEqual(["John Smith"]);
    expect(names(await search("+1 415"))).toEqual(["John Smith"]);
    expect(names(await search("7946 0958"))).toEqual(["Maria García"]);
  });

  it("finds by e-mail, whole or its beginning, in any case", async () => {
    expect(names(await search("John.Smith@example.com"))).toEqual(["John Smith"]);
    expect(names(await search("mario@"))).toEqual(["Mario Rossi"]);
    expect(names(await search("jsmythe"))).toEqual(["Jonathan Smythe"]);
  });

  it("ranks a name that starts with the query above similar ones", async () => {
    const hits = await search("john");
    expect(names(hits)[0]).toBe("John Smith");
  });

  it("tolerates typos and partial words", async () => {
    expect(names(await search("jon smith"))).toContain("John Smith");
    expect(names(await search("smth"))).toContain("John Smith");
    expect(names(await search("mari garc"))[0]).toBe("Maria García");
    expect(names(await search("rosi"))).toContain("Mario Rossi");
    expect(names(await search("patl priya"))).toEqual(["Priya Patel"]);
  });

  it("corrects a typo in the first name against the business's name words", async () => {
    expect(names(await search("jonh smith"))[0]).toBe("John Smith");
    expect(names(await search("mraio"))[0]).toBe("Mario Rossi");
  });

  it("corrects a typo in the family name, in either order", async () => {
    expect(names(await search("priya patle"))).toEqual(["Priya Patel"]);
    expect(names(await search("smtyhe jonathan"))).toEqual(["Jonathan Smythe"]);
  });

  it("completes a partial first word and corrects the next", async () => {
    expect(names(await search("jonat smyth"))).toEqual(["Jonathan Smythe"]);
    expect(names(await search("pri patl"))).toEqual(["Priya Patel"]);
  });

  it("knows names added after the first search (the word table follows inserts and updates)", async () => {
    const biz = await newBusiness();
    const found = await asTenant(biz.id, async (ctx) => {
      const c = await createContact(ctx, { givenName: "Quentin", familyName: "Tarrant" });
      const before = await searchContacts(ctx, { q: "quentin tarrnat" });
      await ctx.db.contact.update({ where: { id: c.id }, data: { familyName: "Blackwood" } });
      const after = await searchContacts(ctx, { q: "quentin blakcwood" });
      return [before.map((h) => h.familyName), after.map((h) => h.familyName)];
    });
    expect(found).toEqual([["Tarrant"], ["Blackwood"]]);
  });

  it("ranks corrections below names that really start with the query", async () => {
    const hits = await search("jonh");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.score < 1)).toBe(true);
  });

  it("finds by company and by accented names", async () => {
    expect(names(await search("bright smile"))).toEqual(["Priya Patel"]);
    expect(names(await search("plumbing"))).toEqual(["John Smith"]);
    expect(names(await search("müller"))).toEqual(["Zoë Müller"]);
  });

  it("returns nothing for an unrelated query", async () => {
    expect(await search("xylophone")).toEqual([]);
  });

  it("searches only the business's own contacts", async () => {
    const other = await newBusiness();
    // Each path: prefix, trigram (through the SECURITY DEFINER lookup), partial and full phone.
    for (const q of ["john", "jon smth", "555-0123", "(415) 555-0123", "john.smith@example.com"]) {
      expect(await asTenant(other.id, (ctx) => searchContacts(ctx, { q }))).toEqual([]);
    }
  });
});

describe("contact list", () => {
  it("pages through every contact by name with a cursor, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await asTenant(tenantId, (ctx) => listContacts(ctx, { limit: 7, cursor }));
      seen.push(...page.items.map((c) => c.familyName));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(36);
    expect(new Set(seen).size).toBe(36);
    expect(seen).toEqual([...seen].sort());
  });

  it("sorts by creation time both ways across pages", async () => {
    const first = await asTenant(tenantId, (ctx) => listContacts(ctx, { sort: "createdAt", dir: "desc", limit: 20 }));
    const second = await asTenant(tenantId, (ctx) => listContacts(ctx, { sort: "createdAt", dir: "desc", limit: 20, cursor: first.nextCursor! }));
    const all = [...first.items, ...second.items];
    expect(all).toHaveLength(36);
    expect(all[0]!.givenName).toBe("Filler29");
    expect(all.at(-1)!.givenName).toBe("John");
    expect(second.nextCursor).toBeNull();
  });

  it("filters by tag, do-not-call and source", async () => {
    const list = (f: object) => asTenant(tenantId, (ctx) => listContacts(ctx, f)).then((p) => names(p.items));
    expect(await list({ tag: "VIP" })).toEqual(["Priya Patel", "Mario Rossi"]);
    expect(await list({ tag: "vip", doNotCall: false })).toEqual(["Mario Rossi"]);
    expect(await list({ source: "calcom" })).toEqual(["Zoë Müller"]);
    expect(await list({ q: "rossi", tag: "vip" })).toEqual(["Mario Rossi"]);
  });
});
