// Every e-mail goes through the outbox table first, so nothing is lost when SMTP is down or
// not configured: the send_email job delivers it (jobs/tasks/send_email.ts), and admins can read
// undelivered mail on the Outbox page.
//
// Waking the sender: a trigger on EmailOutbox (migration 20261123000000_email_outbox_wake) adds
// the send_email job, keyed "email:<id>", in the same transaction as the insert. So
// enqueueEmail works inside any transaction: the job commits with the mail, and a rolled-back
// insert leaves no job. The email_outbox_sweep cron re-queues pending mail that has no job
// (graphile-worker not installed yet when the mail was written, or a job lost by hand).
import { z } from "zod";
import type { PrismaClient, Tx } from "../db";
import type { EmailStatus } from "../db/generated/enums";

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

/** Attempts before a message is marked failed; the wake trigger uses the same number. */
export const EMAIL_MAX_ATTEMPTS = 10;

/** The job key of a message's send_email job (also used by the wake trigger). */
export function emailJobKey(id: string): string {
  return `email:${id}`;
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

// --- Reading and retrying, for the Outbox pages -------------------------------------------------

export const outboxListInput = z.object({
  /** The id of the last message of the previous page. */
  cursor: z.string().min(1).max(64).optional(),
  status: z.enum(["pending", "sent", "failed"]).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type OutboxListInput = z.input<typeof outboxListInput>;

export const outboxIdInput = z.object({ id: z.string().min(1).max(64) });

const summary = {
  id: true,
  to: true,
  subject: true,
  kind: true,
  status: true,
  attempts: true,
  lastError: true,
  sentAt: true,
  createdAt: true,
} as const;

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface OutboxMessage extends OutboxSummary {
  text: string;
  html: string | null;
}

/**
 * Which mail a reader sees. "tenant": a business's mail, through its row-level-security
 * transaction (RLS already limits rows; the filter says so for the reader). "platform": mail
 * that belongs to no business (password resets), for super admins on the owner connection.
 */
export type OutboxScope = { kind: "tenant"; tenantId: string } | { kind: "platform" };

function scopeWhere(scope: OutboxScope) {
  return scope.kind === "tenant" ? { tenantId: scope.tenantId } : { tenantId: null };
}

export async function listOutbox(
  db: PrismaClient | Tx,
  scope: OutboxScope,
  rawInput: OutboxListInput,
): Promise<{ items: OutboxSummary[]; nextCursor: string | null }> {
  const input = outboxListInput.parse(rawInput);
  const rows = await db.emailOutbox.findMany({
    where: { ...scopeWhere(scope), ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: summary,
  });
  const more = rows.length > input.limit;
  const items = more ? rows.slice(0, input.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export async function getOutboxMessage(db: PrismaClient | Tx, scope: OutboxScope, id: string): Promise<OutboxMessage | null> {
  return db.emailOutbox.findFirst({
    where: { id, ...scopeWhere(scope) },
    select: { ...summary, text: true, html: true },
  });
}

export type RetryResult = "queued" | "not_found" | "not_failed";

/**
 * Gives a failed message a fresh set of attempts. Setting it back to pending fires the wake
 * trigger, which queues the send job in this same transaction.
 */
export async function retryOutboxMessage(db: PrismaClient | Tx, scope: OutboxScope, id: string): Promise<RetryResult> {
  const updated = await db.emailOutbox.updateMany({
    where: { id, status: "failed", ...scopeWhere(scope) },
    data: { status: "pending", attempts: 0, lastError: null },
  });
  if (updated.count === 1) return "queued";
  const exists = await db.emailOutbox.count({ where: { id, ...scopeWhere(scope) } });
  return exists ? "not_failed" : "not_found";
}
