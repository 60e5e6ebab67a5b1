import type { MetaFunction } from "@remix-run/node";
import { Receipt } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Invoices · Switchboard" }];

export default function InvoicesPage() {
  return (
    <>
      <PageHeader title="Invoices" description="What clients owe you and what they've paid." />
      <EmptyState
        icon={Receipt}
        title="Invoices arrive with billing and collections"
        description="Invoices will sync from your accounting software, and polite, compliant reminder calls will follow up on overdue ones."
      />
    </>
  );
}
