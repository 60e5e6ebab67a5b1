// Every e-mail goes through the outbox table first, so nothing is lost when SMTP is down or
// not configured: the send_email job delivers it (jobs/tasks/send_email.ts), and admins can read
// undelivered mail on the Outbox page.
import type { PrismaClient, Tx } from "../db";

export interface OutgoingEmail {
  /** The business the mail belongs to; null for platform mail (e.g. password reset). */
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What it is, for the Outbox page and tests: "invite", "password_reset", "call_summary", ... */
  kind: string;
}

export async function enqueueEmail(db: PrismaClient | Tx, email: OutgoingEmail): Promise<{ id: string }> {
  const row = await db.emailOutbox.create({
    data: {
      tenantId: email.tenantId,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      kind: email.kind,
    },
    select: { id: true },
  });
  return row;
}
