// Runs one invoice CSV import (payload { tenantId, importId }) like import_contacts: the shared
// job body (jobs/csv-import-job.ts) with the invoice import, its stored mapping and options.
// A retried job re-imports the same file, which creates nothing new.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb, withTenant } from "../../server/db";
import { importInvoices, invoiceImportOptionsSchema, invoiceMappingSchema } from "../../server/invoices/import";
import { InvoiceError } from "../../server/invoices/invoices";
import { IMPORT_TIMEOUT_MS, runCsvImportJob } from "../csv-import-job";
import { tenantMayRun } from "../tenant-guard";

const payloadSchema = z.object({ tenantId: z.string().min(1), importId: z.string().min(1) });

const importInvoicesTask: Task<"import_invoices"> = async (payload, helpers) => {
  const { tenantId, importId } = payloadSchema.parse(payload);
  if (!(await tenantMayRun(systemDb(), tenantId, helpers))) return;
  const record = await withTenant({ tenantId }, (tx) => tx.invoiceImport.findFirst({ where: { id: importId, tenantId } }));
  if (!record || record.status === "completed") return;
  if (!record.storagePath) throw new Error(`invoice import ${importId} has no file`);
  const mapping = invoiceMappingSchema.safeParse(record.mapping);
  const options = invoiceImportOptionsSchema.safeParse(record.options);
  await runCsvImportJob({
    storagePath: record.storagePath,
    update: (data) => withTenant({ tenantId }, (tx) => tx.invoiceImport.update({ where: { id: importId }, data })),
    run: (file, onProgress) =>
      withTenant(
        { tenantId, userId: record.createdById },
        (tx) =>
          importInvoices({ db: tx, tenantId, actorId: record.createdById }, file, {
            mapping: mapping.success && Object.keys(mapping.data).length ? mapping.data : undefined,
            ...(options.success ? options.data : {}),
            onProgress,
          }),
        { timeout: IMPORT_TIMEOUT_MS },
      ),
    isFileError: (error): error is InvoiceError => error instanceof InvoiceError,
  });
};

export default importInvoicesTask;
