// Platform console → Outbox: mail that belongs to no business (password resets), for super
// admins. A business's own mail is on its Settings → Outbox.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { OutboxView, outboxParams } from "../../components/outbox/outbox-view";
import { PageHeader } from "../../components/ui/page-header";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Switchboard platform" }];

function nullIfNotFound(err: unknown): null {
  if (err instanceof TRPCError && err.code === "NOT_FOUND") return null;
  throw err;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { status, cursor, id } = outboxParams(request.url);
  const outbox = serverCaller(request, context).outbox;
  const [list, message] = await Promise.all([
    outbox.platformList({ status, cursor }),
    id && !cursor ? outbox.platformGet({ id }).catch(nullIfNotFound) : Promise.resolve(null),
  ]).catch(rethrowAsResponse);
  return json({ page: { items: list.items, nextCursor: list.nextCursor }, smtpConfigured: list.delivery.smtpConfigured, message });
}

const retryForm = z.object({ intent: z.literal("retry"), id: z.string().min(1).max(64) });

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = retryForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ ok: false }, { type: "error", title: "That request was not understood." }, { status: 400 });
  try {
    await serverCaller(request, context).outbox.platformRetry({ id: parsed.data.id });
  } catch (err) {
    if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") {
      return jsonWithToast({ ok: false }, { type: "error", title: "Couldn't retry", description: err.message });
    }
    throw err;
  }
  const url = new URL(request.url);
  return redirectWithToast(`${url.pathname}${url.search}`, { type: "success", title: "Queued to send again" });
}

export default function PlatformOutbox() {
  const { page, smtpConfigured, message } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Platform mail that belongs to no business, such as password resets. Times are UTC."
      />
      <OutboxView
        page={page}
        smtpConfigured={smtpConfigured}
        message={message}
        basePath="/admin/outbox"
        timeZone="UTC"
        emptyDescription="Password-reset mail will appear here."
      />
    </>
  );
}
