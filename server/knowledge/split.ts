// Splitting articles into passages: the unit the search ranks and the phone agent reads out.
// A passage is ~80-250 words and keeps the headings above it, so "Free, behind the building"
// still says it is about "Visiting us › Parking".

export interface Passage {
  heading: string;
  text: string;
}

/** Passages aim for at least MIN_WORDS (short paragraphs of one section are joined)... */
export const MIN_WORDS = 80;
/** ...and at most MAX_WORDS (a longer paragraph is cut at sentence ends). */
export const MAX_WORDS = 250;

const HEADING_SEPARATOR = " › ";

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Cuts one paragraph longer than MAX_WORDS at sentence ends, or at word ends for a run-on sentence. */
function cutLongParagraph(paragraph: string): string[] {
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let current: string[] = [];
  let count = 0;
  const flush = () => {
    if (current.length) pieces.push(current.join(" ").trim());
    current = [];
    count = 0;
  };
  for (const raw of sentences) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    if (words.length > MAX_WORDS) {
      flush();
      for (let i = 0; i < words.length; i += MAX_WORDS) pieces.push(words.slice(i, i + MAX_WORDS).join(" "));
      continue;
    }
    if (count + words.length > MAX_WORDS) flush();
    current.push(words.join(" "));
    count += words.length;
  }
  flush();
  return pieces;
}

/**
 * Packs one section's paragraphs into passages: joins paragraphs while the passage is under
 * MIN_WORDS and the next one still fits in MAX_WORDS; cuts paragraphs that are too long alone.
 */
function packSection(heading: string, paragraphs: string[]): Passage[] {
  const passages: Passage[] = [];
  let current: string[] = [];
  let count = 0;
  const flush = () => {
    if (current.length) passages.push({ heading, text: current.join("\n\n") });
    current = [];
    count = 0;
  };
  for (const paragraph of paragraphs) {
    const words = wordCount(paragraph);
    if (words > MAX_WORDS) {
      flush();
      for (const piece of cutLongParagraph(paragraph)) passages.push({ heading, text: piece });
      continue;
    }
    if (count >= MIN_WORDS || count + words > MAX_WORDS) flush();
    current.push(paragraph);
    count += words;
  }
  flush();
  return passages;
}

/** Markdown inline syntax the caller should not hear: links keep their text, emphasis and code marks go. */
function plainInline(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .trim();
}

/**
 * Markdown: sections by ATX headings (`#` to `######`, outside code fences), each section's
 * paragraphs (blank-line separated) packed into passages. A passage's heading is the title
 * followed by the headings above it; a first `# Title` equal to the title is not repeated.
 */
export function splitMarkdown(title: string, markdown: string): Passage[] {
  const passages: Passage[] = [];
  const path: string[] = [];
  let paragraphs: string[] = [];
  let lines: string[] = [];
  let inFence = false;

  const endParagraph = () => {
    const text = lines.join("\n").trim();
    if (text) paragraphs.push(text);
    lines = [];
  };
  const endSection = () => {
    endParagraph();
    const headings = [title.trim(), ...path.filter(Boolean)].filter((h, i, all) => h && (i === 0 || h !== all[0]));
    passages.push(...packSection(headings.join(HEADING_SEPARATOR), paragraphs));
    paragraphs = [];
  };

  for (const raw of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    const heading = inFence ? null : /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading) {
      endSection();
      const level = heading[1]!.length;
      path.length = level - 1;
      path[level - 1] = plainInline(heading[2] ?? "");
      continue;
    }
    if (!inFence && raw.trim() === "") {
      endParagraph();
      continue;
    }
    const line = inFence ? raw : plainInline(raw.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "• ").replace(/^\s*>\s?/, ""));
    if (line) lines.push(line);
  }
  endSection();
  return passages;
}

/**
 * Plain text (.txt files, text taken out of a PDF): paragraphs by blank lines under the title.
 * Lines inside a paragraph are joined, since files wrap lines at a fixed width.
 */
export function splitPlainText(title: string, text: string): Passage[] {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean);
  return packSection(title.trim(), paragraphs);
}
