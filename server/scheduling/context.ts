// What every scheduling service receives: the tenant's row-level-security transaction (from
// withTenant or tenantProcedure), who acts, and a clock that tests can pin.
import type { Tx } from "../db";

export interface SchedulingContext {
  db: Tx;
  tenantId: string;
  /** The signed-in user, or null for the phone agent, a sync job or an import. */
  actorId: string | null;
  ip?: string;
  /** Defaults to the real time; tests pass a fixed one (notice and horizon depend on it). */
  now?: () => Date;
}

export function nowOf(ctx: SchedulingContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
