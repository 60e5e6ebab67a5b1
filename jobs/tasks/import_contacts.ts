// Runs one CSV import (payload { tenantId, importId }): reads the uploaded file, imports it in
// one transaction, and keeps the ContactImport row's progress current for the progress bar.
// Idempotent by construction: a retried job re-imports the same file, which creates nothing new.
import { open, rm } from "node:fs/promises";
import type { Task } from "graphile-worker";
import { z } from "zod";
import { Prisma, systemDb, withTenant } from "../../server/db";
import { columnMappingSchema } from "../../server/contacts/column-mapping";
import { importContacts, ImportFileError, type ImportProgress } from "../../server/contacts/import";
import { tenantMayRun } from "../tenant-guard";

const payloadSchema = z.object({ tenantId: z.string().min(1), importId: z.string().min(1) });

/** A 50 MB file takes well under a minute; the transaction gets room to spare. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

const importContactsTask: Task<"import_contacts"> = async (payload, helpers) => {
  const { tenantId, importId } = payloadSchema.parse(payload);
  if (!(await tenantMayRun(systemDb(), tenantId, helpers))) return;
  const record = await withTenant({ tenantId }, (tx) => tx.contactImport.findFirst({ where: { id: importId, tenantId } }));
  if (!record || record.status === "completed") return;
  if (!record.storagePath) throw new Error(`import ${importId} has no file`);
  const mapping = columnMappingSchema.safeParse(record.mapping);
  const progress = (data: Partial<ImportProgress> & Prisma.ContactImportUpdateInput) =>
    withTenant({ tenantId }, (tx) => tx.contactImport.update({ where: { id: importId }, data }));
  await progress({ status: "running", startedAt: new Date(), error: null });
  try {
    // Open first: a missing or unreadable file then fails here as a rejected promise. A bare
    // createReadStream would emit it as an unhandled 'error' event and take the worker down.
    const file = await open(record.storagePath, "r");
    const result = await withTenant(
      { tenantId, userId: record.createdById },
      (tx) =>
        importContacts({ db: tx, tenantId, actorId: record.createdById }, file.createReadStream(), {
          mapping: mapping.success && Object.keys(mapping.data).length ? mapping.data : undefined,
          onProgress: (p) => progress(p).then(() => undefined),
        }),
      { timeout: IMPORT_TIMEOUT_MS },
    ).finally(() => file.close().catch(() => {}));
    const { headers, mapping: used, rejections, ...counts } = result;
    await progress({
      ...counts,
      mapping: used,
      // The headers travel with the rejections so the error report CSV keeps the file's columns.
      rejections: { headers, rows: rejections } as unknown as Prisma.InputJsonValue,
      status: "completed",
      finishedAt: new Date(),
    });
    await rm(record.storagePath, { force: true });
  } catch (error) {
    const message = error instanceof ImportFileError ? error.message : "The import failed; nothing was imported. Please try again.";
    await progress({ status: "failed", error: message, finishedAt: new Date() });
    // An unusable file will not get better on retry; anything else (database down) may.
    if (!(error instanceof ImportFileError)) throw error;
  }
};

export default importContactsTask;
