import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { resetEnvCache } from "../../server/env";
import { EMAIL_MAX_ATTEMPTS, emailJobKey, enqueueEmail } from "../../server/email/outbox";
import { addJob } from "../../server/jobs/enqueue";
import { installWorkerSchema, jobByKey, makeDue, runDueJobs } from "../testing/worker";
import emailOutboxSweep from "./email_outbox_sweep";

async function business(status: "active" | "suspended" = "active") {
  const s = Math.random().toString(36).slice(2, 10);
  return systemDb().tenant.create({ data: { name: `Sweep ${s}`, slug: `sweep-${s}`, status } });
}

/** A message whose wake-up job is gone, as if it was written before the worker existed. */
async function orphan(tenantId: string | null, data: { status?: "pending" | "sent" | "failed"; createdAt?: Date } = {}) {
  const { id } = await enqueueEmail(systemDb(), { tenantId, to: "a@example.test", subject: "s", text: "t", kind: "test" });
  await systemDb().$executeRaw`SELECT graphile_worker.remove_job(${emailJobKey(id)})`;
  if (data.status || data.createdAt) await systemDb().emailOutbox.update({ where: { id }, data });
  return id;
}

/** Runs the sweep through graphile-worker, and nothing else (send_email jobs stay queued). */
async function sweep() {
  await addJob("email_outbox_sweep", {});
  await runDueJobs({ email_outbox_sweep: emailOutboxSweep });
}

function useSmtp(url: string | null) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
}

beforeAll(installWorkerSchema);
afterAll(() => useSmtp(null));

describe("email_outbox_sweep", () => {
  it("queues one send job for each pending message without one, and leaves the rest alone", async () => {
    useSmtp("smtp://127.0.0.1:2525");
    const active = await business();
    const suspended = await business("suspended");
    const lost = await orphan(active.id);
    const platform = await orphan(null);
    const sent = await orphan(active.id, { status: "sent" });
    const failed = await orphan(active.id, { status: "failed" });
    const paused = await orphan(suspended.id);
    const stale = await orphan(active.id, { createdAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) });
    // Retrying after two refusals: the sweep must not reset its back-off.
    const { id: retrying } = await enqueueEmail(systemDb(), { tenantId: active.id, to: "b@example.test", subject: "s", text: "t", kind: "test" });
    const retryJob = await jobByKey(emailJobKey(retrying));
    await makeDue(retryJob!.id, 2);
    const retryBefore = await jobByKey(emailJobKey(retrying));

    await sweep();
    await sweep();

    for (const id of [lost, platform]) {
      // revision 0: added once, never replaced by the second sweep.
      expect(await jobByKey(emailJobKey(id))).toMatchObject({
        task_identifier: "send_email",
        attempts: 0,
        revision: 0,
        max_attempts: EMAIL_MAX_ATTEMPTS,
      });
    }
    for (const id of [sent, failed, paused, stale]) expect(await jobByKey(emailJobKey(id))).toBeNull();
    expect(await jobByKey(emailJobKey(retrying))).toMatchObject({ attempts: 2, revision: retryBefore!.revision });
  });

  it("queues nothing while SMTP is not configured", async () => {
    useSmtp(null);
    const active = await business();
    const lost = await orphan(active.id);
    await sweep();
    expect(await jobByKey(emailJobKey(lost))).toBeNull();
  });
});
