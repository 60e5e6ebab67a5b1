import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { resetEnvCache } from "../../server/env";
import { outboxMessageId } from "../../server/email/deliver";
import { emailJobKey, enqueueEmail, retryOutboxMessage, EMAIL_MAX_ATTEMPTS } from "../../server/email/outbox";
import { header, startTestSmtpServer, type TestSmtpServer } from "../../server/email/test-smtp-server";
import { installWorkerSchema, jobByKey, makeDue, runDueJobs } from "../testing/worker";

let smtp: TestSmtpServer;

function useSmtp(url: string | null) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
}

async function business(status: "active" | "suspended" = "active") {
  const s = Math.random().toString(36).slice(2, 10);
  return systemDb().tenant.create({ data: { name: `Mail ${s}`, slug: `mail-${s}`, status } });
}

async function queueMail(tenantId: string | null, subject = "You're invited to Bright Smile") {
  return enqueueEmail(systemDb(), {
    tenantId,
    to: `person-${Math.random().toString(36).slice(2, 8)}@example.test`,
    subject,
    text: "Join your team: http://localhost:3000/invite/abc123",
    kind: "invite",
  });
}

function receivedFor(id: string) {
  return smtp.received.filter((m) => header(m.raw, "Message-ID") === outboxMessageId(id));
}

beforeAll(async () => {
  await installWorkerSchema();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  useSmtp(null);
  await smtp.close();
});
beforeEach(() => {
  smtp.refuseWith = null;
  useSmtp(smtp.url);
});

describe("send_email", () => {
  it("delivers a pending message over SMTP once, with a Message-ID derived from its outbox id", async () => {
    const tenant = await business();
    const { id } = await queueMail(tenant.id);
    const row = await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } });

    await runDueJobs();

    const got = receivedFor(id);
    expect(got).toHaveLength(1);
    expect(got[0]!.to).toEqual([row.to]);
    expect(header(got[0]!.raw, "Subject")).toBe(row.subject);
    expect(got[0]!.raw).toContain("http://localhost:3000/invite/abc123");
    const sent = await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(await jobByKey(emailJobKey(id))).toBeNull();

    // At-least-once: a duplicate job for a sent message must not send it again.
    await systemDb().$executeRaw`SELECT graphile_worker.add_job('send_email', json_build_object('id', ${id}::text))`;
    await runDueJobs();
    expect(receivedFor(id)).toHaveLength(1);
  });

  it("delivers platform mail, which belongs to no business", async () => {
    const { id } = await queueMail(null, "Reset your password");
    await runDueJobs();
    expect(receivedFor(id)).toHaveLength(1);
    expect((await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("sent");
  });

  it("records a refused attempt and fails the job so graphile-worker retries it later", async () => {
    const tenant = await business();
    const { id } = await queueMail(tenant.id);
    smtp.refuseWith = "Mailbox busy, try later";

    await runDueJobs();

    const row = await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("Mailbox busy");
    const job = await jobByKey(emailJobKey(id));
    expect(job).toMatchObject({ attempts: 1, max_attempts: EMAIL_MAX_ATTEMPTS });
    expect(job!.last_error).toContain("SMTP delivery failed");
    expect(job!.run_at.getTime()).toBeGreaterThan(Date.now());
  });

  it("marks the message failed on the last attempt, and Retry sends it again", async () => {
    const tenant = await business();
    const { id } = await queueMail(tenant.id);
    smtp.refuseWith = "Mailbox busy, try later";
    await runDueJobs();
    const job = await jobByKey(emailJobKey(id));
    await makeDue(job!.id, EMAIL_MAX_ATTEMPTS - 1);

    await runDueJobs();

    const failed = await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });
    expect(await jobByKey(emailJobKey(id))).toMatchObject({ attempts: EMAIL_MAX_ATTEMPTS });
    expect(receivedFor(id)).toHaveLength(0);

    smtp.refuseWith = null;
    expect(await retryOutboxMessage(systemDb(), { kind: "tenant", tenantId: tenant.id }, id)).toBe("queued");
    await runDueJobs();
    expect(receivedFor(id)).toHaveLength(1);
    expect(await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", lastError: null });
  });

  it("keeps mail pending in the outbox when SMTP is not configured", async () => {
    useSmtp(null);
    const tenant = await business();
    const { id } = await queueMail(tenant.id);

    await runDueJobs();

    expect(await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "pending",
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    expect(receivedFor(id)).toHaveLength(0);
  });

  it("does nothing for a suspended business", async () => {
    const tenant = await business("suspended");
    const { id } = await queueMail(tenant.id);

    await runDueJobs();

    expect(await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(receivedFor(id)).toHaveLength(0);
  });
});
