// Turns the account services' expected failures (AuthError) into tRPC errors with the same code
// and message. The AuthError stays as `cause`, so a form can put a `field` message inline.
import { TRPCError } from "@trpc/server";
import { AuthError } from "../auth/errors";
import { middleware } from "../trpc/init";

export const authErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AuthError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});
