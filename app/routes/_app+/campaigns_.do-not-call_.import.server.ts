// Server half of the do-not-call import page: the preview through the campaigns router, and the
// upload, imported in the request (one short row per number, in batches; no background job).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { withTenant } from "../../../server/db";
import { logger } from "../../../server/logger";
import { dncMappingSchema, importDncCsv } from "../../../server/campaigns/dnc-import";
import { OutboundError } from "../../../server/campaigns/errors";
import { isUpload, previewResponse, requireImporter, readMapping, UploadError, withUploadedCsv } from "../../components/csv-import/csv-import.server";
import type { CsvImportActionData } from "../../components/csv-import/types";
import { serverCaller } from "../../trpc.server";

export async function importLoader({ context }: LoaderFunctionArgs) {
  requireImporter(context, "do-not-call numbers");
  return json({});
}

export async function importAction({ request, context }: ActionFunctionArgs) {
  if (isUpload(request)) return json(await runImport(request, context));
  const form = await request.formData();
  const mapping = dncMappingSchema.safeParse(readMapping(form) ?? {});
  return previewResponse(() =>
    serverCaller(request, context).campaigns.dnc.importPreview({
        sample: String(form.get("sample") ?? ""),
        truncated: form.get("truncated") === "true",
        mapping: form.get("mapping") && mapping.success ? mapping.data : undefined,
      }),
  );
}

async function runImport(request: Request, context: ActionFunctionArgs["context"]): Promise<CsvImportActionData> {
  // The same gate as the router's staffProcedure: the upload is a stream, outside tRPC.
  const { tenantId, userId } = requireImporter(context, "do-not-call numbers");
  try {
    return await withUploadedCsv(request, async (file, form) => {
      const mapping = dncMappingSchema.safeParse(readMapping(form) ?? {});
      if (!mapping.success) return { intent: "import", error: "The column choices could not be read. Choose the file again." };
      const outcome = await withTenant(
        { tenantId, userId },
        (tx) => importDncCsv({ db: tx, tenantId, actorId: userId }, file.open(), { mapping: Object.keys(mapping.data).length ? mapping.data : undefined }),
        { timeout: 120_000 },
      );
      logger.info({ requestId: context.requestId, tenantId, bytes: file.size, added: outcome.created, rejected: outcome.rejectedCount }, "do-not-call import");
      return { intent: "import" as const, outcome };
    });
  } catch (error) {
    if (error instanceof UploadError || error instanceof OutboundError) return { intent: "import", error: error.message };
    throw error;
  }
}
