// Server half of the invoice import page: the preview through the invoices router, and the
// import itself, which streams the upload into the service in its own long transaction.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { withTenant } from "../../../server/db";
import { logger } from "../../../server/logger";
import { defaultDateOrder, importInvoices, invoiceMappingSchema } from "../../../server/invoices/import";
import { InvoiceError } from "../../../server/invoices/invoices";
import { currencySchema } from "../../../server/invoices/money";
import { isUpload, readMapping, UploadError, withUploadedCsv } from "../../components/csv-import/csv-import.server";
import type { CsvImportActionData } from "../../components/csv-import/types";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export async function importLoader({ context }: LoaderFunctionArgs) {
  const membership = context.auth?.membership;
  if (!membership) throw new Response("Please sign in.", { status: 401 });
  if (!WRITE_ROLES.includes(membership.role)) throw new Response("Only owners, admins and staff can import invoices.", { status: 403 });
  return json({ dateOrder: defaultDateOrder(membership.tenant.country) });
}

const optionsSchema = z.object({
  // Absent until the mapping screen (where these inputs live) is shown.
  defaultCurrency: z.union([z.literal(""), currencySchema]).optional().transform((v) => v || undefined),
  dateOrder: z.enum(["mdy", "dmy"]).optional(),
});

/** A 50 MB file takes well under a minute; the transaction gets room to spare. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

export async function importAction({ request, context }: ActionFunctionArgs) {
  if (isUpload(request)) return json(await runImport(request, context));
  const form = await request.formData();
  const options = optionsSchema.safeParse(Object.fromEntries(form));
  if (!options.success) {
    return json<CsvImportActionData>({ intent: "preview", error: "Use a three-letter currency code such as USD or EUR." }, { status: 400 });
  }
  const mapping = invoiceMappingSchema.safeParse(readMapping(form) ?? {});
  try {
    const preview = await serverCaller(request, context).invoices.importPreview({
      sample: String(form.get("sample") ?? ""),
      truncated: form.get("truncated") === "true",
      mapping: form.get("mapping") && mapping.success ? mapping.data : undefined,
      ...options.data,
    });
    return json<CsvImportActionData>({ intent: "preview", preview });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return json<CsvImportActionData>({ intent: "preview", error: error.message }, { status: 400 });
    return rethrowAsResponse(error);
  }
}

async function runImport(request: Request, context: ActionFunctionArgs["context"]): Promise<CsvImportActionData> {
  const membership = context.auth?.membership;
  // The same gate as the router's staffProcedure: the import runs outside tRPC because it needs
  // a longer transaction than a request's and reads a stream.
  if (!context.auth || !membership) throw new Response("Please sign in.", { status: 401 });
  if (!WRITE_ROLES.includes(membership.role)) throw new Response("Only owners, admins and staff can import invoices.", { status: 403 });
  if (membership.tenant.status !== "active") throw new Response("This business is suspended. Contact support.", { status: 403 });
  const { tenantId } = membership;
  const userId = context.auth.user.id;
  try {
    return await withUploadedCsv(request, async (file, form) => {
      const options = optionsSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
      if (!options.success) return { intent: "import", error: "Use a three-letter currency code such as USD or EUR." };
      const mapping = invoiceMappingSchema.safeParse(readMapping(form) ?? {});
      if (!mapping.success) return { intent: "import", error: "The column choices could not be read. Choose the file again." };
      const result = await withTenant(
        { tenantId, userId },
        (tx) => importInvoices({ db: tx, tenantId, actorId: userId, ip: context.ip }, file.open(), { mapping: mapping.data, ...options.data }),
        { timeout: IMPORT_TIMEOUT_MS },
      );
      logger.info({ requestId: context.requestId, tenantId, file: file.name, bytes: file.size, created: result.created, rejected: result.rejectedCount }, "invoice import finished");
      const { mapping: _used, ...outcome } = result;
      return { intent: "import", outcome };
    });
  } catch (error) {
    if (error instanceof UploadError || error instanceof InvoiceError) return { intent: "import", error: error.message };
    throw error;
  }
}

