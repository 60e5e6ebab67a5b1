// How each appointment status reads and looks, the same in the calendar, list and detail.
import type { AppointmentStatus } from "../../../server/db/generated/enums";
import type { BadgeVariant } from "../ui/badge";

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: "Scheduled",
  confirmed: "Confirmed",
  rescheduled: "Rescheduled",
  cancelled: "Cancelled",
  completed: "Completed",
  no_show: "No-show",
};

export const STATUS_BADGES: Record<AppointmentStatus, BadgeVariant> = {
  scheduled: "secondary",
  confirmed: "default",
  rescheduled: "warning",
  cancelled: "outline",
  completed: "success",
  no_show: "destructive",
};

/** Calendar block colours: the left border and a tint, readable in light and dark themes. */
export const STATUS_BLOCKS: Record<AppointmentStatus, string> = {
  scheduled: "border-l-muted-foreground bg-muted",
  confirmed: "border-l-primary bg-primary/10",
  rescheduled: "border-l-warning bg-warning/10",
  cancelled: "border-l-border bg-background text-muted-foreground line-through",
  completed: "border-l-success bg-success/10",
  no_show: "border-l-destructive bg-destructive/10",
};

export const STATUSES = Object.keys(STATUS_LABELS) as AppointmentStatus[];
