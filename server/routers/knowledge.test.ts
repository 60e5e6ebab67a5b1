import { describe, expect, it } from "vitest";
import { signedInMember } from "../testing/members";
import { tinyPdf } from "../knowledge/test-pdf";

describe("knowledge router", () => {
  it("lets staff write and any member list, read and try a question", async () => {
    const staff = await signedInMember("staff");
    const viewer = await signedInMember("viewer", { tenantId: staff.tenant.id });
    const article = await staff.caller.knowledge.create({ title: "Opening hours", body: "Open 9 to 5 on weekdays.", tags: ["Hours"] });
    expect((await viewer.caller.knowledge.list({})).map((a) => a.id)).toEqual([article.id]);
    expect((await viewer.caller.knowledge.get({ id: article.id })).passages).toHaveLength(1);
    const hits = await viewer.caller.knowledge.search({ query: "when are you open" });
    expect(hits[0]?.articleId).toBe(article.id);
  });

  it("tries a question against the member's own business only", async () => {
    const mine = await signedInMember("viewer");
    const theirs = await signedInMember("owner");
    const secret = await theirs.caller.knowledge.create({ title: "Opening hours", body: "Open all night, every night." });
    expect(await mine.caller.knowledge.search({ query: "opening hours every night" })).toEqual([]);
    expect((await theirs.caller.knowledge.search({ query: "opening hours every night" }))[0]?.articleId).toBe(secret.id);
  });

  it("refuses every write from a viewer", async () => {
    const owner = await signedInMember("owner");
    const viewer = await signedInMember("viewer", { tenantId: owner.tenant.id });
    const article = await owner.caller.knowledge.create({ kind: "qa", title: "Do you park?", body: "Yes." });
    await expect(viewer.caller.knowledge.create({ title: "No", body: "No." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.knowledge.update({ id: article.id, body: "No." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.knowledge.delete({ id: article.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.knowledge.upload({ fileName: "a.txt", contentBase64: "aGk=" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await owner.caller.knowledge.get({ id: article.id })).body).toBe("Yes.");
  });

  it("uploads a PDF and answers a bad file with BAD_REQUEST and its reason", async () => {
    const staff = await signedInMember("admin");
    const pdf = Buffer.from(tinyPdf([["Gift cards never expire."]])).toString("base64");
    const article = await staff.caller.knowledge.upload({ fileName: "gift-cards.pdf", contentBase64: pdf });
    expect(article).toMatchObject({ title: "gift cards", source: "upload" });
    await expect(staff.caller.knowledge.upload({ fileName: "empty.md", contentBase64: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "empty.md is empty.",
    });
  });

  it("reports another business's article as not found", async () => {
    const a = await signedInMember("owner");
    const b = await signedInMember("owner");
    const article = await a.caller.knowledge.create({ title: "Mine", body: "Private." });
    await expect(b.caller.knowledge.get({ id: article.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.knowledge.update({ id: article.id, title: "Theirs" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
