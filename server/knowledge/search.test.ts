import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { createArticle, deleteArticle, getArticle, listArticles, updateArticle, uploadArticle } from "./articles";
import { MATCH_END, MATCH_START, SEARCH_SQL, snippetParts, toHit, type Row } from "./search";
import { searchKnowledge } from "./run-search";
import { tinyPdf } from "./test-pdf";
import { asTenant, newBusiness } from "./test-helpers";

/** A small but realistic knowledge base: hours, prices, parking, policies and a Q&A pair. */
async function salon() {
  const biz = await newBusiness();
  const ids = await asTenant(biz.id, async (ctx) => ({
    visiting: await createArticle(ctx, {
      title: "Visiting us",
      body: [
        "## Opening hours",
        "We are open Monday to Friday from 9 am to 6 pm and Saturday from 10 am to 4 pm. Closed on Sundays and public holidays.",
        "## Parking",
        "Free parking behind the building. Evening hours parking is on the street.",
      ].join("\n\n"),
      tags: ["location"],
    }),
    prices: await createArticle(ctx, {
      title: "Prices",
      body: "A haircut costs 30 dollars; colour starts at 80 dollars. Gift cards are available for any amount. Extra hours of styling for weddings are billed at 60 dollars an hour.",
    }),
    policy: await createArticle(ctx, {
      title: "Cancellation policy",
      body: "Please cancel at least 24 hours before your appointment. Late cancellations are charged half the price.",
    }),
    walkIns: await createArticle(ctx, { kind: "qa", title: "Do you accept walk-in clients?", body: "Yes, when a stylist is free. Booking ahead is safer on Saturdays." }),
  }));
  return { biz, ids };
}

