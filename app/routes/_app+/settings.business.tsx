// Business profile: name, time zone, country, industry and the weekly opening hours. Validated
// with the same schema as the API so every mistake shows next to the field it concerns.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { countryOptions } from "../../../server/tenancy/countries";
import {
  businessProfileSchema,
  INDUSTRIES,
  INDUSTRY_LABELS,
  timeZoneOptions,
  type BusinessHours,
  type HoursInterval,
  type Weekday,
} from "../../../server/tenancy/business-profile-schema";
import { refusalToast } from "../../components/action-errors.server";
import { HoursEditor, readWeekHours } from "../../components/hours-editor";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Business profile · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const profile = await serverCaller(request, context).business.get().catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({
    profile,
    canEdit: !!role && ADMIN_ROLES.includes(role),
    timeZones: timeZoneOptions(),
    countries: countryOptions(),
  });
}

type FormValues = {
  name: string;
  timezone: string;
  country: string;
  industry: string;
  businessHours: Record<Weekday, HoursInterval[]>;
};

function readForm(form: FormData): FormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  return { name: text("name"), timezone: text("timezone"), country: text("country"), industry: text("industry"), businessHours: readWeekHours(form) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = readForm(await request.formData());
  const parsed = businessProfileSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
    return json({ values, errors }, { status: 400 });
  }
  try {
    const { changed } = await serverCaller(request, context).business.update(parsed.data);
    return redirectWithToast(
      "/settings/business",
      changed.length > 0 ? { type: "success", title: "Business profile saved" } : { type: "info", title: "Nothing changed" },
    );
  } catch (error) {
    return refusalToast(error, { values, errors: {} as Record<string, string> }, "Couldn't save the profile");
  }
}

export default function BusinessSettings() {
  const { profile, canEdit, timeZones, countries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formMethod === "POST";
  const errors = actionData?.errors ?? {};
  const values: FormValues = actionData?.values ?? profile;
  const errorCount = Object.keys(errors).length;

  return (
    // Keyed by the stored profile so a successful save (or a change elsewhere) resets the editor.
    <Form method="post" key={profile.updatedAt} className="grid grid-cols-[minmax(0,1fr)] gap-6" noValidate>
      {!canEdit ? (
        <Alert title="Read-only">Only owners and admins can change the business profile.</Alert>
      ) : null}
      {errorCount > 0 ? (
        <Alert variant="destructive" title="Please fix the highlighted fields">
          {errorCount === 1 ? "One field needs attention." : `${errorCount} fields need attention.`}
        </Alert>
      ) : null}

      <fieldset disabled={!canEdit || saving} className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Business profile</CardTitle>
            <CardDescription>The receptionist uses these to greet callers and read times in your local time.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Business name" error={errors.name} className="sm:col-span-2">
              <Input name="name" defaultValue={values.name} autoComplete="organization" required maxLength={80} />
            </Field>
            <Field label="Time zone" error={errors.timezone} hint="Opening hours and call times use this zone.">
              <Select name="timezone" defaultValue={values.timezone}>
                {timeZones.includes(values.timezone) ? null : <option value={values.timezone}>{values.timezone}</option>}
                {timeZones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll("_", " ")}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Country" error={errors.country}>
              <Select name="country" defaultValue={values.country} autoComplete="country">
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Industry" error={errors.industry} hint="Picks sensible defaults for call scripts.">
              <Select name="industry" defaultValue={values.industry}>
                {INDUSTRIES.map((i) => (
                  <option key={i} value={i}>
                    {INDUSTRY_LABELS[i]}
                  </option>
                ))}
              </Select>
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Opening hours</CardTitle>
            <CardDescription>
              When you are open, in {values.timezone.replaceAll("_", " ")}. Add a second interval for a lunch break.
            </CardDescription>
          </CardHeader>
          <CardContent className="p-0">
            <HoursEditor initial={values.businessHours as BusinessHours} errors={errors} errorPrefix="businessHours" />
          </CardContent>
          {canEdit ? (
            <CardFooter className="justify-end">
              <Button type="submit" disabled={saving}>
                {saving ? <Spinner label="Saving" className="text-primary-foreground" /> : null}
                Save changes
              </Button>
            </CardFooter>
          ) : null}
        </Card>
      </fieldset>
    </Form>
  );
}
