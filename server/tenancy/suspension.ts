// Suspending and reactivating a business (super admin). Suspension ends every session working in
// that business at once, so its people are out now rather than when their sessions expire; the
// procedure ladder refuses a suspended business from then on, and sign-in skips it.
import type { PrismaClient } from "../db";
import type { TenantStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import type { PlatformActor } from "./onboard-business";

export interface StatusChange {
  id: string;
  status: TenantStatus;
  suspendedAt: Date | null;
  changed: boolean;
  sessionsEnded: number;
}

/**
 * Sets a business's status. Returns null when there is no such business. Setting the status it
 * already has changes nothing and records nothing. `keepSessionId` spares the acting super
 * admin's own session when it happens to work in that business.
 */
export async function setBusinessStatus(
  db: PrismaClient,
  actor: PlatformActor & { sessionId?: string },
  input: { id: string; status: TenantStatus },
): Promise<StatusChange | null> {
  return db.$transaction(async (tx) => {
    const current = await tx.tenant.findUnique({ where: { id: input.id }, select: { status: true, suspendedAt: true } });
    if (!current) return null;
    if (current.status === input.status) {
      return { id: input.id, status: current.status, suspendedAt: current.suspendedAt, changed: false, sessionsEnded: 0 };
    }
    const suspending = input.status === "suspended";
    const updated = await tx.tenant.update({
      where: { id: input.id },
      data: { status: input.status, suspendedAt: suspending ? new Date() : null },
      select: { status: true, suspendedAt: true },
    });
    const ended = suspending
      ? await tx.session.deleteMany({
          where: { tenantId: input.id, ...(actor.sessionId ? { id: { not: actor.sessionId } } : {}) },
        })
      : { count: 0 };
    await recordAudit(tx, {
      tenantId: input.id,
      actorId: actor.id,
      action: suspending ? "business.suspended" : "business.reactivated",
      targetType: "tenant",
      targetId: input.id,
      ip: actor.ip,
      meta: { by: "platform", ...(suspending ? { sessionsEnded: ended.count } : {}) },
    });
    return { id: input.id, ...updated, changed: true, sessionsEnded: ended.count };
  });
}
