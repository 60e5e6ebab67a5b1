// Server half of the project forms (new project page, details on the project page): the team
// members who can own a project, and turning a refused save into errors beside the fields.
import { json, type AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import type { ProjectFormErrors } from "./project-form";

/** Everyone in the business, for the owner select. */
export async function projectOwnerOptions(request: Request, context: AppLoadContext) {
  const team = await serverCaller(request, context).team.list().catch(rethrowAsResponse);
  return team.members.map((m) => ({ id: m.user.id, name: m.user.name || m.user.email }));
}

/** The form's text fields; an empty field means "none" for the optional ones. */
export function projectFormValues(form: FormData) {
  const value = (key: string) => String(form.get(key) ?? "").trim();
  return {
    name: value("name"),
    company: value("company"),
    contactId: value("contactId") || null,
    dueDate: value("dueDate") || null,
    ownerId: value("ownerId") || null,
  };
}

/** Input errors go beside their fields; the service's refusals (a contact or owner not in this business) too. */
export function projectFormErrorResponse(error: unknown, intent: string) {
  if (error instanceof TRPCError && error.code === "BAD_REQUEST") {
    const errors: ProjectFormErrors = {};
    if (error.cause instanceof ZodError) {
      for (const [k, v] of Object.entries(error.cause.flatten().fieldErrors as Record<string, string[] | undefined>)) errors[k] = v?.[0] ?? "Check this value";
    } else if (/contact/i.test(error.message)) errors.contactId = error.message;
    else if (/owner/i.test(error.message)) errors.ownerId = error.message;
    else errors.form = error.message;
    return json({ intent, errors }, { status: 400 });
  }
  return rethrowAsResponse(error);
}
