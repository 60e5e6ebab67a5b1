// One contact: details, one timeline of everything about them, a note added inline, and the
// actions staff take on a person: do-not-call, edit, merge with a duplicate, delete.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { Combine, Pencil, Phone, PhoneOff, Trash2 } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { contactName, SOURCE_LABELS } from "../../components/contacts/filters";
import { formatPhone } from "../../components/contacts/phone-format";
import { Timeline } from "../../components/contacts/timeline";
import { ContactPicker } from "../../components/scheduling/contact-picker";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "../../components/ui/dialog";
import { PageHeader } from "../../components/ui/page-header";
import { Textarea } from "../../components/ui/textarea";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? data.name : "Contact"} · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const contacts = serverCaller(request, context).contacts;
  const id = params.contactId ?? "";
  const [contact, timeline] = await Promise.all([contacts.get({ id }), contacts.timeline({ id })]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ contact, timeline, name: contactName(contact), canWrite: !!role && WRITE_ROLES.includes(role) });
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("note"), body: z.string() }),
  z.object({ intent: z.literal("doNotCall"), value: z.enum(["0", "1"]) }),
  z.object({ intent: z.literal("merge"), mergeId: z.string().max(64) }),
  z.object({ intent: z.literal("delete") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ intent: "unknown", error: "That action could not be read. Reload the page and try again." }, { status: 400 });
  const input = parsed.data;
  const id = params.contactId ?? "";
  const contacts = serverCaller(request, context).contacts;
  const here = `/contacts/${id}`;
  try {
    switch (input.intent) {
      case "note":
        if (!input.body.trim()) return json({ intent: input.intent, error: "Write something first." }, { status: 400 });
        await contacts.addNote({ contactId: id, body: input.body });
        return redirectWithToast(here, { type: "success", title: "Note added" });
      case "doNotCall":
        await contacts.update({ id, doNotCall: input.value === "1" });
        return redirectWithToast(here, {
          type: "success",
          title: input.value === "1" ? "Marked do not call" : "Calls allowed again",
          description: input.value === "1" ? "The phone agent will not call this contact." : undefined,
        });
      case "merge": {
        if (!input.mergeId) return json({ intent: input.intent, error: "Choose the contact to merge into this one." }, { status: 400 });
        const kept = await contacts.merge({ keepId: id, mergeId: input.mergeId });
        return redirectWithToast(here, { type: "success", title: `Merged into ${contactName(kept)}`, description: "The other contact's history is here now." });
      }
      case "delete":
        await contacts.delete({ id });
        return redirectWithToast("/contacts", { type: "success", title: "Contact deleted" });
    }
  } catch (error) {
    // Refusals a person can act on (has invoices, not found, bad note) are shown; the rest is a bug.
    if (error instanceof TRPCError && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
      return json({ intent: input.intent, error: error.message }, { status: 400 });
    }
    return rethrowAsResponse(error);
  }
}

