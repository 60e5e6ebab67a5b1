// Route actions call the tRPC procedures directly (app/trpc.server.ts serverCaller). An expected
// refusal (not allowed, not found, bad input, wrong state) becomes a sentence for a toast;
// anything else (a bug, the database down) is rethrown to the error boundary.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { jsonWithToast } from "../toast.server";

/** The refusal's sentence (a bad input: its first issue's); rethrows anything that is not a refusal. */
export function refusalMessage(error: unknown): string {
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
  if (error.cause instanceof ZodError) {
    const issue = error.cause.issues[0];
    return issue ? issue.message : "Please check the form.";
  }
  return error.message;
}

/**
 * An action's answer to a refusal: `data` for the form and an error toast titled `title` saying
 * why (403 when not allowed, else 400). Rethrows anything that is not a refusal.
 */
export function refusalToast<T>(error: unknown, data: T, title: string) {
  const description = refusalMessage(error);
  const status = (error as TRPCError).code === "FORBIDDEN" ? 403 : 400;
  return jsonWithToast(data, { type: "error", title, description }, { status });
}
