import type { MetaFunction } from "@remix-run/node";
import { BookOpen } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Knowledge · Switchboard" }];

export default function KnowledgePage() {
  return (
    <>
      <PageHeader title="Knowledge" description="What the receptionist knows about your business." />
      <EmptyState
        icon={BookOpen}
        title="The knowledge base is coming"
        description="You'll add answers to common questions — services, prices, parking, policies — and the receptionist will answer callers from them, and only from them."
      />
    </>
  );
}
