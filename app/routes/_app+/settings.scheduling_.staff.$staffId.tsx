// One staff member (or room): details, the services they perform and their weekly working
// hours, edited with the same hours editor as the business's opening hours.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { z } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { businessHoursSchema, type BusinessHours } from "../../../server/tenancy/business-profile-schema";
import { HoursEditor, readWeekHours } from "../../components/hours-editor";
import { refusalMessage } from "../../components/action-errors.server";
import { staffDaysFromWeek, weekFromStaffDays } from "../../components/scheduling/staff-hours";
import { Alert } from "../../components/ui/alert";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.staff.name ?? "Staff"} · Scheduling · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const scheduling = serverCaller(request, context).scheduling;
  const [staff, services] = await Promise.all([
    scheduling.staff.get({ id: params.staffId ?? "" }),
    scheduling.services.list({ includeInactive: false }),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ staff, services, canEdit: !!role && ADMIN_ROLES.includes(role) });
}

const detailsSchema = z.object({
  name: z.string().trim().min(1, "Give a name").max(120),
  kind: z.enum(["person", "room"]),
  email: z.union([z.literal(""), z.string().trim().email("Enter a valid e-mail address").max(254)]),
  phone: z.string().trim().max(40),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour"),
  serviceIds: z.array(z.string().min(1)),
});

type Errors = Record<string, string>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.staffId ?? "";
  const form = await request.formData();
  const details = detailsSchema.safeParse({ ...Object.fromEntries(form), serviceIds: form.getAll("serviceIds").map(String) });
  const week = businessHoursSchema.safeParse(readWeekHours(form));
  const errors: Errors = {};
  if (!details.success) for (const issue of details.error.issues) errors[issue.path.join(".")] ??= issue.message;
  if (!week.success) for (const issue of week.error.issues) errors[["hours", ...issue.path].join(".")] ??= issue.message;
  if (!details.success || !week.success) return json({ errors }, { status: 400 });

  const scheduling = serverCaller(request, context).scheduling;
  const { email, phone, ...rest } = details.data;
  try {
    // One procedure, one transaction: refused hours leave the details unsaved too.
    await scheduling.staff.save({ details: { id, ...rest, email: email || null, phone: phone || null }, days: staffDaysFromWeek(week.data) });
  } catch (error) {
    return jsonWithToast({ errors }, { type: "error", title: "Couldn't save", description: refusalMessage(error) }, { status: 400 });
  }
  return redirectWithToast("/settings/scheduling", { type: "success", title: `${rest.name} saved` });
}

export default function StaffSettings() {
  const { staff, services, canEdit } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const week: BusinessHours = weekFromStaffDays(staff.hours);

  return (
    <Form method="post" key={staff.updatedAt} className="grid grid-cols-[minmax(0,1fr)] gap-6" noValidate>
      <div>
        <Link to="/settings/scheduling" className={buttonClasses({ variant: "ghost", size: "sm", className: "-ml-3" })}>
          <ArrowLeft aria-hidden="true" /> Scheduling
        </Link>
      </div>
      {!canEdit ? <Alert title="Read-only">Only owners and admins can change staff.</Alert> : null}
      {!staff.active ? <Alert variant="warning" title="Inactive">{staff.name} cannot be booked. Reactivate them from the staff list.</Alert> : null}
      {Object.keys(errors).length > 0 ? (
        <Alert variant="destructive" title="Please fix the highlighted fields" />
      ) : null}
      <fieldset disabled={!canEdit || saving} className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>{staff.name}</CardTitle>
            <CardDescription>How they appear on the calendar and to the receptionist.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={errors.name}>
              <Input name="name" defaultValue={staff.name} maxLength={120} required />
            </Field>
            <Field label="Kind">
              <Select name="kind" defaultValue={staff.kind}>
                <option value="person">Person</option>
                <option value="room">Room</option>
              </Select>
            </Field>
            <Field label="E-mail" error={errors.email}>
              <Input type="email" name="email" defaultValue={staff.email ?? ""} autoComplete="off" />
            </Field>
            <Field label="Phone" error={errors.phone}>
              <Input type="tel" name="phone" defaultValue={staff.phone ?? ""} autoComplete="off" />
            </Field>
            <Field label="Calendar colour" error={errors.color}>
              <Input type="color" name="color" defaultValue={staff.color ?? "#2563eb"} className="w-20 p-1" />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Services</CardTitle>
            <CardDescription>What {staff.name} can be booked for.</CardDescription>
          </CardHeader>
          <CardContent>
            {services.length === 0 ? (
              <p className="text-sm text-muted-foreground">No services yet. Add them under Settings › Scheduling.</p>
            ) : (
              <div className="grid gap-2 sm:grid-cols-2">
                {services.map((sv) => (
                  <label key={sv.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="serviceIds"
                      value={sv.id}
                      defaultChecked={staff.serviceIds.includes(sv.id)}
                      className="size-4 rounded border-input accent-[hsl(var(--primary))]"
                    />
                    {sv.name} <span className="text-muted-foreground">· {sv.durationMinutes} min</span>
                  </label>
                ))}
              </div>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Working hours</CardTitle>
            <CardDescription>When {staff.name} can be booked, in the business's time zone. Two intervals in a day leave a break between them.</CardDescription>
          </CardHeader>
          <CardContent className="p-0">
            <HoursEditor initial={week} errors={errors} errorPrefix="hours" closedLabel="Not working" />
          </CardContent>
          {canEdit ? (
            <CardFooter className="justify-end">
              <Button type="submit" disabled={saving}>
                Save changes
              </Button>
            </CardFooter>
          ) : null}
        </Card>
      </fieldset>
    </Form>
  );
}
