// Project statuses and how they read: shared by the service, the pages (browser bundle, so no
// database imports here) and the phone agent's answer.
import type { ProjectSource, ProjectStatus } from "../db/generated/enums";

export const PROJECT_STATUSES = ["planning", "in_progress", "on_hold", "review", "completed", "cancelled"] as const satisfies readonly ProjectStatus[];
export const PROJECT_SOURCES = ["manual", "asana", "jira", "monday"] as const satisfies readonly ProjectSource[];

/** How a status reads on the page and in the agent's sentence ("is on hold"). */
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planning: "Planning",
  in_progress: "In progress",
  on_hold: "On hold",
  review: "In review",
  completed: "Completed",
  cancelled: "Cancelled",
};

/** Statuses a client still waits on; the agent mentions these before finished ones. */
export const OPEN_PROJECT_STATUSES: readonly ProjectStatus[] = ["planning", "in_progress", "on_hold", "review"];
