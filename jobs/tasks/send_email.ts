// Delivers one outbox message (payload { id }). Queued by the EmailOutbox wake trigger and by
// email_outbox_sweep; retried by graphile-worker with exponential back-off on SMTP errors.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb } from "../../server/db";
import { deliverOutboxEmail } from "../../server/email/deliver";
import { tenantMayRun } from "../tenant-guard";

const payloadSchema = z.object({ id: z.string().min(1) });

const sendEmail: Task<"send_email"> = async (payload, helpers) => {
  const { id } = payloadSchema.parse(payload);
  const db = systemDb();
  const email = await db.emailOutbox.findUnique({ where: { id }, select: { tenantId: true } });
  if (!email) return;
  if (!(await tenantMayRun(db, email.tenantId, helpers))) return;
  const outcome = await deliverOutboxEmail(db, id, {
    attempt: helpers.job.attempts,
    maxAttempts: helpers.job.max_attempts,
  });
  helpers.logger.debug(`email ${id}: ${outcome}`);
};

export default sendEmail;
