// The body both CSV import jobs share (import_contacts, import_invoices): import the uploaded
// file in one tenant transaction (the job's `run` opens it), keep the import record's progress current for the page's
// progress bar, store the result and rejected lines, delete the file. A file the import refuses
// fails for good with its reason; anything else (database down) is rethrown so the job retries.
import { open, rm } from "node:fs/promises";
import type { ReadStream } from "node:fs";
import type { Prisma } from "../server/db";
import type { ImportProgress, Rejection } from "../server/contacts/import";

export { IMPORT_TIMEOUT_MS } from "../server/contacts/import";

type RecordUpdate = Partial<ImportProgress> & {
  status?: "running" | "completed" | "failed";
  startedAt?: Date;
  finishedAt?: Date;
  error?: string | null;
  mapping?: Prisma.InputJsonValue;
  rejections?: Prisma.InputJsonValue;
};

export async function runCsvImportJob<M>(job: {
  storagePath: string;
  /** Writes to the import record (its own short transaction). */
  update: (data: RecordUpdate) => Promise<unknown>;
  /** Imports the stream in one tenant transaction, reporting progress as it goes. */
  run: (file: ReadStream, onProgress: (p: ImportProgress) => Promise<void>) => Promise<ImportProgress & { headers: string[]; mapping: M; rejections: Rejection[] }>;
  /** The import's own refusal (empty file, no usable columns): its message is shown as it is. */
  isFileError: (error: unknown) => error is Error;
}) {
  await job.update({ status: "running", startedAt: new Date(), error: null });
  try {
    // Open first: a missing or unreadable file then fails here as a rejected promise. A bare
    // createReadStream would emit it as an unhandled 'error' event and take the worker down.
    const file = await open(job.storagePath, "r");
    const result = await job
      .run(file.createReadStream(), (p) => job.update(p).then(() => undefined))
      .finally(() => file.close().catch(() => {}));
    const { headers, mapping, rejections, ...counts } = result;
    await job.update({
      ...counts,
      mapping: mapping as Prisma.InputJsonValue,
      // The headers travel with the rejections so the rejected-lines CSV keeps the file's columns.
      rejections: { headers, rows: rejections } as unknown as Prisma.InputJsonValue,
      status: "completed",
      finishedAt: new Date(),
    });
    await rm(job.storagePath, { force: true });
  } catch (error) {
    const message = job.isFileError(error) ? error.message : "The import failed; nothing was imported. Please try again.";
    await job.update({ status: "failed", error: message, finishedAt: new Date() });
    if (!job.isFileError(error)) throw error;
  }
}
