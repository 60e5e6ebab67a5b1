// Every minute: queues a send_email job for pending mail that has none, so mail written before
// graphile-worker's schema existed, or whose job was lost, still goes out. Does nothing while
// SMTP is not configured: the sender would only leave the mail pending again.
import type { Task } from "graphile-worker";
import { env } from "../../server/env";
import { EMAIL_MAX_ATTEMPTS, emailJobKey } from "../../server/email/outbox";

/** Older pending mail is left for an admin to retry by hand: stale invites helps no one. */
const MAX_AGE = "7 days";
const BATCH = 500;

const emailOutboxSweep: Task<"email_outbox_sweep"> = async (_payload, helpers) => {
  if (!env().SMTP_URL) return;
  // One statement, so a message is checked and queued atomically; a job that exists in any
  // state (waiting, retrying, running) keeps its attempts, since add_job would reset them.
  // 'email:' || id is emailJobKey(id).
  const { rows } = await helpers.query<{ id: string }>(
    `SELECT o."id"
       FROM "EmailOutbox" o
       LEFT JOIN "Tenant" t ON t."id" = o."tenantId"
      WHERE o."status" = 'pending'
        AND o."createdAt" > now() - $1::interval
        AND (o."tenantId" IS NULL OR t."status" = 'active')
        AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'email:' || o."id")
      ORDER BY o."createdAt"
      LIMIT $2`,
    [MAX_AGE, BATCH],
  );
  for (const { id } of rows) {
    await helpers.addJob("send_email", { id }, { jobKey: emailJobKey(id), maxAttempts: EMAIL_MAX_ATTEMPTS });
  }
  if (rows.length) helpers.logger.info(`queued ${rows.length} pending e-mail(s)`);
};

export default emailOutboxSweep;
