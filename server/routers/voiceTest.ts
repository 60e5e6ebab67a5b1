// Browser voice test API (issue #5): is it available, and start one (a room token + agent
// dispatch for a new test call). Staff and up. Thin over server/telephony/browser-test.ts.
import { TRPCError } from "@trpc/server";
import { WRITE_ROLES } from "../auth/types";
import { authedProcedure, router } from "../trpc/init";
import { startVoiceTest, voiceTestAvailability, VoiceTestError, voiceTestInput } from "../telephony/browser-test";

const CODES = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST", NOT_CONFIGURED: "PRECONDITION_FAILED" } as const;

/**
 * Starting a voice test talks to LiveKit over HTTP: like testCalls, check membership and role the
 * way staffProcedure does, but hold no request transaction open meanwhile.
 */
const staffScopeProcedure = authedProcedure.use(({ ctx, next }) => {
  const membership = ctx.auth.membership;
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of a business." });
  if (membership.tenant.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: "This business is suspended. Contact support." });
  if (!WRITE_ROLES.includes(membership.role)) throw new TRPCError({ code: "FORBIDDEN", message: "Only owners, admins and staff can do that." });
  return next({ ctx: { ...ctx, scope: { tenantId: membership.tenantId, actorId: ctx.user.id, actorName: ctx.user.name, ip: ctx.ip } } });
});

export const voiceTestRouter = router({
  availability: staffScopeProcedure.query(() => voiceTestAvailability()),
  start: staffScopeProcedure.input(voiceTestInput).mutation(async ({ ctx, input }) => {
    try {
      return await startVoiceTest(ctx.scope, input);
    } catch (error) {
      if (error instanceof VoiceTestError) throw new TRPCError({ code: CODES[error.code], message: error.message, cause: error });
      throw error;
    }
  }),
});
