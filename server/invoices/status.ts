// The status a person (or the phone agent) should see. The stored status lags by up to a day
// (the mark_overdue_invoices job runs nightly), so reads derive it from the due date instead.
import type { InvoiceStatus } from "../db/generated/enums";

export const INVOICE_STATUSES = ["draft", "open", "overdue", "partially_paid", "paid", "void"] as const satisfies readonly InvoiceStatus[];

/** Statuses that still expect money: they age, can be paid and can turn overdue. */
export const COLLECTIBLE: readonly InvoiceStatus[] = ["open", "overdue", "partially_paid"];

/**
 * Open and past due (in the business's calendar) is overdue; an invoice stored as overdue whose
 * due date moved later is open again. A partially paid invoice keeps that status (it says more),
 * but counts as past due in the "overdue only" filter and the aging summary.
 */
export function effectiveStatus(stored: InvoiceStatus, dueDate: string, today: string): InvoiceStatus {
  if (stored === "open" || stored === "overdue") return dueDate < today ? "overdue" : "open";
  return stored;
}
