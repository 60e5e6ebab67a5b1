// Scheduling pages' actions call the tRPC procedures directly; an expected refusal (not allowed,
// not found, bad input, wrong state) becomes a sentence for a toast, anything else is rethrown.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

export function refusalMessage(error: unknown): string {
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
  if (error.cause instanceof ZodError) {
    const issue = error.cause.issues[0];
    return issue ? issue.message : "Please check the form.";
  }
  return error.message;
}
