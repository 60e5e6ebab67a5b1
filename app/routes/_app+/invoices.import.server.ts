// Server half of the invoice import page: the preview through the invoices router, and the
// upload, which is kept for the import_invoices job (the same plumbing as the contact import);
// the page then polls /resources/invoices/import/<id> for its progress.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withTenant } from "../../../server/db";
import { addJob } from "../../../server/jobs/enqueue";
import { logger } from "../../../server/logger";
import { createInvoiceImportRecord, defaultDateOrder, invoiceMappingSchema } from "../../../server/invoices/import";
import { currencySchema } from "../../../server/invoices/money";
import { isUpload, previewResponse, requireImporter, keepUploadForJob, readMapping, UploadError, withUploadedCsv } from "../../components/csv-import/csv-import.server";
import type { CsvImportActionData } from "../../components/csv-import/types";
import { serverCaller } from "../../trpc.server";

export async function importLoader({ context }: LoaderFunctionArgs) {
  const { country } = requireImporter(context, "invoices");
  return json({ dateOrder: defaultDateOrder(country) });
}

const optionsSchema = z.object({
  // Absent until the mapping screen (where these inputs live) is shown.
  defaultCurrency: z.union([z.literal(""), currencySchema]).optional().transform((v) => v || undefined),
  dateOrder: z.enum(["mdy", "dmy"]).optional(),
});

export async function importAction({ request, context }: ActionFunctionArgs) {
  if (isUpload(request)) return json(await startImport(request, context));
  const form = await request.formData();
  const options = optionsSchema.safeParse(Object.fromEntries(form));
  if (!options.success) {
    return json<CsvImportActionData>({ intent: "preview", error: "Use a three-letter currency code such as USD or EUR." }, { status: 400 });
  }
  const mapping = invoiceMappingSchema.safeParse(readMapping(form) ?? {});
  return previewResponse(() =>
    serverCaller(request, context).invoices.importPreview({
        sample: String(form.get("sample") ?? ""),
        truncated: form.get("truncated") === "true",
        mapping: form.get("mapping") && mapping.success ? mapping.data : undefined,
        ...options.data,
      }),
  );
}

async function startImport(request: Request, context: ActionFunctionArgs["context"]): Promise<CsvImportActionData> {
  const { tenantId, userId } = requireImporter(context, "invoices");
  try {
    return await withUploadedCsv(request, async (file, form) => {
      const options = optionsSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
      if (!options.success) return { intent: "import", error: "Use a three-letter currency code such as USD or EUR." };
      const mapping = invoiceMappingSchema.safeParse(readMapping(form) ?? {});
      if (!mapping.success) return { intent: "import", error: "The column choices could not be read. Choose the file again." };
      return keepUploadForJob(file, tenantId, async (storagePath) => {
        const record = await withTenant({ tenantId, userId }, (tx) =>
          createInvoiceImportRecord(
            { db: tx, tenantId, actorId: userId, ip: context.ip },
            { fileName: file.name.slice(0, 255) || "invoices.csv", storagePath, mapping: mapping.data, options: options.data },
          ),
        );
        await addJob("import_invoices", { tenantId, importId: record.id }, { jobKey: `import_invoices:${record.id}`, maxAttempts: 3 });
        logger.info({ requestId: context.requestId, tenantId, importId: record.id, bytes: file.size }, "invoice import queued");
        return { intent: "import" as const, progressUrl: `/resources/invoices/import/${record.id}` };
      });
    });
  } catch (error) {
    if (error instanceof UploadError) return { intent: "import", error: error.message };
    throw error;
  }
}
