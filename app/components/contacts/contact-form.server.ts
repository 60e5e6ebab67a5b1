// Reading the contact form (new and edit) and turning the contacts router's refusals into
// field errors, or, for a duplicate, into the matching contacts the page offers to open or merge.
import { TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { ContactError, type ContactMatch } from "../../../server/contacts/contacts";

/** The form's text fields, as posted (checkbox and lists handled apart). */
const TEXT_FIELDS = [
  "givenName", "familyName", "company", "title", "phone", "altPhone", "email", "addressLine1", "addressLine2",
  "city", "region", "postalCode", "country", "timezone", "notes",
] as const;

const formSchema = z.object(Object.fromEntries(TEXT_FIELDS.map((k) => [k, z.string().max(20_000).default("")])) as Record<(typeof TEXT_FIELDS)[number], z.ZodDefault<z.ZodString>>).extend({
  tags: z.string().max(5_000).default(""),
  doNotCall: z.literal("on").optional(),
  consentStatus: z.enum(["unknown", "granted", "denied", "revoked"]).default("unknown"),
});

export type ContactFormValues = Record<string, string>;

/** The posted form as contact fields (phones as typed: the service parses them with the business's country). */
export function readContactForm(form: FormData) {
  const values: ContactFormValues = Object.fromEntries([...form].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v)]));
  const parsed = formSchema.parse(values);
  const fields = {
    ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, parsed[k].trim()])),
    tags: parsed.tags.split(",").map((t) => t.trim()).filter(Boolean),
    doNotCall: parsed.doNotCall === "on",
    consentStatus: parsed.consentStatus,
  } as {
    [K in (typeof TEXT_FIELDS)[number]]: string;
  } & { tags: string[]; doNotCall: boolean; consentStatus: "unknown" | "granted" | "denied" | "revoked" };
  return { values, fields };
}

export type ContactFormFailure = { errors: Record<string, string>; duplicates: ContactMatch[] };

/** An expected refusal as errors for the form; anything else (a bug, signed out) is rethrown. */
export function contactFormFailure(error: unknown): ContactFormFailure {
  if (!(error instanceof TRPCError) || ["INTERNAL_SERVER_ERROR", "UNAUTHORIZED", "FORBIDDEN"].includes(error.code)) throw error;
  if (error.cause instanceof ZodError) {
    const fieldErrors = error.cause.flatten().fieldErrors as Record<string, string[] | undefined>;
    return { errors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v?.[0] ?? "Check this value"])), duplicates: [] };
  }
  if (error.cause instanceof ContactError && error.cause.code === "DUPLICATE") {
    return { errors: { form: error.message }, duplicates: error.cause.duplicates };
  }
  // The service's messages read "field: what is wrong" when one field is at fault.
  const match = /^(\w+): (.*)$/s.exec(error.message);
  if (match && (TEXT_FIELDS as readonly string[]).includes(match[1]!)) return { errors: { [match[1]!]: match[2]! }, duplicates: [] };
  return { errors: { form: error.message }, duplicates: [] };
}
