import { describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES, readKnowledgeFile } from "./files";
import { tinyPdf } from "./test-pdf";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("reading uploaded knowledge files", () => {
  it("takes the text out of a PDF, page by page", async () => {
    const file = await readKnowledgeFile("Price list.pdf", tinyPdf([["Haircut 30 dollars."], ["Colour from 80 dollars."]]));
    expect(file.format).toBe("text");
    expect(file.title).toBe("Price list");
    expect(file.body).toContain("Haircut 30 dollars.");
    expect(file.body).toContain("Colour from 80 dollars.");
  });

  it("names a markdown file by its first heading and keeps the markdown", async () => {
    const file = await readKnowledgeFile("faq.md", utf8("\uFEFF# Frequently asked\r\n\r\n## Parking\r\nFree."));
    expect(file).toEqual({ title: "Frequently asked", body: "# Frequently asked\n\n## Parking\nFree.", format: "markdown" });
  });

  it("names a text file after the file", async () => {
    const file = await readKnowledgeFile("returns_policy.txt", utf8("Returns within 30 days."));
    expect(file).toEqual({ title: "returns policy", body: "Returns within 30 days.", format: "text" });
  });

  it.each([
    ["notes.docx", utf8("x"), /only \.md, \.txt and \.pdf/],
    ["empty.txt", new Uint8Array(0), /empty\.txt is empty/],
    ["blank.md", utf8("  \n\n "), /has no text/],
    ["latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9]), /not UTF-8/],
    ["fake.pdf", utf8("hello, I am not a PDF"), /fake\.pdf is not a PDF/],
    ["broken.pdf", utf8("%PDF-1.4\ngarbage"), /could not be read as a PDF/],
    ["scan.pdf", tinyPdf([[]]), /no text to learn from\. It may be a scan/],
  ])("refuses %s with a clear message", async (name, bytes, message) => {
    await expect(readKnowledgeFile(name, bytes)).rejects.toThrow(message);
  });

  it("refuses files over 10 MB", async () => {
    await expect(readKnowledgeFile("big.txt", new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(97))).rejects.toThrow(/larger than 10 MB/);
  });
});
