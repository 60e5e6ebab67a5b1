import type { MetaFunction } from "@remix-run/node";
import { Megaphone } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Campaigns · Switchboard" }];

export default function CampaignsPage() {
  return (
    <>
      <PageHeader title="Campaigns" description="Outbound calls the receptionist works through for you." />
      <EmptyState
        icon={Megaphone}
        title="Outbound campaigns are coming"
        description="Appointment reminders and overdue-invoice follow-ups will be called within legal calling hours, respecting do-not-call lists and consent."
      />
    </>
  );
}
