// GET /resources/invoices/import/:importId: an invoice import's progress, polled by the import
// page while the import_invoices job runs, and its result (counts, rejected lines) once finished.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { withTenant } from "../../../server/db";
import { getInvoiceImportRecord } from "../../../server/invoices/import";
import { importProgressOf } from "../../components/csv-import/csv-import.server";

export async function loader({ context, params }: LoaderFunctionArgs) {
  const membership = context.auth?.membership;
  if (!context.auth || !membership) throw new Response("Please sign in.", { status: 401 });
  const { tenantId } = membership;
  const record = await withTenant({ tenantId, userId: context.auth.user.id }, (tx) =>
    getInvoiceImportRecord({ db: tx, tenantId, actorId: context.auth!.user.id }, params.importId ?? ""),
  );
  if (!record) throw new Response("That import does not exist.", { status: 404 });
  return json(importProgressOf(record), { headers: { "Cache-Control": "no-store" } });
}
