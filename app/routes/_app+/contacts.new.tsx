// A new contact by hand. When the phone or e-mail is already someone's, the page shows them:
// open that contact, merge what was typed into it, or save a separate contact anyway.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { ContactForm } from "../../components/contacts/contact-form";
import { contactFormFailure, readContactForm, type ContactFormFailure } from "../../components/contacts/contact-form.server";
import { contactName } from "../../components/contacts/filters";
import { PageHeader } from "../../components/ui/page-header";
import { redirectWithToast } from "../../toast.server";
import { serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "New contact · Switchboard" }];

export function loader({ context }: LoaderFunctionArgs) {
  const membership = context.auth?.membership;
  if (!membership || !WRITE_ROLES.includes(membership.role)) throw new Response("Only owners, admins and staff can add contacts.", { status: 403 });
  return json({ country: membership.tenant.country });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { values, fields } = readContactForm(form);
  const mergeInto = form.get("mergeInto");
  const contacts = serverCaller(request, context).contacts;
  try {
    const created = await contacts.create({ ...fields, allowDuplicate: form.get("intent") === "create-anyway" || typeof mergeInto === "string" });
    if (typeof mergeInto === "string" && mergeInto) {
      // Folding the new one into the existing contact keeps a single record with both sets of details.
      const kept = await contacts.merge({ keepId: mergeInto, mergeId: created.id });
      return redirectWithToast(`/contacts/${kept.id}`, { type: "success", title: `Merged into ${contactName(kept)}` });
    }
    return redirectWithToast(`/contacts/${created.id}`, { type: "success", title: `${contactName(created)} added` });
  } catch (error) {
    return json<ContactFormFailure & { values: Record<string, string> }>({ ...contactFormFailure(error), values }, { status: 400 });
  }
}

export default function NewContactPage() {
  const { country } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/contacts" className="text-muted-foreground hover:text-foreground">
          ← Contacts
        </Link>
      </nav>
      <PageHeader title="New contact" description="Give at least a name, a company, a phone number or an e-mail address." />
      <ContactForm
        values={data?.values ?? {}}
        errors={data?.errors ?? {}}
        duplicates={data?.duplicates}
        country={country}
        submitLabel="Add contact"
        cancelHref="/contacts"
      />
    </>
  );
}
