// The platform's list of businesses for the super-admin console: search by name, slug or owner
// e-mail, newest first, with status, member count and owners. Spans tenants by design (systemDb).
import { z } from "zod";
import type { PrismaClient } from "../db";
import type { TenantStatus } from "../db/generated/enums";

export const businessDirectoryInput = z.object({
  q: z.string().trim().max(100).optional(),
  /** The id of the last business of the previous page. */
  cursor: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export interface BusinessDirectoryEntry {
  id: string;
  name: string;
  slug: string;
  status: TenantStatus;
  timezone: string;
  country: string;
  industry: string;
  createdAt: Date;
  suspendedAt: Date | null;
  memberCount: number;
  ownerEmails: string[];
  /** Owner invites not yet accepted (a business created from the console starts with one). */
  pendingOwnerEmails: string[];
}

export async function listBusinesses(
  db: PrismaClient,
  input: z.output<typeof businessDirectoryInput>,
): Promise<{ items: BusinessDirectoryEntry[]; nextCursor: string | null }> {
  const q = input.q || undefined;
  const contains = q ? { contains: q, mode: "insensitive" as const } : undefined;
  const rows = await db.tenant.findMany({
    where: contains
      ? {
          OR: [
            { name: contains },
            { slug: contains },
            { memberships: { some: { role: "owner", user: { email: contains } } } },
            { invites: { some: { role: "owner", acceptedAt: null, revokedAt: null, email: contains } } },
          ],
        }
      : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      timezone: true,
      country: true,
      industry: true,
      createdAt: true,
      suspendedAt: true,
      _count: { select: { memberships: true } },
      memberships: { where: { role: "owner" }, select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } },
      invites: {
        where: { role: "owner", acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        select: { email: true },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(({ _count, memberships, invites, ...t }) => ({
      ...t,
      memberCount: _count.memberships,
      ownerEmails: memberships.map((m) => m.user.email),
      pendingOwnerEmails: [...new Set(invites.map((i) => i.email))],
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].id : null,
  };
}
