// Runs one CSV import (payload { tenantId, importId }): reads the uploaded file, imports it in
// one transaction, and keeps the ContactImport row's progress current for the progress bar
// (the shared job body is jobs/csv-import-job.ts).
// Idempotent by construction: a retried job re-imports the same file, which creates nothing new.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb, withTenant } from "../../server/db";
import { columnMappingSchema } from "../../server/contacts/column-mapping";
import { importContacts, ImportFileError } from "../../server/contacts/import";
import { runCsvImportJob } from "../csv-import-job";
import { tenantMayRun } from "../tenant-guard";

const payloadSchema = z.object({ tenantId: z.string().min(1), importId: z.string().min(1) });

const importContactsTask: Task<"import_contacts"> = async (payload, helpers) => {
  const { tenantId, importId } = payloadSchema.parse(payload);
  if (!(await tenantMayRun(systemDb(), tenantId, helpers))) return;
  const record = await withTenant({ tenantId }, (tx) => tx.contactImport.findFirst({ where: { id: importId, tenantId } }));
  if (!record || record.status === "completed") return;
  if (!record.storagePath) throw new Error(`import ${importId} has no file`);
  const mapping = columnMappingSchema.safeParse(record.mapping);
  await runCsvImportJob({
    storagePath: record.storagePath,
    update: (data) => withTenant({ tenantId }, (tx) => tx.contactImport.update({ where: { id: importId }, data })),
    // The import runs its own tenant transaction (on a plain connection: see importContacts).
    run: (file, onProgress) =>
      importContacts({ tenantId, actorId: record.createdById }, file, {
        mapping: mapping.success && Object.keys(mapping.data).length ? mapping.data : undefined,
        onProgress,
      }),
    // An unusable file will not get better on retry.
    isFileError: (error): error is ImportFileError => error instanceof ImportFileError,
  });
};

export default importContactsTask;
