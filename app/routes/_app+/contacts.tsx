import type { MetaFunction } from "@remix-run/node";
import { Users } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Contacts · Switchboard" }];

export default function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" description="The people and companies your business works with." />
      <EmptyState
        icon={Users}
        title="Contacts arrive with the CRM core"
        description="You'll be able to add contacts or import them from a CSV file, so the receptionist recognises callers by their number and knows their history."
      />
    </>
  );
}
