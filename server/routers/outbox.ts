// The e-mail outbox: a business's own mail for its owners and admins, and platform mail (no
// business: password resets) for super admins. Readable here whether or not SMTP is configured,
// so invites and resets work out of the box.
import { TRPCError } from "@trpc/server";
import { recordAudit } from "../audit/log";
import { systemDb } from "../db";
import { env } from "../env";
import {
  getOutboxMessage,
  listOutbox,
  outboxIdInput,
  outboxListInput,
  retryOutboxMessage,
  type OutboxScope,
  type RetryResult,
} from "../email/outbox";
import { adminProcedure, router, superAdminProcedure } from "../trpc/init";

const PLATFORM: OutboxScope = { kind: "platform" };

/** Whether mail leaves the building, for the page's banner. */
function delivery() {
  return { smtpConfigured: Boolean(env().SMTP_URL) };
}

function notFound(): never {
  throw new TRPCError({ code: "NOT_FOUND", message: "That message does not exist." });
}

function retried(result: RetryResult) {
  if (result === "not_found") notFound();
  if (result === "not_failed") {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Only a message that failed can be retried." });
  }
  return { ok: true as const };
}

export const outboxRouter = router({
  list: adminProcedure.input(outboxListInput).query(async ({ ctx, input }) => ({
    ...(await listOutbox(ctx.db, { kind: "tenant", tenantId: ctx.tenantId }, input)),
    delivery: delivery(),
  })),

  get: adminProcedure.input(outboxIdInput).query(async ({ ctx, input }) => {
    return (await getOutboxMessage(ctx.db, { kind: "tenant", tenantId: ctx.tenantId }, input.id)) ?? notFound();
  }),

  retry: adminProcedure.input(outboxIdInput).mutation(async ({ ctx, input }) => {
    const result = retried(await retryOutboxMessage(ctx.db, { kind: "tenant", tenantId: ctx.tenantId }, input.id));
    await recordAudit(ctx.db, {
      tenantId: ctx.tenantId,
      actorId: ctx.user.id,
      action: "email.retried",
      targetType: "email",
      targetId: input.id,
      ip: ctx.ip,
    });
    return result;
  }),

  platformList: superAdminProcedure.input(outboxListInput).query(async ({ input }) => ({
    ...(await listOutbox(systemDb(), PLATFORM, input)),
    delivery: delivery(),
  })),

  platformGet: superAdminProcedure.input(outboxIdInput).query(async ({ input }) => {
    return (await getOutboxMessage(systemDb(), PLATFORM, input.id)) ?? notFound();
  }),

  platformRetry: superAdminProcedure.input(outboxIdInput).mutation(async ({ ctx, input }) => {
    const result = retried(await retryOutboxMessage(systemDb(), PLATFORM, input.id));
    await recordAudit(systemDb(), {
      tenantId: null,
      actorId: ctx.user.id,
      action: "email.retried",
      targetType: "email",
      targetId: input.id,
      ip: ctx.ip,
    });
    return result;
  }),
});
