// The contact form (new and edit): every field a person sets by hand. Phones are typed in any
// format; the server reads numbers without a country code as the business's country.
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ContactMatch } from "../../../server/contacts/contacts";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { Textarea } from "../ui/textarea";
import { contactName } from "./filters";
import { formatPhone } from "./phone-format";

export interface ContactFormProps {
  /** Stored values (edit) or what was posted (after an error). */
  values: Record<string, string>;
  errors: Record<string, string>;
  duplicates?: ContactMatch[];
  /** The business's country, named in the phone hint. */
  country: string;
  submitLabel: string;
  cancelHref: string;
  /** Editing a stored contact: a duplicate warning offers to keep both or merge this one away. */
  editing?: boolean;
}

export function ContactForm({ values, errors, duplicates = [], country, submitLabel, cancelHref, editing = false }: ContactFormProps) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const text = (name: string, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} error={errors[name]} hint={hint}>
      <Input name={name} defaultValue={values[name] ?? ""} {...props} />
    </Field>
  );
  return (
    <Form method="post" className="grid max-w-3xl gap-6" noValidate>
      {duplicates.length ? <DuplicateWarning duplicates={duplicates} editing={editing} /> : errors.form ? <Alert variant="destructive" title={errors.form} /> : null}
      <Card>
        <CardHeader>
          <CardTitle>Who</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {text("givenName", "First name", { autoComplete: "off" })}
          {text("familyName", "Last name", { autoComplete: "off" })}
          {text("company", "Company")}
          {text("title", "Job title")}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>How to reach them</CardTitle>
          <CardDescription>Type numbers any way you like; without a + country code they're read as {country} numbers.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          {text("phone", "Phone", { type: "tel", inputMode: "tel", placeholder: "(415) 555-0123 ext. 12" })}
          {text("altPhone", "Alternate phone", { type: "tel", inputMode: "tel" })}
          {text("email", "E-mail", { type: "email" })}
          {text("timezone", "Time zone", { placeholder: "From the phone number" }, "e.g. America/Chicago. Left empty, it follows the phone number's area, else your business's.")}
          <label className="flex items-start gap-2 text-sm sm:col-span-2">
            <input type="checkbox" name="doNotCall" defaultChecked={values.doNotCall === "on"} className="mt-0.5 size-4" />
            <span>
              <span className="font-medium">Do not call</span>
              <span className="block text-xs text-muted-foreground">The phone agent never calls this contact (it still answers their calls).</span>
            </span>
          </label>
          <Field label="Marketing consent" error={errors.consentStatus}>
            <Select name="consentStatus" defaultValue={values.consentStatus || "unknown"}>
              <option value="unknown">Not asked</option>
              <option value="granted">Granted</option>
              <option value="denied">Denied</option>
              <option value="revoked">Revoked</option>
            </Select>
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Address and notes</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">{text("addressLine1", "Address")}</div>
          <div className="sm:col-span-2">{text("addressLine2", "Address line 2")}</div>
          {text("city", "City")}
          {text("region", "State / region")}
          {text("postalCode", "Postal code")}
          {text("country", "Country", { maxLength: 2, placeholder: country, className: "uppercase" }, "Two letters, e.g. US, FR.")}
          <div className="sm:col-span-2">{text("tags", "Tags", { placeholder: "vip, plumbing" }, "Separate tags with commas.")}</div>
          <Field label="Notes" error={errors.notes} className="sm:col-span-2">
            <Textarea name="notes" rows={4} defaultValue={values.notes ?? ""} />
          </Field>
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button asChild variant="outline">
          <Link to={cancelHref}>Cancel</Link>
        </Button>
        {duplicates.length ? (
          <Button type="submit" name="intent" value="create-anyway" variant="outline" disabled={saving}>
            {editing ? "Save anyway" : "Save as a separate contact"}
          </Button>
        ) : null}
        <Button type="submit" name="intent" value="save" disabled={saving}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}

/** The contacts a new (or edited) one would duplicate: open one, or fold what was typed into it. */
function DuplicateWarning({ duplicates, editing }: { duplicates: ContactMatch[]; editing: boolean }) {
  const what = duplicates[0]!.matchedOn === "phone" ? "phone number" : "e-mail address";
  return (
    <Alert variant="warning" title={editing ? `Another contact has this ${what}` : "This looks like someone you already have"}>
      <p>
        {editing
          ? `Open it, or merge this contact into it: its history moves there, its empty fields are filled from what you typed, tags are joined.`
          : `A contact with the same ${what} exists. Open it, or merge what you typed into it (its empty fields are filled, tags joined).`}
      </p>
      <ul className="mt-2 grid gap-2">
        {duplicates.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border bg-background p-2 text-foreground">
            <span>
              <span className="font-medium">{contactName(d)}</span>
              <span className="ml-2 text-xs text-muted-foreground">{d.matchedOn === "phone" ? formatPhone(d.phone) : d.email}</span>
            </span>
            <span className="flex gap-2">
              {/* The alert underlines its links; this one is a button. */}
              <Button asChild size="sm" variant="outline" className="!no-underline">
                <Link to={`/contacts/${d.id}`}>Open</Link>
              </Button>
              <Button type="submit" size="sm" name="mergeInto" value={d.id}>
                Merge into this one
              </Button>
            </span>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
