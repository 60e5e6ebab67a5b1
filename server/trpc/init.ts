// tRPC setup: context, superjson, readable errors, and the procedure ladder
// public -> authed -> tenant -> staff (writes) -> admin, plus superAdmin.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { withTenant, type Tx } from "../db";
import { ADMIN_ROLES, WRITE_ROLES, type RequestAuth } from "../auth/types";

export interface TrpcContext {
  request: Request;
  auth: RequestAuth | null;
  requestId: string;
  ip: string;
  /** Headers to add to the HTTP response (cookies set by a procedure). */
  resHeaders: Headers;
}

export function createContext(input: Omit<TrpcContext, "resHeaders"> & { resHeaders?: Headers }): TrpcContext {
  return { ...input, resHeaders: input.resHeaders ?? new Headers() };
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause.flatten() : null;
    let message = shape.message;
    if (zod) {
      const first = Object.entries(zod.fieldErrors)[0];
      message = first ? `${first[0]}: ${(first[1] as string[])[0]}` : (zod.formErrors[0] ?? "Invalid input");
    } else if (shape.data.code === "INTERNAL_SERVER_ERROR") {
      message = "Something went wrong on our side. Please try again.";
    }
    return { ...shape, message, data: { ...shape.data, zodError: zod } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

export const publicProcedure = t.procedure;

export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, auth: ctx.auth, user: ctx.auth.user } });
});

/**
 * A member of an active business, without a transaction: for a read that opens its own tenant
 * transaction (row-level security) in one round trip, such as readAsTenant in server/db.ts.
 * Nothing here may read the database otherwise; use tenantProcedure.
 */
export const memberProcedure = authedProcedure.use(({ ctx, next }) => {
  const membership = ctx.auth.membership;
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of a business." });
  if (membership.tenant.status !== "active") {
    throw new TRPCError({ code: "FORBIDDEN", message: "This business is suspended. Contact support." });
  }
  return next({ ctx: { ...ctx, tenantId: membership.tenantId, tenant: membership.tenant, role: membership.role } });
});

/**
 * A member of an active business. The procedure runs inside one transaction scoped to the
 * tenant by row-level security: `ctx.db` sees only this business's rows.
 */
export const tenantProcedure = memberProcedure.use(async ({ ctx, next }) => {
  return withTenant({ tenantId: ctx.tenantId, userId: ctx.user.id }, async (tx: Tx) => {
    const result = await next({ ctx: { ...ctx, db: tx } });
    // next() reports a failed procedure as a value, not a throw; rethrow so the transaction
    // rolls back instead of committing the writes made before the failure.
    if (!result.ok) throw result.error;
    return result;
  });
});

function requireRole(roles: readonly string[], what: string) {
  return middleware(({ ctx, next }) => {
    const role = (ctx as { role?: string }).role;
    if (!role || !roles.includes(role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Only ${what} can do that.` });
    }
    return next();
  });
}

/** Members who may change data: owner, admin, staff (viewers only read). */
export const staffProcedure = tenantProcedure.use(requireRole(WRITE_ROLES, "owners, admins and staff"));

/** Business administrators: owner and admin. */
export const adminProcedure = tenantProcedure.use(requireRole(ADMIN_ROLES, "owners and admins"));

/** Platform operators. Runs outside any tenant scope. */
export const superAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isSuperAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Only platform administrators can do that." });
  return next();
});
