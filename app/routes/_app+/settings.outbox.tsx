// Settings → Outbox: every e-mail this business sent or is waiting to send (invites, call
// summaries), for owners and admins (the router enforces it). Without SMTP this is where mail
// is read: links in it are clickable.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { OutboxView, outboxParams } from "../../components/outbox/outbox-view";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Switchboard" }];

/** A stale ?id= (message deleted, or another business's) just shows the list. */
function nullIfNotFound(err: unknown): null {
  if (err instanceof TRPCError && err.code === "NOT_FOUND") return null;
  throw err;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { status, cursor, id } = outboxParams(request.url);
  const outbox = serverCaller(request, context).outbox;
  const [list, message] = await Promise.all([
    outbox.list({ status, cursor }),
    id && !cursor ? outbox.get({ id }).catch(nullIfNotFound) : Promise.resolve(null),
  ]).catch(rethrowAsResponse);
  return json({
    page: { items: list.items, nextCursor: list.nextCursor },
    smtpConfigured: list.delivery.smtpConfigured,
    message,
    timeZone: context.auth?.membership?.tenant.timezone ?? "UTC",
  });
}

const retryForm = z.object({ intent: z.literal("retry"), id: z.string().min(1).max(64) });

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = retryForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ ok: false }, { type: "error", title: "That request was not understood." }, { status: 400 });
  try {
    await serverCaller(request, context).outbox.retry({ id: parsed.data.id });
  } catch (err) {
    if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") {
      return jsonWithToast({ ok: false }, { type: "error", title: "Couldn't retry", description: err.message });
    }
    throw err;
  }
  const url = new URL(request.url);
  return redirectWithToast(`${url.pathname}${url.search}`, { type: "success", title: "Queued to send again" });
}

export default function SettingsOutbox() {
  const { page, smtpConfigured, message, timeZone } = useLoaderData<typeof loader>();
  return (
    <OutboxView
      page={page}
      smtpConfigured={smtpConfigured}
      message={message}
      basePath="/settings/outbox"
      timeZone={timeZone}
      emptyDescription="Invites and other mail from this business will appear here."
    />
  );
}
