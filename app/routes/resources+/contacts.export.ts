// GET /resources/contacts/export?q=&tag=&dnc=&source=: the contacts the list's current filter
// selects, as CSV, streamed page by page from one tenant transaction (never the whole table in
// memory). Any member may export what they can see.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { exportContactsStream } from "../../../server/contacts/export";
import { withTenant } from "../../../server/db";
import { logger } from "../../../server/logger";
import { contactFilterFromParams } from "../../components/contacts/filters";

/** A million contacts stream in well under this. */
const EXPORT_TIMEOUT_MS = 10 * 60_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const membership = context.auth?.membership;
  if (!context.auth || !membership) return new Response("Please sign in.", { status: 401 });
  const { tenantId } = membership;
  const userId = context.auth.user.id;
  const filter = contactFilterFromParams(new URL(request.url).searchParams);
  const body = new PassThrough();
  // The transaction stays open while the response streams, and ends with it.
  withTenant({ tenantId, userId }, (tx) => pipeline(exportContactsStream({ db: tx, tenantId, actorId: userId }, filter), body), {
    timeout: EXPORT_TIMEOUT_MS,
  }).catch((error: unknown) => {
    logger.error({ err: error, requestId: context.requestId, tenantId }, "contact export failed");
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(createReadableStreamFromReadable(body), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="contacts-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
