// The super-admin console: every business on the platform. Runs on the owner connection
// (systemDb) because it spans tenants by design; superAdminProcedure guards every procedure.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { systemDb } from "../db";
import { router, superAdminProcedure } from "../trpc/init";
import { businessDirectoryInput, listBusinesses } from "../tenancy/business-directory";
import { newBusinessSchema } from "../tenancy/business-profile-schema";
import { BusinessNameBusyError } from "../tenancy/create-business";
import { onboardBusiness } from "../tenancy/onboard-business";
import { setBusinessStatus } from "../tenancy/suspension";

const tenantsRouter = router({
  list: superAdminProcedure.input(businessDirectoryInput).query(({ input }) => listBusinesses(systemDb(), input)),

  create: superAdminProcedure.input(newBusinessSchema).mutation(async ({ ctx, input }) => {
    const { tenant } = await onboardBusiness(systemDb(), { id: ctx.user.id, name: ctx.user.name, ip: ctx.ip }, input).catch(
      (err: unknown) => {
        if (err instanceof BusinessNameBusyError) throw new TRPCError({ code: "CONFLICT", message: err.message });
        throw err;
      },
    );
    return { id: tenant.id, name: tenant.name, slug: tenant.slug };
  }),

  setStatus: superAdminProcedure
    .input(z.object({ id: z.string().min(1).max(64), status: z.enum(["active", "suspended"]) }))
    .mutation(async ({ ctx, input }) => {
      const result = await setBusinessStatus(
        systemDb(),
        { id: ctx.user.id, name: ctx.user.name, ip: ctx.ip, sessionId: ctx.auth.sessionId },
        input,
      );
      if (!result) throw new TRPCError({ code: "NOT_FOUND", message: "No such business." });
      return result;
    }),
});

export const platformRouter = router({ tenants: tenantsRouter });
