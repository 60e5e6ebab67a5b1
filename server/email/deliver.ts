// Delivers one outbox message over SMTP (nodemailer). Called by the send_email job, which is
// at-least-once: the row is locked while sending, a sent row is never sent again, and the
// Message-ID is derived from the outbox id so a duplicate after a crash (SMTP accepted, the
// process died before "sent" was recorded) carries the same Message-ID and is recognisable.
import nodemailer, { type Transporter } from "nodemailer";
import type { PrismaClient } from "../db";
import type { EmailStatus } from "../db/generated/enums";
import { env } from "../env";

export type DeliveryOutcome =
  /** Accepted by the SMTP server and marked sent. */
  | "sent"
  /** Nothing to do: already sent, given up on (failed), or deleted with its business. */
  | "not_pending"
  /** Another sender holds the row right now; it will finish the job. */
  | "busy"
  /** SMTP_URL is not set: the mail stays pending, readable on the Outbox page. */
  | "kept_in_outbox";

export class DeliveryError extends Error {
  override name = "DeliveryError";
}

export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  /** After this many failed attempts the message is marked failed. */
  maxAttempts: number;
}

let transport: { url: string; transporter: Transporter } | undefined;

function smtpTransport(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = {
      url,
      // Short timeouts: a hung SMTP server must fail the attempt (and back off), not hold the
      // row lock and a worker slot for nodemailer's default two minutes.
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    };
  }
  return transport.transporter;
}

/** `<outbox id>@<sender's domain>`: stable across retries of the same message. */
export function outboxMessageId(id: string, from: string = env().EMAIL_FROM): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? "switchboard.local";
  return `<outbox.${id}@${domain}>`;
}

interface LockedRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  status: EmailStatus;
  attempts: number;
}

/**
 * Sends outbox message `id` if it is still pending. On an SMTP error it records the attempt
 * and throws DeliveryError (so the job is retried with back-off); on the last attempt it marks
 * the message failed first.
 */
export async function deliverOutboxEmail(db: PrismaClient, id: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
  const e = env();
  const smtpUrl = e.SMTP_URL;
  let failure: DeliveryError | undefined;
  const outcome = await db.$transaction(
    async (tx): Promise<DeliveryOutcome> => {
      // SKIP LOCKED: a second job for the same message (a retry added while one was running)
      // steps aside instead of sending it twice.
      const rows = await tx.$queryRaw<LockedRow[]>`
        SELECT "id", "to", "subject", "text", "html", "status", "attempts"
        FROM "EmailOutbox" WHERE "id" = ${id} FOR UPDATE SKIP LOCKED`;
      const row = rows[0];
      if (!row) {
        const exists = await tx.emailOutbox.count({ where: { id } });
        return exists ? "busy" : "not_pending";
      }
      if (row.status !== "pending") return "not_pending";
      if (!smtpUrl) return "kept_in_outbox";
      try {
        await smtpTransport(smtpUrl).sendMail({
          from: e.EMAIL_FROM,
          to: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html ?? undefined,
          messageId: outboxMessageId(row.id, e.EMAIL_FROM),
        });
      } catch (err) {
        const final = attempt.attempt >= attempt.maxAttempts;
        const message = err instanceof Error ? err.message : String(err);
        await tx.emailOutbox.update({
          where: { id },
          data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000), ...(final ? { status: "failed" } : {}) },
        });
        const of = `attempt ${attempt.attempt} of ${attempt.maxAttempts}${final ? ", giving up" : ""}`;
        failure = new DeliveryError(`SMTP delivery failed (${of}): ${message}`, { cause: err });
        return "kept_in_outbox";
      }
      await tx.emailOutbox.update({
        where: { id },
        data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      return "sent";
    },
    { timeout: 90_000, maxWait: 10_000 },
  );
  if (failure) throw failure;
  return outcome;
}
