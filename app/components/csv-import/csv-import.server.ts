// Server side of the generic CSV import flow: reading the mapping screen's form and receiving the
// uploaded file. The file goes straight to a temporary file on disk as it arrives (never whole in
// memory), capped at MAX_IMPORT_BYTES, and is deleted once the import has read it.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import {
  json,
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type AppLoadContext,
  type NodeOnDiskFile,
} from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { env } from "../../../server/env";
import { rethrowAsResponse } from "../../trpc.server";
import { MAX_IMPORT_BYTES, type CsvImportActionData, type CsvImportProgress, type CsvPreview } from "./types";

/**
 * Who may import `what` ("contacts", "invoices", ...): an owner, admin or staff member of an
 * active business — the same gate as the routers' staffProcedure, needed here because the upload
 * is a stream handled outside tRPC.
 */
export function requireImporter(context: AppLoadContext, what: string) {
  const membership = context.auth?.membership;
  if (!context.auth || !membership) throw new Response("Please sign in.", { status: 401 });
  if (!WRITE_ROLES.includes(membership.role)) throw new Response(`Only owners, admins and staff can import ${what}.`, { status: 403 });
  if (membership.tenant.status !== "active") throw new Response("This business is suspended. Contact support.", { status: 403 });
  return { tenantId: membership.tenantId, userId: context.auth.user.id, country: membership.tenant.country };
}

/** The preview step: the router's preview of the sample, or its validation message (400). */
export async function previewResponse(run: () => Promise<CsvPreview>) {
  try {
    return json<CsvImportActionData>({ intent: "preview", preview: await run() });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
      return json<CsvImportActionData>({ intent: "preview", error: error.message }, { status: 400 });
    }
    return rethrowAsResponse(error);
  }
}

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

/**
 * Hands an uploaded file to a background import job: copies it under DATA_DIR/uploads (the
 * upload's temporary file is removed when the request ends; the job deletes its copy once read),
 * then runs `queue` (record the import, add the job), removing the copy if that fails.
 */
export async function keepUploadForJob<T>(
  file: { open: () => ReadStream },
  tenantId: string,
  queue: (storagePath: string) => Promise<T>,
): Promise<T> {
  const directory = resolve(env().DATA_DIR, "uploads");
  await mkdir(directory, { recursive: true });
  const storagePath = join(directory, `${tenantId}-${randomUUID()}.csv`);
  await pipeline(file.open(), createWriteStream(storagePath));
  try {
    return await queue(storagePath);
  } catch (error) {
    await rm(storagePath, { force: true });
    throw error;
  }
}

// What an import job stores in its record's `rejections` once finished; "[]" before.
const storedRejections = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number(), reason: z.string(), raw: z.array(z.string()) })),
});

/** An import record (contacts or invoices) as the polling import screen reads it. */
export function importProgressOf(record: {
  status: CsvImportProgress["status"];
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejectedCount: number;
  rejections: unknown;
  error: string | null;
}): CsvImportProgress {
  const rejections = storedRejections.safeParse(record.rejections);
  return {
    status: record.status,
    processedRows: record.processedRows,
    error: record.error,
    outcome:
      record.status === "completed"
        ? {
            processedRows: record.processedRows,
            created: record.created,
            updated: record.updated,
            skipped: record.skipped,
            rejectedCount: record.rejectedCount,
            headers: rejections.success ? rejections.data.headers : [],
            rejections: rejections.success ? rejections.data.rows : [],
          }
        : null,
  };
}
