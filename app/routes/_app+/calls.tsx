import type { MetaFunction } from "@remix-run/node";
import { Phone } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Calls · Switchboard" }];

export default function CallsPage() {
  return (
    <>
      <PageHeader title="Calls" description="Every call your AI receptionist answers or places." />
      <EmptyState
        icon={Phone}
        title="Call history arrives with telephony"
        description="Once a phone number is connected, each call shows up here with its transcript, summary, outcome and any follow-up the receptionist created."
      />
    </>
  );
}
