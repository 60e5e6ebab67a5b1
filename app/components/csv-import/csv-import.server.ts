// Server side of the generic CSV import flow: reading the mapping screen's form and receiving the
// uploaded file. The file goes straight to a temporary file on disk as it arrives (never whole in
// memory), capped at MAX_IMPORT_BYTES, and is deleted once the import has read it.
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type NodeOnDiskFile,
} from "@remix-run/node";
import { z } from "zod";
import { MAX_IMPORT_BYTES } from "./types";

/** A multipart post is the import itself; anything else is a preview of the sample. */
export function isUpload(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
}

const mappingJson = z.record(z.string().regex(/^\d+$/), z.string().max(50));

/** The mapping the screen sent (JSON in the `mapping` field), or undefined to let the server guess. */
export function readMapping(form: FormData): Record<string, string> | undefined {
  const raw = form.get("mapping");
  if (typeof raw !== "string" || !raw) return undefined;
  try {
    const parsed = mappingJson.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class UploadError extends Error {}

/**
 * Receives the multipart import post: the CSV in the `file` field, streamed to disk, and the
 * other (small) fields. `handle` reads the file as a stream; the file is removed afterwards.
 */
export async function withUploadedCsv<T>(
  request: Request,
  handle: (file: { name: string; size: number; open: () => ReadStream }, form: FormData) => Promise<T>,
): Promise<T> {
  const directory = join(tmpdir(), "switchboard-imports");
  await mkdir(directory, { recursive: true });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(
        unstable_createFileUploadHandler({ directory, maxPartSize: MAX_IMPORT_BYTES, filter: ({ name }) => name === "file" }),
        // Everything else is a short text field (mapping, options).
        unstable_createMemoryUploadHandler({ maxPartSize: 256 * 1024 }),
      ),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new UploadError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it and import each part.`);
    }
    throw error;
  }
  const file = form.get("file") as NodeOnDiskFile | string | null;
  if (!file || typeof file === "string") throw new UploadError("Choose a CSV file to import.");
  const path = file.getFilePath();
  try {
    return await handle({ name: file.name, size: file.size, open: () => createReadStream(path) }, form);
  } finally {
    await rm(path, { force: true });
  }
}
