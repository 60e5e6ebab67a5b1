// Server half of the new-invoice page: how a contact appears in its picker.
import { contactDisplayName } from "../../../server/invoices/invoices";

export type ContactOption = { id: string; name: string; detail: string };

export function contactOption(c: { id: string; givenName: string; familyName: string; company: string; email: string | null; phone: string | null }): ContactOption {
  return { id: c.id, name: contactDisplayName(c), detail: [c.company, c.email, c.phone].filter(Boolean).join(" · ") };
}
