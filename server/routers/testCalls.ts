// Test calls API (the workflow editor's test page): staff may talk to any version of a workflow
// as a known contact or a stranger; thin over server/test-calls.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WRITE_ROLES } from "../auth/types";
import { CallRuntimeError } from "../../agents/runtime";
import { authedProcedure, router } from "../trpc/init";
import { startTestCall, startTestCallInput, takeTestTurn, TestCallError, testTargets, testTurnInput, type TestCallScope } from "../test-calls/test-calls";

const TRPC_CODE = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST" } as const;

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TestCallError) throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
    if (error instanceof CallRuntimeError) throw new TRPCError({ code: error.code === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

/**
 * A conversation turn runs the runtime, which opens its own transactions (checkpoints, call
 * turns, actions): like scenario runs, these procedures check membership and role the way
 * staffProcedure does but hold no request transaction open.
 */
const staffScopeProcedure = authedProcedure.use(({ ctx, next }) => {
  const membership = ctx.auth.membership;
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of a business." });
  if (membership.tenant.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: "This business is suspended. Contact support." });
  if (!WRITE_ROLES.includes(membership.role)) throw new TRPCError({ code: "FORBIDDEN", message: "Only owners, admins and staff can do that." });
  const scope: TestCallScope = { tenantId: membership.tenantId, actorId: ctx.user.id, ip: ctx.ip };
  return next({ ctx: { ...ctx, scope } });
});

export const testCallsRouter = router({
  targets: staffScopeProcedure
    .input(z.object({ workflowId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => run(() => testTargets(ctx.scope, input.workflowId))),
  start: staffScopeProcedure.input(startTestCallInput).mutation(({ ctx, input }) => run(() => startTestCall(ctx.scope, input))),
  turn: staffScopeProcedure.input(testTurnInput).mutation(({ ctx, input }) => run(() => takeTestTurn(ctx.scope, input))),
});
