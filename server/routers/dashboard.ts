// The dashboard's data for the signed-in member's business.
import { getChecklist } from "../onboarding/checklist";
import { router, tenantProcedure } from "../trpc/init";

export const dashboardRouter = router({
  checklist: tenantProcedure.query(({ ctx }) => getChecklist(ctx.db, ctx.tenantId)),
});
