// Workflows API: thin over server/workflows. Members read; staff run scenario tests; owners and
// admins edit, publish (with an override reason when tests fail), roll back and choose the
// inbound workflow.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Tx } from "../db";
import { ADMIN_ROLES, WRITE_ROLES } from "../auth/types";
import { adminProcedure, authedProcedure, router, tenantProcedure } from "../trpc/init";
import { validateSpec } from "../../agents/graphs/validate";
import {
  archiveWorkflow,
  createBlank,
  createBlankInput,
  createFromTemplate,
  createFromTemplateInput,
  diffInput,
  diffVersions,
  getVersion,
  getWorkflow,
  listVersions,
  listWorkflows,
  publishInput,
  publishWorkflow,
  rollbackInput,
  rollbackWorkflow,
  saveDraft,
  saveDraftInput,
  templates,
} from "../workflows/workflows";
import { deleteScenario, listScenarios, runScenarios, runScenariosInput, saveScenario, saveScenarioInput } from "../workflows/scenarios";
import { getInbound, setInbound, setInboundInput } from "../workflows/inbound";
import { WorkflowError, type WorkflowContext, type WorkflowScope } from "../workflows/context";

const idInput = z.object({ id: z.string().min(1).max(64) });

function workflowCtx(ctx: { db: Tx; tenantId: string; user: { id: string }; ip: string }): WorkflowContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

const TRPC_CODE = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST", CONFLICT: "CONFLICT" } as const;

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof WorkflowError) throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
    throw error;
  }
}

/**
 * Running scenarios takes seconds (each is a whole simulated call), longer than a request
 * transaction should stay open: these procedures check membership and role like
 * tenantProcedure does but open no transaction; the service opens short ones itself.
 */
function memberWithoutTransaction(roles: readonly string[], what: string) {
  return authedProcedure.use(({ ctx, next }) => {
    const membership = ctx.auth.membership;
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of a business." });
    if (membership.tenant.status !== "active")
      throw new TRPCError({ code: "FORBIDDEN", message: "This business is suspended. Contact support." });
    if (!roles.includes(membership.role)) throw new TRPCError({ code: "FORBIDDEN", message: `Only ${what} can do that.` });
    const scope: WorkflowScope = { tenantId: membership.tenantId, actorId: ctx.user.id, ip: ctx.ip };
    return next({ ctx: { ...ctx, scope } });
  });
}
const staffRunProcedure = memberWithoutTransaction(WRITE_ROLES, "owners, admins and staff");
const adminRunProcedure = memberWithoutTransaction(ADMIN_ROLES, "owners and admins");

export const workflowsRouter = router({
  list: tenantProcedure
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({}))
    .query(({ ctx, input }) => listWorkflows(workflowCtx(ctx), input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getWorkflow(workflowCtx(ctx), input.id))),
  templates: tenantProcedure.query(() => templates()),
  /**
   * Validates a spec without saving it (the editor also validates in the browser). A mutation
   * only so a large spec travels in a POST body rather than a GET URL; it changes nothing.
   */
  validate: tenantProcedure.input(z.object({ spec: z.unknown() })).mutation(({ input }) => {
    const { ok, problems } = validateSpec(input.spec);
    return { ok, problems };
  }),
  versions: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => listVersions(workflowCtx(ctx), input.id))),
  version: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getVersion(workflowCtx(ctx), input.id))),
  diff: tenantProcedure.input(diffInput).query(({ ctx, input }) => run(() => diffVersions(workflowCtx(ctx), input))),
  inbound: tenantProcedure.query(({ ctx }) => getInbound(workflowCtx(ctx))),

  createFromTemplate: adminProcedure
    .input(createFromTemplateInput)
    .mutation(({ ctx, input }) => run(() => createFromTemplate(workflowCtx(ctx), input))),
  createBlank: adminProcedure.input(createBlankInput).mutation(({ ctx, input }) => run(() => createBlank(workflowCtx(ctx), input))),
  saveDraft: adminProcedure.input(saveDraftInput).mutation(({ ctx, input }) => run(() => saveDraft(workflowCtx(ctx), input))),
  archive: adminProcedure.input(idInput).mutation(({ ctx, input }) => run(() => archiveWorkflow(workflowCtx(ctx), input.id))),
  publish: adminRunProcedure.input(publishInput).mutation(({ ctx, input }) => run(() => publishWorkflow(ctx.scope, input))),
  rollback: adminProcedure.input(rollbackInput).mutation(({ ctx, input }) => run(() => rollbackWorkflow(workflowCtx(ctx), input))),
  setInbound: adminProcedure.input(setInboundInput).mutation(({ ctx, input }) => run(() => setInbound(workflowCtx(ctx), input))),

  scenarios: router({
    list: tenantProcedure
      .input(z.object({ workflowId: z.string().min(1).max(64) }))
      .query(({ ctx, input }) => run(() => listScenarios(workflowCtx(ctx), input.workflowId))),
    save: adminProcedure.input(saveScenarioInput).mutation(({ ctx, input }) => run(() => saveScenario(workflowCtx(ctx), input))),
    delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => run(() => deleteScenario(workflowCtx(ctx), input.id))),
    /** Runs some or all scenarios against the draft or a version; staff may run tests. */
    run: staffRunProcedure.input(runScenariosInput).mutation(({ ctx, input }) => run(() => runScenarios(ctx.scope, input))),
  }),
});
