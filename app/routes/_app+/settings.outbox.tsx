// Settings → Outbox: every e-mail this business sent or is waiting to send (invites, call
// summaries), for owners and admins (the router enforces it). Without SMTP this is where mail
// is read: links in it are clickable.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadOutbox, retryOutboxMessage } from "../../components/outbox/outbox-route.server";
import { OutboxView } from "../../components/outbox/outbox-view";

export const meta: MetaFunction = () => [{ title: "Outbox · Switchboard" }];

export const loader = ({ request, context }: LoaderFunctionArgs) => loadOutbox(request, context, "business");
export const action = ({ request, context }: ActionFunctionArgs) => retryOutboxMessage(request, context, "business");

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
