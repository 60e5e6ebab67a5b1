// Telephony API: whether LiveKit is configured, and the business's phone numbers. Thin over
// server/telephony. Members read; owners and admins change numbers (they route real calls).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Tx } from "../db";
import { capabilities } from "../env";
import { adminProcedure, router, tenantProcedure } from "../trpc/init";
import {
  addPhoneNumber,
  addPhoneNumberInput,
  listPhoneNumbers,
  PhoneNumberError,
  removePhoneNumber,
  updatePhoneNumber,
  updatePhoneNumberInput,
  type PhoneNumberContext,
} from "../telephony/phone-numbers";
import { isTelephonyConfigured } from "../telephony/placement";

function phoneCtx(ctx: { db: Tx; tenantId: string; user: { id: string }; ip: string }): PhoneNumberContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

const CODE = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST", CONFLICT: "CONFLICT", LIVEKIT: "BAD_GATEWAY" } as const;

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PhoneNumberError) throw new TRPCError({ code: CODE[error.code], message: error.message, cause: error });
    throw error;
  }
}

export const telephonyRouter = router({
  status: tenantProcedure.query(() => {
    const cap = capabilities().find((c) => c.key === "livekit")!;
    return { configured: isTelephonyConfigured(), unlocks: cap.unlocks, envVars: cap.envVars };
  }),
  phoneNumbers: router({
    list: tenantProcedure.query(({ ctx }) => listPhoneNumbers(phoneCtx(ctx))),
    add: adminProcedure.input(addPhoneNumberInput).mutation(({ ctx, input }) => run(() => addPhoneNumber(phoneCtx(ctx), input))),
    update: adminProcedure.input(updatePhoneNumberInput).mutation(({ ctx, input }) => run(() => updatePhoneNumber(phoneCtx(ctx), input))),
    remove: adminProcedure
      .input(z.object({ id: z.string().min(1).max(64) }))
      .mutation(({ ctx, input }) => run(() => removePhoneNumber(phoneCtx(ctx), input))),
  }),
});
