// Daily: deletes audit entries older than the retention period: AUDIT_RETENTION_MONTHS (default
// 12) or a business's own settings.auditRetentionMonths. Retention is a platform duty, so it
// also runs for suspended businesses (the tenant guard is for work done on a business's behalf).
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb } from "../../server/db";
import { env } from "../../server/env";

const retentionMonths = z.number().int().min(1).max(120);
const tenantSettings = z.object({ auditRetentionMonths: z.unknown() }).passthrough();

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export async function purgeAuditLog(now: Date = new Date(), warn: (msg: string) => void = () => {}) {
  const db = systemDb();
  const defaultMonths = env().AUDIT_RETENTION_MONTHS;
  const withOverride = await db.$queryRaw<{ id: string; settings: unknown }[]>`
    SELECT "id", "settings" FROM "Tenant" WHERE "settings" ? 'auditRetentionMonths'`;
  const overrides = new Map<string, number>();
  for (const t of withOverride) {
    const raw = tenantSettings.safeParse(t.settings);
    const months = retentionMonths.safeParse(raw.success ? raw.data.auditRetentionMonths : undefined);
    if (months.success) overrides.set(t.id, months.data);
    else warn(`business ${t.id}: settings.auditRetentionMonths is not a whole number of months from 1 to 120; using ${defaultMonths}`);
  }
  let deleted = 0;
  for (const [tenantId, months] of overrides) {
    const r = await db.auditLog.deleteMany({ where: { tenantId, createdAt: { lt: monthsBefore(now, months) } } });
    deleted += r.count;
  }
  const rest = await db.auditLog.deleteMany({
    where: {
      createdAt: { lt: monthsBefore(now, defaultMonths) },
      OR: [{ tenantId: null }, { tenantId: { notIn: [...overrides.keys()] } }],
    },
  });
  return deleted + rest.count;
}

const purgeAuditLogTask: Task<"purge_audit_log"> = async (_payload, helpers) => {
  const deleted = await purgeAuditLog(new Date(), (msg) => helpers.logger.warn(msg));
  helpers.logger.info(`deleted ${deleted} audit entries past retention`);
};

export default purgeAuditLogTask;
