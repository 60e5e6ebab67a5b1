// Shared by the sign-in pages: safe redirect targets, and tRPC errors turned into form errors.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AuthError } from "../../../server/auth/errors";

// Pages read it in their loaders; through this .server module argon2 stays out of the browser bundle.
export { MIN_PASSWORD_LENGTH } from "../../../server/auth/password";

/**
 * `redirectTo` from the query string, only when it is a path on this site: "//evil.example" and
 * "/\evil.example" are protocol-relative to browsers and would leave the site.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined): string | null {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return null;
  }
  return target;
}

export interface FormErrors {
  /** A message for the whole form. */
  form?: string;
  /** Messages to show under their fields. */
  fields: Record<string, string>;
}

/** The messages of an expected failure; unexpected errors are rethrown for the error page. */
export function formErrors(error: unknown): FormErrors {
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
  if (error.cause instanceof ZodError) {
    const flat = error.cause.flatten();
    const fields = Object.fromEntries(
      Object.entries(flat.fieldErrors).flatMap(([k, v]) => (v && v[0] ? [[k, v[0]]] : [])),
    );
    return { form: flat.formErrors[0], fields };
  }
  if (error.cause instanceof AuthError && error.cause.field) {
    return { fields: { [error.cause.field]: error.message } };
  }
  return { form: error.message, fields: {} };
}

export function str(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