describe("knowledge search", () => {
  it("with the table analysed (common words dropped from the any-word lookup), still ranks the answer first", async () => {
    const biz = await newBusiness();
    const wheelchair = await asTenant(biz.id, async (ctx) => {
      for (let i = 0; i < 30; i += 1) {
        await createArticle(ctx, { title: `Booking note ${i}`, body: `You can book an appointment online or by phone; every appointment booked gets a reminder (${i}).` });
      }
      return createArticle(ctx, { title: "Access", body: "Wheelchair access is through the side door, which has a ramp. Please book ahead." });
    });
    // PostgreSQL's lexeme statistics are what tell common words from rare ones.
    await systemDb().$executeRawUnsafe(`ANALYZE "KnowledgePassage"`);
    const hits = await searchKnowledge(biz.id, "can I book an appointment if I need wheelchair access with a ramp");
    expect(hits[0]!.articleId).toBe(wheelchair.id);
    // A question made only of common words still finds the passages that hold them.
    const common = await searchKnowledge(biz.id, "book appointment reminder");
    expect(common).toHaveLength(5);
    expect(common.every((h) => h.why.coverage === 1)).toBe(true);
  });

  it("answers a long rambling question (more than twelve words: only the rarest twelve rank)", async () => {
    const biz = await newBusiness();
    const parking = await asTenant(biz.id, async (ctx) => {
      for (let i = 0; i < 30; i += 1) {
        await createArticle(ctx, { title: `Friday note ${i}`, body: `On Friday we work late; after work hours the building is quiet and customers can wait nearby (${i}).` });
      }
      return createArticle(ctx, { kind: "qa", title: "Do you have parking for customers?", body: "Yes, free customer parking is behind the building, on Elm Street." });
    });
    await systemDb().$executeRawUnsafe(`ANALYZE "KnowledgePassage"`);
    const question = "hi so my husband and I were thinking of coming by on friday after work and we wondered whether customers get free parking somewhere near your building or on the street nearby";
    const hits = await searchKnowledge(biz.id, question);
    expect(hits[0]!.why.queryTerms.length).toBeGreaterThan(12);
    expect(hits[0]!.articleId).toBe(parking.id);
    // Coverage still counts every word of the question.
    expect(hits[0]!.why.coverage).toBeCloseTo(hits[0]!.why.matchedTerms.length / hits[0]!.why.queryTerms.length, 6);
  });

  it("ranks the passage that answers the question above ones that merely share a word", async () => {
    const { biz, ids } = await salon();
    const hits = await searchKnowledge(biz.id, "What are your opening hours?");
    expect(hits[0]).toMatchObject({ articleId: ids.visiting.id, heading: "Visiting us › Opening hours" });
    expect(hits[0]!.why.queryTerms.sort()).toEqual(["hour", "open"]);
    expect(hits[0]!.why.matchedTerms.sort()).toEqual(["hour", "open"]);
    // Prices and the cancellation policy mention "hours" too, but answer something else.
    const others = hits.slice(1);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other.score).toBeLessThan(hits[0]!.score);
    expect(snippetParts(hits[0]!.snippet).filter((p) => p.match).map((p) => p.text.toLowerCase())).toContain("open");
  });

  it("still finds opening hours when the question is misspelled", async () => {
    const { biz, ids } = await salon();
    const hits = await searchKnowledge(biz.id, "opning hours");
    expect(hits[0]).toMatchObject({ articleId: ids.visiting.id, heading: "Visiting us › Opening hours" });
    expect(hits[0]!.why.similarity).toBeGreaterThanOrEqual(0.5);
    expect(hits[0]!.why.similarityRank).toBe(1);
    expect(hits[0]!.why.coverage).toBe(0.5); // "opn" is no word of the article; "hour" is
  });

  it("matches a Q&A pair asked in other words", async () => {
    const { biz, ids } = await salon();
    const hits = await searchKnowledge(biz.id, "can I just walk in without booking?");
    expect(hits[0]).toMatchObject({ articleId: ids.walkIns.id, kind: "qa", text: "Yes, when a stylist is free. Booking ahead is safer on Saturdays." });
  });

  it("finds a short question by its heading", async () => {
    const { biz, ids } = await salon();
    const hits = await searchKnowledge(biz.id, "parking");
    expect(hits[0]).toMatchObject({ articleId: ids.visiting.id, heading: "Visiting us › Parking" });
    expect(hits[0]!.snippet).toContain(`${MATCH_START}parking${MATCH_END}`);
  });

  it("returns nothing for a question the business has no words for", async () => {
    const { biz } = await salon();
    expect(await searchKnowledge(biz.id, "do you repair bicycles")).toEqual([]);
    // Only stop words: no full-text query at all, and no similar heading.
    expect(await searchKnowledge(biz.id, "what is it")).toEqual([]);
  });

  it("never shows another business's articles", async () => {
    const { biz } = await salon();
    const other = await newBusiness();
    const secret = await asTenant(other.id, (ctx) => createArticle(ctx, { title: "Opening hours", body: "Open all night, every night." }));
    const hits = await searchKnowledge(biz.id, "opening hours", { limit: 20 });
    expect(hits.map((h) => h.articleId)).not.toContain(secret.id);
    expect((await asTenant(biz.id, (ctx) => listArticles(ctx))).map((a) => a.id)).not.toContain(secret.id);
    await expect(asTenant(biz.id, (ctx) => getArticle(ctx, secret.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asTenant(biz.id, (ctx) => deleteArticle(ctx, secret.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("knowledge search on its own connection (prepared statement)", () => {
  it("answers exactly as the statement does through Prisma in a tenant transaction, and only from the caller's business", async () => {
    const { biz } = await salon();
    const other = await newBusiness();
    const secret = await asTenant(other.id, (ctx) => createArticle(ctx, { title: "Opening hours", body: "Open all night, every night." }));
    // The question travels as an escaped literal (readAsTenant): quotes, backslashes and SQL in it are text.
    const hostile = `o'clock \\'; COMMIT; DELETE FROM "KnowledgeArticle"; -- "hours" $$ E'\\x'`;
    for (const question of ["what are your opening hours", "opning hours", "can I just walk in without booking?", "parking", "what is it", hostile]) {
      // The same statement through Prisma's parameters, in a tenant transaction.
      const inTransaction = (await asTenant(biz.id, (ctx) => ctx.db.$queryRawUnsafe<Row[]>(SEARCH_SQL, question, 5, 5))).map(toHit);
      // Twice: the second call runs the statement prepared on the connection by the first.
      for (let i = 0; i < 2; i++) expect(await searchKnowledge(biz.id, question, { limit: 5 })).toEqual(inTransaction);
    }
    const hits = await searchKnowledge(biz.id, "opening hours", { limit: 20 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.articleId)).not.toContain(secret.id);
    expect((await searchKnowledge(other.id, "opening hours"))[0]?.articleId).toBe(secret.id);
    expect(await systemDb().knowledgeArticle.count({ where: { tenantId: { in: [biz.id, other.id] } } })).toBeGreaterThan(1);
    // The phone agent highlights only its best hit; the order and the rest are the same.
    const all = await searchKnowledge(biz.id, "opening hours", { limit: 3 });
    const first = await searchKnowledge(biz.id, "opening hours", { limit: 3, snippets: 1 });
    expect(all.length).toBeGreaterThan(1);
    expect(first.map((h) => ({ ...h, snippet: "" }))).toEqual(all.map((h) => ({ ...h, snippet: "" })));
    expect(first[0]!.snippet).toBe(all[0]!.snippet);
    expect(first[0]!.snippet).toContain(MATCH_START);
    for (const h of first.slice(1)) expect(h.snippet).toBe(h.text.slice(0, 240));
  });

  it("ranks the answer first when more than 50 passages hold every word of the question", async () => {
    const biz = await newBusiness();
    const answer = await asTenant(biz.id, async (ctx) => {
      for (let i = 0; i < 55; i += 1) {
        await createArticle(ctx, { title: `Notice ${i}`, body: `Our opening hours may change on holiday ${i}; the hours are posted at the door.` });
      }
      return createArticle(ctx, { title: "Opening hours", body: "We are open Monday to Friday from 9 am to 6 pm." });
    });
    const hits = await searchKnowledge(biz.id, "what are your opening hours");
    expect(hits[0]).toMatchObject({ articleId: answer.id });
    expect(hits[0]!.why.coverage).toBe(1);
  });
});

describe("knowledge articles", () => {
  it("re-splits an edited article so search sees the new text at once", async () => {
    const { biz, ids } = await salon();
    await asTenant(biz.id, (ctx) => updateArticle(ctx, { id: ids.prices.id, body: "## Beard trim\n\nA beard trim is 15 dollars." }));
    const hits = await searchKnowledge(biz.id, "beard trim price");
    expect(hits[0]).toMatchObject({ articleId: ids.prices.id, heading: "Prices › Beard trim" });
    expect(await searchKnowledge(biz.id, "gift cards")).toEqual([]);
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: biz.id, action: "knowledge.updated", targetId: ids.prices.id } });
    expect(audit?.meta).toMatchObject({ fields: ["body"] });
  });

  it("turns an uploaded PDF into searchable passages", async () => {
    const biz = await newBusiness();
    const article = await asTenant(biz.id, (ctx) =>
      uploadArticle(ctx, { fileName: "Aftercare.pdf", tags: ["Care"] }, tinyPdf([["Wash coloured hair with cold water."], ["Avoid swimming pools for a week."]])),
    );
    expect(article).toMatchObject({ title: "Aftercare", source: "upload", fileName: "Aftercare.pdf", tags: ["care"] });
    const hits = await searchKnowledge(biz.id, "can I go swimming after colour?");
    expect(hits[0]?.articleId).toBe(article.id);
  });

  it("lists articles with their passage counts, filtered by words, tag and kind", async () => {
    const { biz, ids } = await salon();
    const all = await asTenant(biz.id, (ctx) => listArticles(ctx));
    expect(all).toHaveLength(4);
    expect(all.find((a) => a.id === ids.visiting.id)).toMatchObject({ passageCount: 2, excerpt: expect.stringMatching(/^Opening hours We are open/) });
    expect((await asTenant(biz.id, (ctx) => listArticles(ctx, { q: "parking" }))).map((a) => a.id)).toEqual([ids.visiting.id]);
    expect((await asTenant(biz.id, (ctx) => listArticles(ctx, { tag: "location" }))).map((a) => a.id)).toEqual([ids.visiting.id]);
    expect((await asTenant(biz.id, (ctx) => listArticles(ctx, { kind: "qa" }))).map((a) => a.id)).toEqual([ids.walkIns.id]);
  });

  it("deletes an article with its passages", async () => {
    const { biz, ids } = await salon();
    await asTenant(biz.id, (ctx) => deleteArticle(ctx, ids.walkIns.id));
    expect(await systemDb().knowledgePassage.count({ where: { articleId: ids.walkIns.id } })).toBe(0);
    expect((await searchKnowledge(biz.id, "walk-in")).map((h) => h.articleId)).not.toContain(ids.walkIns.id);
  });
});
