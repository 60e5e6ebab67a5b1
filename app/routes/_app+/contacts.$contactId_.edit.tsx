// Editing a contact: the same form as a new one, filled with what is stored. A phone number or
// e-mail changed to one another contact has is a warning (the same detection as on create),
// with a way to open that contact or merge this one into it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { ContactForm } from "../../components/contacts/contact-form";
import { contactFormFailure, readContactForm, type ContactFormFailure } from "../../components/contacts/contact-form.server";
import { contactName } from "../../components/contacts/filters";
import { formatPhone } from "../../components/contacts/phone-format";
import { PageHeader } from "../../components/ui/page-header";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data ? data.name : "contact"} · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const membership = context.auth?.membership;
  if (!membership || !WRITE_ROLES.includes(membership.role)) throw new Response("Only owners, admins and staff can edit contacts.", { status: 403 });
  const c = await serverCaller(request, context).contacts.get({ id: params.contactId ?? "" }).catch(rethrowAsResponse);
  const values: Record<string, string> = {
    givenName: c.givenName,
    familyName: c.familyName,
    company: c.company,
    title: c.title,
    // Shown grouped; saved back through the same parser, so an unchanged number stays the same.
    phone: formatPhone(c.phone, c.phoneExtension),
    altPhone: formatPhone(c.altPhone),
    email: c.email ?? "",
    addressLine1: c.addressLine1,
    addressLine2: c.addressLine2,
    city: c.city,
    region: c.region,
    postalCode: c.postalCode,
    country: c.country,
    timezone: c.timezone,
    tags: c.tags.join(", "),
    notes: c.notes,
    consentStatus: c.consentStatus,
    doNotCall: c.doNotCall ? "on" : "",
  };
  return json({ id: c.id, name: contactName(c), values, country: membership.tenant.country });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const { values, fields } = readContactForm(form);
  const id = params.contactId ?? "";
  const mergeInto = form.get("mergeInto");
  const contacts = serverCaller(request, context).contacts;
  try {
    if (form.get("intent") !== "create-anyway" && typeof mergeInto !== "string") {
      const duplicates = await newDuplicates(contacts, id, fields);
      if (duplicates.length) {
        const what = duplicates[0]!.matchedOn === "phone" ? "phone number" : "e-mail address";
        return json<ContactFormFailure & { values: Record<string, string> }>({ errors: { form: `Another contact has this ${what}.` }, duplicates, values }, { status: 400 });
      }
    }
    const updated = await contacts.update({ id, ...fields });
    if (typeof mergeInto === "string" && mergeInto) {
      // The same person twice: keep the other contact (and its history), fold this one into it.
      const kept = await contacts.merge({ keepId: mergeInto, mergeId: updated.id });
      return redirectWithToast(`/contacts/${kept.id}`, { type: "success", title: `Merged into ${contactName(kept)}` });
    }
    return redirectWithToast(`/contacts/${updated.id}`, { type: "success", title: "Contact saved" });
  } catch (error) {
    return json<ContactFormFailure & { values: Record<string, string> }>({ ...contactFormFailure(error), values }, { status: 400 });
  }
}

/**
 * Contacts sharing the phone or e-mail being saved, leaving out those that already shared the
 * stored ones: a duplicate someone lived with before this edit is not news.
 */
async function newDuplicates(
  contacts: ReturnType<typeof serverCaller>["contacts"],
  id: string,
  fields: { phone: string; email: string },
) {
  const stored = await contacts.get({ id });
  const [now, before] = await Promise.all([
    contacts.duplicates({ phone: fields.phone || undefined, email: fields.email || undefined, excludeId: id }),
    contacts.duplicates({ phone: stored.phone ?? undefined, email: stored.email ?? undefined, excludeId: id }),
  ]);
  const known = new Set(before.map((d) => `${d.id}:${d.matchedOn}`));
  return now.filter((d) => !known.has(`${d.id}:${d.matchedOn}`));
}

export default function EditContactPage() {
  const { id, name, values, country } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to={`/contacts/${id}`} className="text-muted-foreground hover:text-foreground">
          ← {name}
        </Link>
      </nav>
      <PageHeader title={`Edit ${name}`} />
      <ContactForm
        values={data?.values ?? values}
        errors={data?.errors ?? {}}
        duplicates={data?.duplicates}
        editing
        country={country}
        submitLabel="Save"
        cancelHref={`/contacts/${id}`}
      />
    </>
  );
}
