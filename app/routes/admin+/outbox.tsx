// Platform console → Outbox: mail that belongs to no business (password resets), for super
// admins. A business's own mail is on its Settings → Outbox.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadOutbox, retryOutboxMessage } from "../../components/outbox/outbox-route.server";
import { OutboxView } from "../../components/outbox/outbox-view";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Outbox · Switchboard platform" }];

export const loader = ({ request, context }: LoaderFunctionArgs) => loadOutbox(request, context, "platform");
export const action = ({ request, context }: ActionFunctionArgs) => retryOutboxMessage(request, context, "platform");

export default function PlatformOutbox() {
  const { page, smtpConfigured, message, timeZone } = useLoaderData<typeof loader>();
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
        timeZone={timeZone}
        emptyDescription="Password-reset mail will appear here."
      />
    </>
  );
}