export default function ContactPage() {
  const { contact, timeline, name, canWrite } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const timeZone = useBusinessTimeZone();
  const subtitle = [contact.title, contact.company && contact.company !== name ? contact.company : ""].filter(Boolean).join(", ");

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/contacts" className="text-muted-foreground hover:text-foreground">
          ← Contacts
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {name}
            {contact.doNotCall ? (
              <Badge variant="destructive">
                <PhoneOff aria-hidden="true" className="size-3" /> Do not call
              </Badge>
            ) : null}
          </span>
        }
        description={subtitle || undefined}
        actions={
          canWrite ? (
            <div className="flex flex-wrap gap-2">
              <Button asChild variant="outline">
                <Link to={`/contacts/${contact.id}/edit`}>
                  <Pencil aria-hidden="true" /> Edit
                </Link>
              </Button>
              <Form method="post">
                <input type="hidden" name="intent" value="doNotCall" />
                <input type="hidden" name="value" value={contact.doNotCall ? "0" : "1"} />
                <Button type="submit" variant="outline">
                  {contact.doNotCall ? <Phone aria-hidden="true" /> : <PhoneOff aria-hidden="true" />}
                  {contact.doNotCall ? "Allow calls" : "Do not call"}
                </Button>
              </Form>
              <MergeDialog contactId={contact.id} name={name} />
              <ConfirmDialog
                trigger={
                  <Button variant="outline" className="text-destructive">
                    <Trash2 aria-hidden="true" /> Delete
                  </Button>
                }
                title={`Delete ${name}?`}
                description="Their notes go too; appointments stay on the calendar without a contact. Contacts with invoices can't be deleted: merge them instead."
                confirmLabel="Delete contact"
                form={{ fields: { intent: "delete" } }}
              />
            </div>
          ) : null
        }
      />

      {data && "error" in data && data.intent !== "note" ? <Alert variant="destructive" title={data.error} className="mb-4" /> : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <Card className="h-fit">
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm">
              <Detail label="Phone">
                {contact.phone ? (
                  <a href={`tel:${contact.phone}`} className="tabular-nums underline-offset-4 hover:underline">
                    {formatPhone(contact.phone, contact.phoneExtension)}
                  </a>
                ) : null}
              </Detail>
              <Detail label="Alternate phone">{contact.altPhone ? formatPhone(contact.altPhone) : null}</Detail>
              <Detail label="E-mail">
                {contact.email ? (
                  <a href={`mailto:${contact.email}`} className="break-all underline-offset-4 hover:underline">
                    {contact.email}
                  </a>
                ) : null}
              </Detail>
              <Detail label="Company">{contact.company || null}</Detail>
              <Detail label="Address">
                {[contact.addressLine1, contact.addressLine2, [contact.postalCode, contact.city].filter(Boolean).join(" "), contact.region, contact.country]
                  .filter(Boolean)
                  .join(", ") || null}
              </Detail>
              <Detail label="Time zone">{contact.timezone}</Detail>
              <Detail label="Tags">
                {contact.tags.length ? (
                  <span className="flex flex-wrap gap-1">
                    {contact.tags.map((t) => (
                      <Link key={t} to={`/contacts?tag=${encodeURIComponent(t)}`}>
                        <Badge variant="secondary">{t}</Badge>
                      </Link>
                    ))}
                  </span>
                ) : null}
              </Detail>
              <Detail label="Consent">
                {contact.consentStatus === "unknown"
                  ? "Not asked"
                  : `${contact.consentStatus[0]!.toUpperCase()}${contact.consentStatus.slice(1)}${contact.consentAt ? ` on ${formatDateTime(contact.consentAt, timeZone)}` : ""}${contact.consentSource ? ` (${contact.consentSource})` : ""}`}
              </Detail>
              <Detail label="Source">{SOURCE_LABELS[contact.source] ?? contact.source}</Detail>
              {contact.externalIds.map((e) => (
                <Detail key={`${e.source}:${e.externalId}`} label={`Id in ${e.source}`}>
                  {e.externalId}
                </Detail>
              ))}
              <Detail label="Added">{formatDateTime(contact.createdAt, timeZone)}</Detail>
              {contact.notes ? (
                <Detail label="Notes">
                  <span className="whitespace-pre-wrap">{contact.notes}</span>
                </Detail>
              ) : null}
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-6">
            {canWrite ? <NoteForm error={data && "error" in data && data.intent === "note" ? data.error : null} /> : null}
            <Timeline items={timeline} />
            <p className="border-t pt-3 text-xs text-muted-foreground">Calls and e-mails will appear here once the phone line and e-mail are connected.</p>
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{children ?? <span className="text-muted-foreground">—</span>}</dd>
    </div>
  );
}

function NoteForm({ error }: { error: string | null }) {
  const navigation = useNavigation();
  const ref = useRef<HTMLFormElement>(null);
  const adding = navigation.state !== "idle" && navigation.formData?.get("intent") === "note";
  // Cleared once saved: the page reloads with the note in the timeline and no error.
  useEffect(() => {
    if (navigation.state === "idle" && !error) ref.current?.reset();
  }, [navigation.state, error]);
  return (
    <Form method="post" ref={ref} className="grid gap-2">
      <input type="hidden" name="intent" value="note" />
      <label htmlFor="note-body" className="sr-only">
        Add a note
      </label>
      <Textarea id="note-body" name="body" rows={2} placeholder="Add a note: what they asked, what you promised…" maxLength={10_000} aria-invalid={error ? true : undefined} />
      {error ? (
        <p className="text-xs font-medium text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={adding}>
          Add note
        </Button>
      </div>
    </Form>
  );
}

/** Picks the duplicate to fold into this contact, and says what a merge does before it happens. */
function MergeDialog({ contactId, name }: { contactId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState<{ id: string; name: string } | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setOther(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <Combine aria-hidden="true" /> Merge
        </Button>
      </DialogTrigger>
      <DialogContent role="alertdialog">
        <Form method="post" onSubmit={() => setOpen(false)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Merge a duplicate into {name}</DialogTitle>
            <DialogDescription>
              The other contact's notes, appointments, invoices and numbers move here; {name}'s empty fields are filled from it and tags are joined. Then the other contact is removed. This can't be undone.
            </DialogDescription>
          </DialogHeader>
          <input type="hidden" name="intent" value="merge" />
          <ContactPicker label="Contact to merge into this one" name="mergeId" hint="" excludeId={contactId} onChoose={setOther} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="destructive" disabled={!other}>
              {other ? `Merge ${other.name} into ${name}` : "Merge"}
            </Button>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
