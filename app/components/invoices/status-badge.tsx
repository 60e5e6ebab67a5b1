// An invoice's status as words and a coloured badge, the same on the list, the invoice page and
// the status filter.
import type { InvoiceStatus } from "../../../server/db/generated/enums";
import { Badge, type BadgeVariant } from "../ui/badge";

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  open: "Open",
  overdue: "Overdue",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
};

const VARIANT: Record<InvoiceStatus, BadgeVariant> = {
  draft: "secondary",
  open: "default",
  overdue: "destructive",
  partially_paid: "warning",
  paid: "success",
  void: "outline",
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return <Badge variant={VARIANT[status]}>{INVOICE_STATUS_LABELS[status]}</Badge>;
}
