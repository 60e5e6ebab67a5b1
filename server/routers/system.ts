// System status: the external services, whether each is configured, what it unlocks, and how
// its last calls went (breaker state and last error). Owners and admins of a business see it:
// on a self-hosted install they are the operators.
import { dependencyStatus } from "../system/dependency-status";
import { adminProcedure, router } from "../trpc/init";

export const systemRouter = router({
  status: adminProcedure.query(async () => ({ dependencies: await dependencyStatus(), checkedAt: new Date() })),
});
