import { describe, expect, it } from "vitest";
import { MAX_WORDS, MIN_WORDS, splitMarkdown, splitPlainText } from "./split";

const words = (n: number, word = "word") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");
const count = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("splitting articles into passages", () => {
  it("starts a passage at every heading and keeps the headings above it", () => {
    const md = [
      "# Visiting us",
      "We are on Main Street, next to the bakery.",
      "## Parking",
      "Free parking **behind** the building; see [the map](https://example.com/map).",
      "### Evenings",
      "After 6 pm use the street.",
      "## Opening hours",
      "Monday to Friday 9 to 5.",
    ].join("\n");
    expect(splitMarkdown("Visiting us", md)).toEqual([
      { heading: "Visiting us", text: "We are on Main Street, next to the bakery." },
      { heading: "Visiting us › Parking", text: "Free parking behind the building; see the map." },
      { heading: "Visiting us › Parking › Evenings", text: "After 6 pm use the street." },
      { heading: "Visiting us › Opening hours", text: "Monday to Friday 9 to 5." },
    ]);
  });

  it("joins short paragraphs of one section up to the minimum, never across headings", () => {
    const md = `## Prices\n\n${words(30)}\n\n${words(30)}\n\n${words(30)}\n\n${words(30)}\n\n## Policies\n\n${words(10)}`;
    const passages = splitMarkdown("Clinic", md);
    expect(passages.map((p) => [p.heading, count(p.text)])).toEqual([
      ["Clinic › Prices", 90],
      ["Clinic › Prices", 30],
      ["Clinic › Policies", 10],
    ]);
  });

  it("cuts a long paragraph at sentence ends into passages of at most the maximum", () => {
    const sentence = `${words(19)} end.`;
    const paragraph = Array.from({ length: 40 }, () => sentence).join(" "); // 800 words
    const passages = splitMarkdown("Long", paragraph);
    expect(passages.length).toBe(4);
    for (const p of passages) {
      expect(count(p.text)).toBeLessThanOrEqual(MAX_WORDS);
      expect(count(p.text)).toBeGreaterThanOrEqual(MIN_WORDS);
      expect(p.text.endsWith("end.")).toBe(true);
    }
    expect(passages.map((p) => count(p.text)).reduce((a, b) => a + b)).toBe(800);
  });

  it("cuts a run-on sentence without full stops at word ends", () => {
    const passages = splitPlainText("Run-on", words(600));
    expect(passages.map((p) => count(p.text))).toEqual([250, 250, 100]);
  });

  it("does not take a '#' inside a code block for a heading", () => {
    const passages = splitMarkdown("Setup", "Intro text.\n\n```\n# not a heading\n```\n\nMore.");
    expect(passages).toHaveLength(1);
    expect(passages[0]!.text).toContain("# not a heading");
  });

  it("splits plain text by blank lines and joins wrapped lines", () => {
    const passages = splitPlainText("Notes", `Line one\nwrapped here.\n\n\n${words(100)}\n\n${words(5, "tail")}`);
    expect(passages).toEqual([
      { heading: "Notes", text: `Line one wrapped here.\n\n${words(100)}` },
      { heading: "Notes", text: words(5, "tail") },
    ]);
  });

  it("makes no passage from an empty body", () => {
    expect(splitMarkdown("Empty", "\n\n  \n")).toEqual([]);
  });
});
