import { systemDb } from "../db";
import { authedProcedure, router } from "../trpc/init";

export const meRouter = router({
  /** Who is signed in and where. */
  get: authedProcedure.query(({ ctx }) => ({
    user: ctx.user,
    membership: ctx.auth.membership,
  })),

  /**
   * Every business the user belongs to, for the business switcher. Uses the owner connection:
   * row-level security shows a tenant's row only inside that tenant, and this list spans them.
   * It reads nothing but the user's own memberships.
   */
  businesses: authedProcedure.query(async ({ ctx }) => {
    const rows = await systemDb().membership.findMany({
      where: { userId: ctx.user.id },
      select: { role: true, tenant: { select: { id: true, name: true, status: true } } },
      orderBy: { tenant: { name: "asc" } },
    });
    return rows.map((r) => ({ tenantId: r.tenant.id, name: r.tenant.name, status: r.tenant.status, role: r.role }));
  }),
});
