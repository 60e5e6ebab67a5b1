// Reading uploaded knowledge files (.md, .txt, .pdf) into a title and text. PDFs are read with
// unpdf (PDF.js packaged for servers: pure JavaScript, nothing downloaded at run time).
import { extractText } from "unpdf";
import { KnowledgeError } from "./errors";
import { MAX_UPLOAD_BYTES } from "./limits";

export { MAX_UPLOAD_BYTES };
export const UPLOAD_EXTENSIONS = [".md", ".markdown", ".txt", ".pdf"] as const;

export interface ReadFile {
  title: string;
  body: string;
  /** How the body is split: markdown by headings, text by paragraphs. */
  format: "markdown" | "text";
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot).toLowerCase();
}

/** The format a stored article is split with: uploaded .txt and .pdf files are plain text. */
export function formatOf(fileName: string | null): ReadFile["format"] {
  const ext = fileName ? extensionOf(fileName) : "";
  return ext === ".txt" || ext === ".pdf" ? "text" : "markdown";
}

function titleFromName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  const stem = base.slice(0, base.length - extensionOf(base).length);
  return stem.replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim() || "Untitled";
}

function decodeUtf8(fileName: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new KnowledgeError("BAD_FILE", `${fileName} is not UTF-8 text. Save it as UTF-8 and upload it again.`);
  }
}

async function pdfText(fileName: string, bytes: Uint8Array): Promise<string> {
  // "%PDF-" at the start: anything else renamed to .pdf fails here with a clear message.
  if (!Buffer.from(bytes.subarray(0, 5)).equals(Buffer.from("%PDF-"))) {
    throw new KnowledgeError("BAD_FILE", `${fileName} is not a PDF file.`);
  }
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: false });
    return text.join("\n\n");
  } catch {
    throw new KnowledgeError("BAD_FILE", `${fileName} could not be read as a PDF. It may be damaged or password-protected.`);
  }
}

/** Checks size and type and takes the text out of an uploaded file. Throws KnowledgeError("BAD_FILE"). */
export async function readKnowledgeFile(fileName: string, bytes: Uint8Array): Promise<ReadFile> {
  const ext = extensionOf(fileName);
  if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new KnowledgeError("BAD_FILE", `${fileName}: only .md, .txt and .pdf files can be uploaded.`);
  }
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new KnowledgeError("BAD_FILE", `${fileName} is larger than 10 MB. Split it into smaller files.`);
  }
  if (bytes.byteLength === 0) throw new KnowledgeError("BAD_FILE", `${fileName} is empty.`);

  const format = formatOf(fileName);
  const raw = ext === ".pdf" ? await pdfText(fileName, bytes) : decodeUtf8(fileName, bytes);
  const body = raw.replace(/\r\n?/g, "\n").replace(/[ \t]+\n/g, "\n").trim();
  if (!body) {
    const why = ext === ".pdf" ? " It may be a scan: only PDFs with real text can be read." : "";
    throw new KnowledgeError("BAD_FILE", `${fileName} has no text to learn from.${why}`);
  }
  // A markdown file that starts with "# Title" names itself.
  const h1 = format === "markdown" ? /^#\s+(.+?)\s*#*\s*$/m.exec(body.split("\n").find((l) => l.trim()) ?? "") : null;
  return { title: (h1?.[1] ?? titleFromName(fileName)).slice(0, 200), body, format };
}
