import type { MetaFunction } from "@remix-run/node";
import { FolderKanban } from "lucide-react";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Projects · Switchboard" }];

export default function ProjectsPage() {
  return (
    <>
      <PageHeader title="Projects" description="Client projects and where they stand." />
      <EmptyState
        icon={FolderKanban}
        title="Projects arrive with project-management integrations"
        description="Projects will sync from tools like Asana, Jira or Monday, so the receptionist can tell a calling client where their project stands."
      />
    </>
  );
}
