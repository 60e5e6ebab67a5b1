import { beforeAll, describe, expect, it } from "vitest";
import { systemDb, systemPool, withTenant } from "../db";
import { installWorkerSchema, jobByKey } from "../../jobs/testing/worker";
import { EMAIL_MAX_ATTEMPTS, emailJobKey, enqueueEmail } from "./outbox";

async function business() {
  const s = Math.random().toString(36).slice(2, 10);
  return systemDb().tenant.create({ data: { name: `Wake ${s}`, slug: `wake-${s}` } });
}

const mail = (tenantId: string | null) => ({
  tenantId,
  to: "someone@example.test",
  subject: "Hello",
  text: "Hi there",
  kind: "test",
});

/** graphile-worker hides payloads from its public jobs view; the test reads the table itself. */
async function payloadOf(jobId: string) {
  const { rows } = await systemPool().query(`SELECT payload FROM graphile_worker._private_jobs WHERE id = $1`, [jobId]);
  return rows[0]?.payload;
}

describe("enqueueEmail wakes the sender", () => {
  beforeAll(installWorkerSchema);

  it("queues a send_email job in the same transaction, even through the row-level-security role", async () => {
    const tenant = await business();
    const { id } = await withTenant({ tenantId: tenant.id }, (tx) => enqueueEmail(tx, mail(tenant.id)));
    const job = await jobByKey(emailJobKey(id));
    expect(job).toMatchObject({ task_identifier: "send_email", attempts: 0, max_attempts: EMAIL_MAX_ATTEMPTS });
    expect(await payloadOf(job!.id)).toEqual({ id });
  });

  it("leaves no job behind when the transaction that wrote the mail rolls back", async () => {
    const tenant = await business();
    let id = "";
    await expect(
      withTenant({ tenantId: tenant.id }, async (tx) => {
        id = (await enqueueEmail(tx, mail(tenant.id))).id;
        throw new Error("invite failed later in the request");
      }),
    ).rejects.toThrow("invite failed");
    expect(id).not.toBe("");
    expect(await systemDb().emailOutbox.count({ where: { id } })).toBe(0);
    expect(await jobByKey(emailJobKey(id))).toBeNull();
  });

  it("does not queue again when a message is marked sent", async () => {
    const { id } = await enqueueEmail(systemDb(), mail(null));
    const before = await jobByKey(emailJobKey(id));
    await systemDb().emailOutbox.update({ where: { id }, data: { status: "sent", sentAt: new Date() } });
    expect((await jobByKey(emailJobKey(id)))!.revision).toBe(before!.revision);
  });

  it("still writes mail when graphile-worker's schema is not installed yet (the sweep sends it later)", async () => {
    const client = await systemPool().connect();
    try {
      await client.query("BEGIN");
      // Hide the schema for this transaction only, as on a database no worker has touched.
      await client.query("ALTER SCHEMA graphile_worker RENAME TO graphile_worker_hidden");
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "EmailOutbox" ("id", "to", "subject", "text", "kind") VALUES ($1, 'a@example.test', 's', 't', 'test') RETURNING "id"`,
        [`no-worker-${Date.now()}`],
      );
      expect(rows).toHaveLength(1);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
