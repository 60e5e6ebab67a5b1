// A suspended business's jobs do nothing (issue #2: "its jobs do nothing"). Every task that
// acts for a business asks here first; work left undone (pending mail) resumes on reactivation.
import type { JobHelpers } from "graphile-worker";
import type { PrismaClient } from "../server/db";

/**
 * True when the task may act for `tenantId`: the business exists and is active, or the work
 * belongs to no business (platform mail). Logs why it said no.
 */
export async function tenantMayRun(db: PrismaClient, tenantId: string | null, helpers: JobHelpers): Promise<boolean> {
  if (tenantId === null) return true;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (!tenant) {
    helpers.logger.info(`skipped: business ${tenantId} no longer exists`);
    return false;
  }
  if (tenant.status !== "active") {
    helpers.logger.info(`skipped: business ${tenantId} is ${tenant.status}`);
    return false;
  }
  return true;
}
