// The audit trail: who did what to which record, from where. Every write in the app records one
// entry; the Audit log page and the retention job read the table.
import type pg from "pg";
import type { PrismaClient, Tx } from "../db";
import { Prisma } from "../db";

export interface AuditEntry {
  /** The business the event belongs to; null for platform events (e.g. a failed login by an unknown e-mail). */
  tenantId: string | null;
  actorId: string | null;
  /** Dotted name: "auth.login", "auth.login_failed", "team.role_changed", "business.updated", ... */
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  meta?: Record<string, unknown>;
}

/**
 * Writes one audit entry. Pass the tenant transaction when the event belongs to a business (the
 * row-level-security policy only accepts the transaction's own tenant), or systemDb() for
 * platform events and sign-in, which run before any tenant scope exists.
 */
export async function recordAudit(db: Tx | PrismaClient | pg.ClientBase, entry: AuditEntry): Promise<void> {
  if (!("auditLog" in db)) {
    // A plain pg connection (withTenantConnection): the same row, in the caller's transaction
    // (the time stored as UTC wall time, as Prisma writes it).
    await db.query(
      `INSERT INTO "AuditLog" ("tenantId", "actorId", action, "targetType", "targetId", ip, meta, "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now() AT TIME ZONE 'UTC')`,
      [entry.tenantId, entry.actorId, entry.action, entry.targetType ?? null, entry.targetId ?? null, entry.ip ?? null, JSON.stringify(entry.meta ?? {})],
    );
    return;
  }
  await db.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ip: entry.ip,
      meta: (entry.meta ?? {}) as Prisma.InputJsonValue,
    },
  });
}
