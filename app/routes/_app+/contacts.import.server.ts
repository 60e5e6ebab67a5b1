// Server half of the contact import page: the preview through the contacts router, and the
// upload, which keeps the file under DATA_DIR/uploads (keepUploadForJob), records a ContactImport and queues the
// import_contacts job; the page then polls /resources/contacts/import/<id> for its progress.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { columnMappingSchema } from "../../../server/contacts/column-mapping";
import { createImportRecord } from "../../../server/contacts/import";
import { withTenant } from "../../../server/db";
import { addJob } from "../../../server/jobs/enqueue";
import { logger } from "../../../server/logger";
import { isUpload, previewResponse, requireImporter, keepUploadForJob, readMapping, UploadError, withUploadedCsv } from "../../components/csv-import/csv-import.server";
import type { CsvImportActionData } from "../../components/csv-import/types";
import { serverCaller } from "../../trpc.server";

export function importLoader({ context }: LoaderFunctionArgs) {
  requireImporter(context, "contacts");
  return json({});
}

export async function importAction({ request, context }: ActionFunctionArgs) {
  if (isUpload(request)) return json(await startImport(request, context));
  const form = await request.formData();
  const mapping = columnMappingSchema.safeParse(readMapping(form) ?? {});
  return previewResponse(() =>
    serverCaller(request, context).contacts.importPreview({
        sample: String(form.get("sample") ?? ""),
        truncated: form.get("truncated") === "true",
        mapping: form.get("mapping") && mapping.success ? mapping.data : undefined,
      }),
  );
}

async function startImport(request: Request, context: ActionFunctionArgs["context"]): Promise<CsvImportActionData> {
  // The same gate as the router's staffProcedure: the upload is a stream, outside tRPC.
  const { tenantId, userId } = requireImporter(context, "contacts");
  try {
    return await withUploadedCsv(request, async (file, form) => {
      const mapping = columnMappingSchema.safeParse(readMapping(form) ?? {});
      if (!mapping.success) return { intent: "import", error: "The column choices could not be read. Choose the file again." };
      if (!Object.keys(mapping.data).length) return { intent: "import", error: "Choose a contact field for at least one column." };
      return keepUploadForJob(file, tenantId, async (storagePath) => {
        const record = await withTenant({ tenantId, userId }, (tx) =>
          createImportRecord({ db: tx, tenantId, actorId: userId }, { fileName: file.name.slice(0, 255) || "contacts.csv", storagePath, mapping: mapping.data }),
        );
        await addJob("import_contacts", { tenantId, importId: record.id }, { jobKey: `import_contacts:${record.id}`, maxAttempts: 3 });
        logger.info({ requestId: context.requestId, tenantId, importId: record.id, bytes: file.size }, "contact import queued");
        return { intent: "import" as const, progressUrl: `/resources/contacts/import/${record.id}` };
      });
    });
  } catch (error) {
    if (error instanceof UploadError) return { intent: "import", error: error.message };
    throw error;
  }
}
