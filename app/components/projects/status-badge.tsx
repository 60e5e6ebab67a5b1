// A project's status as a coloured badge, the same on the list and the detail page.
import type { ProjectStatus } from "../../../server/db/generated/enums";
import { PROJECT_STATUS_LABELS } from "../../../server/projects/status";
import { Badge, type BadgeVariant } from "../ui/badge";

const VARIANT: Record<ProjectStatus, BadgeVariant> = {
  planning: "secondary",
  in_progress: "default",
  on_hold: "warning",
  review: "outline",
  completed: "success",
  cancelled: "destructive",
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <Badge variant={VARIANT[status]}>{PROJECT_STATUS_LABELS[status]}</Badge>;
}
