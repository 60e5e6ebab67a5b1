// A new invoice, written by hand: the contact (searched as you type), number, currency, total,
// dates and a line summary. Saved as issued (money owed from now) or as a draft.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { useState } from "react";
import { ZodError } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Textarea } from "../../components/ui/textarea";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { contactOption, type ContactOption } from "./invoices.new.server";

export const meta: MetaFunction = () => [{ title: "New invoice · Switchboard" }];

/** The page, or (with ?q=) the contacts matching a search, for the picker. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const role = context.auth?.membership?.role;
  if (!role || !WRITE_ROLES.includes(role)) throw new Response("Only owners, admins and staff can create invoices.", { status: 403 });
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim().slice(0, 200);
  const contacts = serverCaller(request, context).contacts;
  let options: ContactOption[] = [];
  if (q) {
    const hits = await contacts.search({ q, limit: 8 }).catch(rethrowAsResponse);
    options = hits.map(contactOption);
  }
  // Arriving from a contact's page: that contact is already chosen.
  const contactId = url.searchParams.get("contactId");
  let chosen: ContactOption | null = null;
  if (contactId) {
    const c = await contacts.get({ id: contactId }).catch(() => null);
    if (c) chosen = contactOption(c);
  }
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: context.auth?.membership?.tenant.timezone ?? "UTC" }).format(new Date());
  return json({ options, chosen, today });
}

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const values = Object.fromEntries([...(await request.formData())].map(([k, v]) => [k, String(v)]));
  const errors: Record<string, string> = {};
  if (!values.contactId) errors.contactId = "Choose who the invoice is for.";
  if (Object.keys(errors).length) return json<ActionData>({ errors, values }, { status: 400 });
  try {
    const invoice = await serverCaller(request, context).invoices.create({
      contactId: values.contactId!,
      number: values.number ?? "",
      currency: values.currency ?? "",
      total: values.total ?? "",
      issueDate: values.issueDate ?? "",
      dueDate: values.dueDate ?? "",
      lineSummary: values.lineSummary ?? "",
      draft: values.draft === "1",
    });
    return redirectWithToast(`/invoices/${invoice.id}`, {
      type: "success",
      title: invoice.status === "draft" ? `Draft ${invoice.number} saved` : `Invoice ${invoice.number} created`,
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" && error.code !== "UNAUTHORIZED" && error.code !== "FORBIDDEN") {
      // Input errors belong to their fields; the service's own refusals are about the number
      // (already used) or the contact (not found).
      if (error.cause instanceof ZodError) {
        const fieldErrors = error.cause.flatten().fieldErrors as Record<string, string[] | undefined>;
        const byField = Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v?.[0] ?? "Check this value"]));
        return json<ActionData>({ errors: byField, values }, { status: 400 });
      }
      return json<ActionData>({ errors: { [error.code === "CONFLICT" ? "number" : "contactId"]: error.message }, values }, { status: 400 });
    }
    throw error;
  }
}

export default function NewInvoicePage() {
  const { chosen: preset, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const search = useFetcher<typeof loader>();
  const [chosen, setChosen] = useState(preset);
  const [query, setQuery] = useState("");
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const saving = navigation.state !== "idle";
  const known = new Set(Object.keys(errors));
  const otherError = [...known].find((k) => !["contactId", "number", "currency", "total", "issueDate", "dueDate", "lineSummary"].includes(k));

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/invoices" className="text-muted-foreground hover:text-foreground">
          ← Invoices
        </Link>
      </nav>
      <PageHeader title="New invoice" description="For work billed outside your accounting tool. Amounts change later only through payments." />
      <Card className="max-w-3xl">
        <CardContent className="p-5">
          <Form method="post" className="grid gap-4 sm:grid-cols-2" noValidate>
            <div className="grid gap-1.5 sm:col-span-2">
              <input type="hidden" name="contactId" value={chosen?.id ?? ""} />
              {chosen ? (
                <div className="grid gap-1.5">
                  <span className="text-sm font-medium">Contact</span>
                  <div className="flex items-center justify-between gap-3 rounded-md border p-3">
                    <div className="min-w-0">
                      <div className="truncate text-sm font-medium">{chosen.name}</div>
                      {chosen.detail ? <div className="truncate text-xs text-muted-foreground">{chosen.detail}</div> : null}
                    </div>
                    <Button variant="ghost" size="sm" onClick={() => setChosen(null)}>
                      Change
                    </Button>
                  </div>
                </div>
              ) : (
                <Field label="Contact" error={errors.contactId} hint="Search by name, phone, e-mail or company.">
                  <Input
                    type="search"
                    autoComplete="off"
                    placeholder="Start typing a name…"
                    value={query}
                    onChange={(e) => {
                      setQuery(e.target.value);
                      if (e.target.value.trim()) search.load(`/invoices/new?q=${encodeURIComponent(e.target.value.trim())}`);
                    }}
                  />
                </Field>
              )}
              {!chosen && query.trim() && search.data ? (
                search.data.options.length ? (
                  <ul className="grid gap-1 rounded-md border p-1" aria-label="Matching contacts">
                    {search.data.options.map((c) => (
                      <li key={c.id}>
                        <button
                          type="button"
                          className="w-full rounded-sm px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:bg-accent focus-visible:outline-none"
                          onClick={() => setChosen(c)}
                        >
                          <span className="font-medium">{c.name}</span>
                          {c.detail ? <span className="ml-2 text-xs text-muted-foreground">{c.detail}</span> : null}
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : search.state === "idle" ? (
                  <p className="text-xs text-muted-foreground">No contact matches "{query.trim()}".</p>
                ) : null
              ) : null}
            </div>
            <Field label="Invoice number" error={errors.number}>
              <Input name="number" maxLength={50} defaultValue={values.number} required />
            </Field>
            <Field label="Currency" error={errors.currency} hint="Three letters, e.g. USD.">
              <Input name="currency" maxLength={3} className="uppercase" defaultValue={values.currency ?? "USD"} required />
            </Field>
            <Field label="Total" error={errors.total}>
              <Input name="total" inputMode="decimal" autoComplete="off" defaultValue={values.total} required />
            </Field>
            <div className="hidden sm:block" />
            <Field label="Issue date" error={errors.issueDate}>
              <Input name="issueDate" type="date" defaultValue={values.issueDate ?? today} required />
            </Field>
            <Field label="Due date" error={errors.dueDate}>
              <Input name="dueDate" type="date" defaultValue={values.dueDate} required />
            </Field>
            <Field label="What it's for" error={errors.lineSummary} className="sm:col-span-2" hint="A line or two; the phone agent reads it to the client.">
              <Textarea name="lineSummary" rows={3} maxLength={2000} defaultValue={values.lineSummary} />
            </Field>
            {otherError ? <Alert variant="destructive" title={errors[otherError]} className="sm:col-span-2" /> : null}
            <div className="flex flex-col-reverse gap-2 sm:col-span-2 sm:flex-row sm:justify-end">
              <Button type="submit" variant="outline" name="draft" value="1" disabled={saving}>
                Save as draft
              </Button>
              <Button type="submit" disabled={saving}>
                {saving ? "Saving…" : "Create invoice"}
              </Button>
            </div>
          </Form>
        </CardContent>
      </Card>
    </>
  );
}
