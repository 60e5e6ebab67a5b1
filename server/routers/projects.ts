// Projects API: thin over server/projects. Members read; owners, admins and staff write.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Tx } from "../db";
import { router, staffProcedure, tenantProcedure } from "../trpc/init";
import {
  createProject,
  createProjectInput,
  getProject,
  listProjects,
  listProjectsInput,
  ProjectError,
  projectStatusForContact,
  updateProjectStatus,
  updateDetailsInput,
  updateProjectDetails,
  updateProjectText,
  updateStatusInput,
  updateTextInput,
  type ProjectContext,
} from "../projects/projects";

const idInput = z.object({ id: z.string().min(1).max(64) });

function projectCtx(ctx: { db: Tx; tenantId: string; user: { id: string }; ip: string }): ProjectContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

const TRPC_CODE = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST" } as const;

/** Expected project failures become tRPC errors carrying their own message. */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ProjectError) throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
    throw error;
  }
}

export const projectsRouter = router({
  list: tenantProcedure.input(listProjectsInput).query(({ ctx, input }) => listProjects(projectCtx(ctx), input)),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getProject(projectCtx(ctx), input.id))),
  forContact: tenantProcedure
    .input(z.object({ contactId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => projectStatusForContact(projectCtx(ctx), input.contactId)),

  create: staffProcedure.input(createProjectInput).mutation(({ ctx, input }) => run(() => createProject(projectCtx(ctx), input))),
  updateStatus: staffProcedure.input(updateStatusInput).mutation(({ ctx, input }) => run(() => updateProjectStatus(projectCtx(ctx), input))),
  updateDetails: staffProcedure
    .input(updateDetailsInput)
    .mutation(({ ctx, input }) => run(() => updateProjectDetails(projectCtx(ctx), input))),
  updateText: staffProcedure.input(updateTextInput).mutation(({ ctx, input }) => run(() => updateProjectText(projectCtx(ctx), input))),
});
