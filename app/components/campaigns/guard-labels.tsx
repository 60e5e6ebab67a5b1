// How the outbound guard's decisions and reason codes read on the Safeguards and campaign pages.
// The codes come from server/compliance/guard.ts (ReasonCode), the dispatcher (server/campaigns/
// dispatch.ts, planner.ts) and, once a call ended, the call's outcome.
import type { ReasonCode } from "../../../server/compliance/guard";
import { outcomeLabel } from "../calls/call-labels";
import { Badge, type BadgeVariant } from "../ui/badge";

type Label = { label: string; variant: BadgeVariant; hint: string };

/** Every code the guard itself returns: the Record type makes a new code fail typechecking here. */
export const GUARD_REASON_LABELS: Record<ReasonCode, Label> = {
  ok: { label: "Allowed", variant: "success", hint: "Every safeguard passed." },
  dnc_list: { label: "Do-not-call list", variant: "destructive", hint: "The number is on the business's do-not-call list." },
  dnc_contact: { label: "Contact opted out", variant: "destructive", hint: "The contact is marked do-not-call." },
  no_consent: { label: "No consent", variant: "destructive", hint: "This campaign type needs the contact's consent." },
  retry_limit: { label: "Retry limit", variant: "destructive", hint: "The maximum number of retries was reached." },
  paused: { label: "Calling paused", variant: "warning", hint: "Outbound calling is paused until an admin resumes it." },
  outside_window: { label: "Outside calling hours", variant: "warning", hint: "Outside the calling window in the callee's own time." },
  no_window: { label: "No calling time soon", variant: "warning", hint: "No allowed calling time in the next two weeks." },
  holiday: { label: "Legal holiday", variant: "warning", hint: "The callee's state forbids these calls on a legal holiday." },
  cap_15min: { label: "15-minute cap", variant: "warning", hint: "The calls-per-15-minutes limit is reached." },
  cap_day: { label: "Daily cap", variant: "warning", hint: "The calls-per-day limit is reached." },
  concurrency: { label: "Too many live calls", variant: "warning", hint: "The simultaneous-calls limit is reached." },
  retry_gap: { label: "Retry gap", variant: "warning", hint: "Too soon after the last attempt." },
  regional_daily_limit: { label: "State daily limit", variant: "warning", hint: "The callee's state limits calls per number per day." },
  reg_f_attempts: { label: "Reg F: 7 in 7 days", variant: "warning", hint: "Regulation F: at most 7 calls in 7 days about one debt." },
  reg_f_conversation: { label: "Reg F: recent conversation", variant: "warning", hint: "Regulation F: a conversation about this debt took place in the last 7 days." },
};

/** Codes the dispatcher and planner write on a task besides the guard's own. */
export const DISPATCH_REASON_LABELS: Record<string, Label> = {
  telephony_not_configured: { label: "Telephony not configured", variant: "warning", hint: "LiveKit and an outbound number are not configured yet." },
  subject_gone: { label: "No longer needed", variant: "outline", hint: "The appointment or invoice changed, so the call was withdrawn." },
  dialing: { label: "Calling now", variant: "default", hint: "The call is being placed." },
  placement_invalid: { label: "Could not place", variant: "destructive", hint: "The call could not be placed." },
};

/** A label for any reason code (guard, dispatcher, or a finished call's outcome); null for none. */
export function reasonLabel(code: string | null | undefined): Label | null {
  if (!code) return null;
  return (
    (GUARD_REASON_LABELS as Record<string, Label>)[code] ??
    DISPATCH_REASON_LABELS[code] ?? { label: outcomeLabel(code), variant: "secondary", hint: "" }
  );
}

export function ReasonBadge({ code, className }: { code: string | null | undefined; className?: string }) {
  const l = reasonLabel(code);
  if (!l) return null;
  return (
    <Badge variant={l.variant} title={l.hint || undefined} className={className}>
      {l.label}
    </Badge>
  );
}

export const DECISION_LABELS: Record<string, Label> = {
  allow: { label: "Allowed", variant: "success", hint: "The call was placed." },
  defer: { label: "Deferred", variant: "warning", hint: "The call waits and is tried again later." },
  block: { label: "Blocked", variant: "destructive", hint: "This call will not be placed." },
};

export function DecisionBadge({ decision }: { decision: string }) {
  const l = DECISION_LABELS[decision] ?? { label: decision, variant: "outline" as const, hint: "" };
  return (
    <Badge variant={l.variant} title={l.hint || undefined}>
      {l.label}
    </Badge>
  );
}
