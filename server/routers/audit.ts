// The business's audit log, for owners and admins.
import { adminProcedure, router } from "../trpc/init";
import { auditListInput, listAuditActors, listAuditEntries } from "../audit/list";

export const auditRouter = router({
  list: adminProcedure.input(auditListInput).query(({ ctx, input }) => listAuditEntries(ctx.db, ctx.tenantId, input)),

  /** People who appear in the log, including former members, for the actor filter. */
  actors: adminProcedure.query(({ ctx }) => listAuditActors(ctx.db, ctx.tenantId)),
});
