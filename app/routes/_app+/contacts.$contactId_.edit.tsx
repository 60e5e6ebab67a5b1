// Editing a contact: the same form as a new one, filled with what is stored.
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
  const { values, fields } = readContactForm(await request.formData());
  try {
    const updated = await serverCaller(request, context).contacts.update({ id: params.contactId ?? "", ...fields });
    return redirectWithToast(`/contacts/${updated.id}`, { type: "success", title: "Contact saved" });
  } catch (error) {
    return json<ContactFormFailure & { values: Record<string, string> }>({ ...contactFormFailure(error), values }, { status: 400 });
  }
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
      <ContactForm values={data?.values ?? values} errors={data?.errors ?? {}} country={country} submitLabel="Save" cancelHref={`/contacts/${id}`} />
    </>
  );
}
