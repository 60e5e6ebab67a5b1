import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { resetEnvCache } from "../../server/env";
import { addJob } from "../../server/jobs/enqueue";
import { installWorkerSchema, runDueJobs } from "../testing/worker";
import purgeAuditLogTask from "./purge_audit_log";

function monthsAgo(months: number, extraDays = 2) {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() - extraDays);
  return d;
}

async function business(settings: Record<string, string | number> = {}) {
  const s = Math.random().toString(36).slice(2, 10);
  return systemDb().tenant.create({ data: { name: `Audit ${s}`, slug: `audit-${s}`, settings } });
}

/** Writes entries of the given ages (in months, minus a couple of days' margin), returns their actions. */
async function entries(tenantId: string | null, ages: number[]) {
  const tag = Math.random().toString(36).slice(2, 8);
  for (const age of ages) {
    await systemDb().auditLog.create({ data: { tenantId, action: `t${tag}.age${age}`, createdAt: age === 0 ? new Date() : monthsAgo(age) } });
  }
  return tag;
}

async function remaining(tag: string) {
  const rows = await systemDb().auditLog.findMany({ where: { action: { startsWith: `t${tag}.` } }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => Number(r.action.split(".age")[1]));
}

async function purge() {
  await addJob("purge_audit_log", {});
  await runDueJobs({ purge_audit_log: purgeAuditLogTask });
}

beforeAll(installWorkerSchema);
afterEach(() => {
  delete process.env.AUDIT_RETENTION_MONTHS;
  resetEnvCache();
});

describe("purge_audit_log", () => {
  it("keeps 12 months by default and honours a business's own retention", async () => {
    const plain = await business();
    const short = await business({ auditRetentionMonths: 3 });
    const long = await business({ auditRetentionMonths: 24, other: "kept" });
    const broken = await business({ auditRetentionMonths: "forever" });
    const tags = {
      plain: await entries(plain.id, [0, 11, 13]),
      short: await entries(short.id, [0, 2, 4, 13]),
      long: await entries(long.id, [0, 13, 23, 25]),
      broken: await entries(broken.id, [0, 11, 13]),
      platform: await entries(null, [0, 11, 13]),
    };

    await purge();

    expect(await remaining(tags.plain)).toEqual([0, 11]);
    expect(await remaining(tags.short)).toEqual([0, 2]);
    expect(await remaining(tags.long)).toEqual([0, 13, 23]);
    expect(await remaining(tags.broken)).toEqual([0, 11]);
    expect(await remaining(tags.platform)).toEqual([0, 11]);
  });

  it("reads the default from AUDIT_RETENTION_MONTHS", async () => {
    process.env.AUDIT_RETENTION_MONTHS = "6";
    resetEnvCache();
    const plain = await business();
    const tag = await entries(plain.id, [0, 5, 7]);
    await purge();
    expect(await remaining(tag)).toEqual([0, 5]);
  });
});
