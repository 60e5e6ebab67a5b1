// GET /resources/contacts/import/:importId: a contact import's progress, polled by the import
// page while the job runs, and its result (counts, rejected lines) once finished.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { importProgressOf } from "../../components/csv-import/csv-import.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const record = await serverCaller(request, context)
    .contacts.importStatus({ id: params.importId ?? "" })
    .catch(rethrowAsResponse);
  return json(importProgressOf(record), { headers: { "Cache-Control": "no-store" } });
}
