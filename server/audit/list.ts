// Reading a business's audit log: newest first, cursor-paginated, filtered by action prefix and
// actor. Runs in the tenant's row-level-security transaction, so only its own entries are seen.
import { z } from "zod";
import { systemDb, type Tx } from "../db";

export const auditListInput = z.object({
  /** The id of the last entry of the previous page. */
  cursor: z.string().regex(/^\d+$/, "Invalid cursor").optional(),
  /** "team." matches every team event; "auth.login" matches auth.login and auth.login_failed. */
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9_.]*$/, "Letters, digits, dots and underscores only")
    .optional(),
  actorId: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type AuditListInput = z.input<typeof auditListInput>;

export interface AuditActor {
  id: string;
  name: string;
  email: string;
}

export interface AuditListItem {
  /** BigInt in the database; a string here so loaders can serialise it as JSON. */
  id: string;
  action: string;
  createdAt: Date;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  meta: unknown;
  actorId: string | null;
  /** Null for system events, or when the user account was deleted. */
  actor: AuditActor | null;
}

/**
 * Names and e-mails for the actors of entries already read under row-level security. Read with
 * the owner connection because people who have left the business (no membership any more, so
 * invisible to the tenant's policies) must still be named in its history.
 */
async function actorsById(ids: string[]): Promise<Map<string, AuditActor>> {
  if (ids.length === 0) return new Map();
  const users = await systemDb().user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((u) => [u.id, u]));
}

export async function listAuditEntries(
  db: Tx,
  tenantId: string,
  input: z.output<typeof auditListInput>,
): Promise<{ items: AuditListItem[]; nextCursor: string | null }> {
  const rows = await db.auditLog.findMany({
    where: {
      tenantId,
      ...(input.action ? { action: { startsWith: input.action } } : {}),
      ...(input.actorId ? { actorId: input.actorId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: BigInt(input.cursor) }, skip: 1 } : {}),
  });
  const page = rows.slice(0, input.limit);
  const actors = await actorsById([...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))]);
  return {
    items: page.map((r) => ({
      id: r.id.toString(),
      action: r.action,
      createdAt: r.createdAt,
      targetType: r.targetType,
      targetId: r.targetId,
      ip: r.ip,
      meta: r.meta,
      actorId: r.actorId,
      actor: r.actorId ? (actors.get(r.actorId) ?? null) : null,
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].id.toString() : null,
  };
}

/** Everyone who appears as an actor in the business's log (for the actor filter). */
export async function listAuditActors(db: Tx, tenantId: string): Promise<AuditActor[]> {
  const rows = await db.auditLog.findMany({
    where: { tenantId, actorId: { not: null } },
    distinct: ["actorId"],
    select: { actorId: true },
  });
  const actors = await actorsById(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])));
  return [...actors.values()].sort((a, b) => a.name.localeCompare(b.name));
}
