// The business profile: any member reads it, owners and admins change it.
import { adminProcedure, router, tenantProcedure } from "../trpc/init";
import { getBusinessProfile, updateBusinessProfile } from "../tenancy/business-profile";
import { businessProfileUpdateSchema } from "../tenancy/business-profile-schema";

export const businessRouter = router({
  get: tenantProcedure.query(({ ctx }) => getBusinessProfile(ctx.db, ctx.tenantId)),

  update: adminProcedure
    .input(businessProfileUpdateSchema)
    .mutation(({ ctx, input }) =>
      updateBusinessProfile({ db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip }, input),
    ),
});
