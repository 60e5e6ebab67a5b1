// How a call's direction, status and outcome read on the Calls pages.
import { Badge, type BadgeVariant } from "../ui/badge";

export const DIRECTION_LABELS = { inbound: "Inbound", outbound: "Outbound", test: "Test" } as const;

export const STATUS_LABELS: Record<string, { label: string; variant: BadgeVariant }> = {
  queued: { label: "Queued", variant: "secondary" },
  ringing: { label: "Ringing", variant: "default" },
  in_progress: { label: "In progress", variant: "default" },
  completed: { label: "Completed", variant: "success" },
  no_answer: { label: "No answer", variant: "warning" },
  busy: { label: "Busy", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
  voicemail: { label: "Voicemail", variant: "secondary" },
};

export function outcomeLabel(outcome: string): string {
  const text = outcome.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function CallStatusBadge({ status }: { status: string }) {
  const s = STATUS_LABELS[status] ?? { label: status, variant: "outline" as const };
  return <Badge variant={s.variant}>{s.label}</Badge>;
}

/** Simulator and Test-call-page conversations: never a real phone call. */
export function SimulatedBadge() {
  return (
    <Badge variant="outline" title="A simulated conversation from the workflow editor or simulator: no phone call took place.">
      Simulated
    </Badge>
  );
}

export function formatDuration(sec: number | null): string {
  if (sec == null) return "—";
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return m ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}
