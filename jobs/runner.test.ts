import { readFileSync } from "node:fs";
import { parseCrontab } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemDb, systemPool, withTenant } from "../server/db";
import { resetEnvCache } from "../server/env";
import { outboxMessageId } from "../server/email/deliver";
import { enqueueEmail } from "../server/email/outbox";
import { header, startTestSmtpServer, type TestSmtpServer } from "../server/email/test-smtp-server";
import { CRONTAB_PATH, startWorker, taskList } from "./runner";

describe("jobs/crontab", () => {
  it("names every schedule with an explicit id and points only at known tasks", () => {
    const text = readFileSync(CRONTAB_PATH, "utf8");
    const lines = text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/[?&]id=[a-z_]+/);
    const items = parseCrontab(text);
    expect(items.map((i) => i.task).sort()).toEqual(["cleanup_sessions", "dispatch_due_calls", "email_outbox_sweep", "mark_overdue_invoices", "plan_collections", "plan_list_campaigns", "plan_reminders", "purge_audit_log"]);
    for (const item of items) expect(Object.keys(taskList)).toContain(item.task);
  });
});

describe("the worker", () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    process.env.SMTP_URL = smtp.url;
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    await smtp.close();
  });

  it("starts without pool warnings, delivers queued mail end to end, and stops cleanly", async () => {
    const warn = vi.spyOn(console, "warn");
    const worker = await startWorker({ pgPool: systemPool(), concurrency: 2, pollInterval: 250 });
    try {
      expect(worker.running()).toBe(true);
      const s = Math.random().toString(36).slice(2, 10);
      const tenant = await systemDb().tenant.create({ data: { name: `Run ${s}`, slug: `run-${s}` } });
      // Written the way a request writes it: through the row-level-security role, in a transaction.
      const { id } = await withTenant({ tenantId: tenant.id }, (tx) =>
        enqueueEmail(tx, { tenantId: tenant.id, to: `new-${s}@example.test`, subject: "Welcome", text: "Hello", kind: "invite" }),
      );

      await vi.waitFor(
        async () => expect((await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("sent"),
        { timeout: 15_000, interval: 100 },
      );
      const got = smtp.received.filter((m) => header(m.raw, "Message-ID") === outboxMessageId(id));
      expect(got.map((m) => m.to)).toEqual([[`new-${s}@example.test`]]);
    } finally {
      await worker.stop();
    }
    expect(worker.running()).toBe(false);
    expect(warn.mock.calls.flat().join("\n")).not.toMatch(/error handlers/);
    warn.mockRestore();
  });
});
