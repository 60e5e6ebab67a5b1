import type { MetaFunction } from "@remix-run/node";
import { Workflow } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Workflows · Switchboard" }];

export default function WorkflowsPage() {
  return (
    <>
      <PageHeader title="Workflows" description="What the receptionist says and does on a call." />
      <EmptyState
        icon={Workflow}
        title="The workflow editor is coming"
        description="You'll start from a template (reception, lead qualification, reminders, collections), adjust each step visually, test it in the browser and publish it."
      />
    </>
  );
}
