// The business profile: any member reads it, owners and admins change it. The same goes for the
// phone agent's settings (persona, hand-over numbers, lead questions, call limits).
import { TRPCError } from "@trpc/server";
import { adminProcedure, router, tenantProcedure } from "../trpc/init";
import { getBusinessProfile, updateBusinessProfile } from "../tenancy/business-profile";
import { businessProfileUpdateSchema } from "../tenancy/business-profile-schema";
import {
  getPhoneAgentSettings,
  InvalidPhoneAgentSettingsError,
  updatePhoneAgentSettings,
} from "../tenancy/phone-agent-settings";
import type { PhoneAgentSettingsInput } from "../tenancy/phone-agent-settings-schema";

export const businessRouter = router({
  get: tenantProcedure.query(({ ctx }) => getBusinessProfile(ctx.db, ctx.tenantId)),

  update: adminProcedure
    .input(businessProfileUpdateSchema)
    .mutation(({ ctx, input }) =>
      updateBusinessProfile({ db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip }, input),
    ),

  phoneAgent: tenantProcedure.query(({ ctx }) => getPhoneAgentSettings(ctx.db, ctx.tenantId)),

  // Phones are parsed in the business's country, which only the service knows, so the service
  // validates with the one schema and a refusal comes back as BAD_REQUEST with the zod issues.
  updatePhoneAgent: adminProcedure
    .input((raw: unknown) => raw as PhoneAgentSettingsInput)
    .mutation(async ({ ctx, input }) => {
      try {
        return await updatePhoneAgentSettings({ db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip }, input);
      } catch (error) {
        if (error instanceof InvalidPhoneAgentSettingsError) {
          throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error.zodError });
        }
        throw error;
      }
    }),
});
