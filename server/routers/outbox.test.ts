import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { resetEnvCache } from "../env";
import { enqueueEmail, emailJobKey } from "../email/outbox";
import { signedInMember, signedInSuperAdmin } from "../testing/members";
import { installWorkerSchema, jobByKey } from "../../jobs/testing/worker";

async function mail(tenantId: string | null, subject: string) {
  return enqueueEmail(systemDb(), { tenantId, to: "x@example.test", subject, text: `Body of ${subject}`, kind: "invite" });
}

beforeAll(installWorkerSchema);

describe("outbox router", () => {
  it("lists only the business's own mail, newest first, and says SMTP is not configured", async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    const { caller, tenant } = await signedInMember("admin");
    const other = await signedInMember("owner");
    await mail(tenant.id, "first");
    await mail(tenant.id, "second");
    await mail(other.tenant.id, "someone else's");
    await mail(null, "platform reset");

    const page = await caller.outbox.list({});
    expect(page.items.map((m) => m.subject)).toEqual(["second", "first"]);
    expect(page.nextCursor).toBeNull();
    expect(page.delivery).toEqual({ smtpConfigured: false });
    expect(page.items[0]).not.toHaveProperty("text");
  });

  it("pages with a cursor and filters by status", async () => {
    const { caller, tenant } = await signedInMember("owner");
    for (const s of ["a", "b", "c"]) await mail(tenant.id, s);
    const { id: sentId } = await mail(tenant.id, "d");
    await systemDb().emailOutbox.update({ where: { id: sentId }, data: { status: "sent" } });

    const first = await caller.outbox.list({ limit: 2 });
    const second = await caller.outbox.list({ limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((m) => m.subject)).toEqual(["d", "c", "b", "a"]);
    expect(second.nextCursor).toBeNull();
    expect((await caller.outbox.list({ status: "sent" })).items.map((m) => m.subject)).toEqual(["d"]);
  });

  it("opens a message of the business but not another business's", async () => {
    const { caller, tenant } = await signedInMember("owner");
    const other = await signedInMember("owner");
    const own = await mail(tenant.id, "own");
    const foreign = await mail(other.tenant.id, "foreign");
    expect(await caller.outbox.get({ id: own.id })).toMatchObject({ subject: "own", text: "Body of own" });
    await expect(caller.outbox.get({ id: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses staff and viewers", async () => {
    const { caller } = await signedInMember("staff");
    await expect(caller.outbox.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const viewer = await signedInMember("viewer");
    await expect(viewer.caller.outbox.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("retries a failed message (queues its job and audits it) and refuses the rest", async () => {
    const { caller, tenant, user } = await signedInMember("owner");
    const { id } = await mail(tenant.id, "bounced");
    await systemDb().emailOutbox.update({ where: { id }, data: { status: "failed", attempts: 10, lastError: "550 no" } });
    await systemDb().$executeRaw`SELECT graphile_worker.remove_job(${emailJobKey(id)})`;

    expect(await caller.outbox.retry({ id })).toEqual({ ok: true });
    expect(await systemDb().emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "pending",
      attempts: 0,
      lastError: null,
    });
    expect(await jobByKey(emailJobKey(id))).toMatchObject({ task_identifier: "send_email", attempts: 0 });
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: tenant.id, action: "email.retried" } });
    expect(audit).toMatchObject({ actorId: user.id, targetId: id });

    await expect(caller.outbox.retry({ id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const other = await signedInMember("owner");
    const foreign = await mail(other.tenant.id, "foreign");
    await systemDb().emailOutbox.update({ where: { id: foreign.id }, data: { status: "failed" } });
    await expect(caller.outbox.retry({ id: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await systemDb().emailOutbox.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("failed");
  });

  it("shows platform mail to super admins only", async () => {
    const root = await signedInSuperAdmin();
    const { caller: owner, tenant } = await signedInMember("owner");
    const reset = await mail(null, `Reset ${Math.random()}`);
    await mail(tenant.id, "tenant mail");

    const page = await root.caller.outbox.platformList({ limit: 100 });
    expect(page.items.map((m) => m.id)).toContain(reset.id);
    expect(page.items.every((m) => m.subject !== "tenant mail")).toBe(true);
    expect(await root.caller.outbox.platformGet({ id: reset.id })).toMatchObject({ id: reset.id, text: expect.stringContaining("Body") });
    await expect(owner.outbox.platformList({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(owner.outbox.platformGet({ id: reset.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await systemDb().emailOutbox.update({ where: { id: reset.id }, data: { status: "failed" } });
    await expect(owner.outbox.platformRetry({ id: reset.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await root.caller.outbox.platformRetry({ id: reset.id })).toEqual({ ok: true });
    expect((await systemDb().emailOutbox.findUniqueOrThrow({ where: { id: reset.id } })).status).toBe("pending");
  });
});
