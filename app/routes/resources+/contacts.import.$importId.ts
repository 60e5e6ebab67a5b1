// GET /resources/contacts/import/:importId: a contact import's progress, polled by the import
// page while the job runs, and its result (counts, rejected lines) once finished.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { CsvImportProgress } from "../../components/csv-import/types";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

// What the job stores in ContactImport.rejections (jobs/tasks/import_contacts.ts); "[]" before.
const storedRejections = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.object({ line: z.number(), reason: z.string(), raw: z.array(z.string()) })),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const record = await serverCaller(request, context)
    .contacts.importStatus({ id: params.importId ?? "" })
    .catch(rethrowAsResponse);
  const rejections = storedRejections.safeParse(record.rejections);
  const progress: CsvImportProgress = {
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
  return json(progress, { headers: { "Cache-Control": "no-store" } });
}
