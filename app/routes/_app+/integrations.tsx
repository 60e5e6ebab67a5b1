import type { MetaFunction } from "@remix-run/node";
import { Plug } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Integrations · Switchboard" }];

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader title="Integrations" description="Connect the tools your business already uses." />
      <EmptyState
        icon={Plug}
        title="Integrations are coming"
        description="Calendars (Cal.com, Calendly, Google), accounting (Zoho Books) and project tools (Asana, Jira, Monday) will connect here with one click."
      />
    </>
  );
}
