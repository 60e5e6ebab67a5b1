// Settings > Scheduling: who can be booked (people and rooms), the services they perform, when
// the business is closed, and the booking rules the receptionist follows. Owners and admins
// change them; everyone else reads them.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { CalendarOff, DoorOpen, Plus, Scissors, User } from "lucide-react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { formatDate, useBusinessTimeZone } from "../../components/business-time";
import { refusalMessage } from "../../components/action-errors.server";
import { ServiceForm, serviceFormSchema, type ServiceFormValues } from "../../components/scheduling/service-form";
import { summariseWeek, weekFromStaffDays } from "../../components/scheduling/staff-hours";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "../../components/ui/dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Scheduling settings · Switchboard" }];

const HERE = "/settings/scheduling";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scheduling = serverCaller(request, context).scheduling;
  const [rules, staff, services, closures] = await Promise.all([
    scheduling.rules.get(),
    scheduling.staff.list({ includeInactive: true }),
    scheduling.services.list({ includeInactive: true }),
    scheduling.closures.list({ from: new Date() }),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ rules, staff, services, closures, canEdit: !!role && ADMIN_ROLES.includes(role) });
}

const number = (label: string, min: number, max: number) =>
  z.coerce.number({ invalid_type_error: `${label} must be a number` }).int(`${label} must be a whole number`).min(min, `${label}: at least ${min}`).max(max, `${label}: at most ${max}`);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date");

const intents = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rules"),
    minNoticeMinutes: number("Minimum notice", 0, 60 * 24 * 30),
    horizonDays: number("Booking horizon", 1, 730),
    slotStepMinutes: number("Slot spacing", 5, 240),
  }),
  z.object({ intent: z.literal("addStaff"), name: z.string().trim().min(1, "Give a name").max(120), kind: z.enum(["person", "room"]) }),
  z.object({ intent: z.literal("staffActive"), id: z.string().min(1), active: z.enum(["true", "false"]), name: z.string().default("") }),
  z.object({ intent: z.literal("addService") }).merge(serviceFormSchema),
  z.object({ intent: z.literal("editService"), id: z.string().min(1) }).merge(serviceFormSchema),
  z.object({ intent: z.literal("serviceActive"), id: z.string().min(1), active: z.enum(["true", "false"]), name: z.string().default("") }),
  z.object({
    intent: z.literal("addClosure"),
    from: isoDate,
    to: isoDate,
    staffId: z.string().default(""),
    reason: z.string().trim().max(200).default(""),
  }),
  z.object({ intent: z.literal("removeClosure"), id: z.string().min(1) }),
]);

type Errors = Record<string, string>;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const raw = { ...Object.fromEntries(form), staffIds: form.getAll("staffIds").map(String) };
  const parsed = intents.safeParse(raw);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
    return json({ intent: String(form.get("intent")), errors }, { status: 400 });
  }
  const input = parsed.data;
  const scheduling = serverCaller(request, context).scheduling;
  try {
    switch (input.intent) {
      case "rules": {
        const { intent: _, ...rules } = input;
        await scheduling.rules.update(rules);
        return redirectWithToast(HERE, { type: "success", title: "Booking rules saved" });
      }
      case "addStaff": {
        const staff = await scheduling.staff.create({ name: input.name, kind: input.kind });
        // New staff have no hours yet: take the admin straight to where they are set.
        return redirectWithToast(`${HERE}/staff/${staff.id}`, {
          type: "success",
          title: `${staff.name} added`,
          description: "Set their working hours and services so they can be booked.",
        });
      }
      case "staffActive":
        await scheduling.staff.update({ id: input.id, active: input.active === "true" });
        return redirectWithToast(HERE, { type: "success", title: `${input.name || "Staff member"} ${input.active === "true" ? "reactivated" : "deactivated"}` });
      case "addService":
      case "editService": {
        const { intent, ...values } = input;
        if (intent === "addService") await scheduling.services.create(values);
        else await scheduling.services.update(values as ServiceFormValues & { id: string });
        return redirectWithToast(HERE, { type: "success", title: `${values.name} ${intent === "addService" ? "added" : "saved"}` });
      }
      case "serviceActive":
        await scheduling.services.update({ id: input.id, active: input.active === "true" });
        return redirectWithToast(HERE, { type: "success", title: `${input.name || "Service"} ${input.active === "true" ? "offered again" : "no longer offered"}` });
      case "addClosure":
        if (input.to < input.from) return json({ intent: input.intent, errors: { to: "The last day cannot be before the first" } as Errors }, { status: 400 });
        await scheduling.closures.create({ days: { from: input.from, to: input.to }, staffId: input.staffId || null, reason: input.reason });
        return redirectWithToast(HERE, { type: "success", title: "Closure added", description: "No one can book those days." });
      case "removeClosure":
        await scheduling.closures.remove({ id: input.id });
        return redirectWithToast(HERE, { type: "success", title: "Closure removed" });
    }
  } catch (error) {
    return jsonWithToast(
      { intent: input.intent, errors: {} as Errors },
      { type: "error", title: "Couldn't save", description: refusalMessage(error) },
      { status: 400 },
    );
  }
}

export default function SchedulingSettings() {
  const { rules, staff, services, closures, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errorsFor = (intent: string): Errors => (actionData?.intent === intent ? actionData.errors : {});
  const timeZone = useBusinessTimeZone();
  const activeStaff = staff.filter((s) => s.active);
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  // A successful add redirects here (a new location): clear the add forms for the next one.
  const location = useLocation();
  const addStaffForm = useRef<HTMLFormElement>(null);
  const addClosureForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    addStaffForm.current?.reset();
    addClosureForm.current?.reset();
  }, [location.key]);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      {!canEdit ? <Alert title="Read-only">Only owners and admins can change scheduling settings.</Alert> : null}

      <Card>
        <CardHeader>
          <CardTitle>Staff and rooms</CardTitle>
          <CardDescription>Everyone (and everything) appointments are booked with, with their working hours.</CardDescription>
        </CardHeader>
        {canEdit ? (
          <CardContent>
            <Form ref={addStaffForm} method="post" className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start" noValidate>
              <input type="hidden" name="intent" value="addStaff" />
              <Field label="Name" error={errorsFor("addStaff").name}>
                <Input name="name" placeholder="e.g. Dr. Patel or Room 2" maxLength={120} required />
              </Field>
              <Field label="Kind">
                <Select name="kind" defaultValue="person">
                  <option value="person">Person</option>
                  <option value="room">Room</option>
                </Select>
              </Field>
              <Button type="submit" className="sm:mt-6" disabled={busy}>
                <Plus aria-hidden="true" /> Add staff
              </Button>
            </Form>
          </CardContent>
        ) : null}
        <CardContent className="p-0">
          {staff.length === 0 ? (
            <EmptyState icon={User} title="No staff yet" description="Add the people or rooms customers book with." className="m-5" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Working hours</TableHead>
                  <TableHead className="hidden sm:table-cell">Services</TableHead>
                  <TableHead className="text-right">Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {staff.map((s) => (
                  <TableRow key={s.id} className={s.active ? undefined : "text-muted-foreground"}>
                    <TableCell>
                      <div className="flex items-center gap-2 font-medium">
                        <span aria-hidden="true" className="size-2.5 shrink-0 rounded-full bg-primary" style={s.color ? { backgroundColor: s.color } : undefined} />
                        {s.kind === "room" ? <DoorOpen aria-label="Room" className="size-4 text-muted-foreground" /> : null}
                        {s.name}
                        {s.active ? null : <Badge variant="outline">Inactive</Badge>}
                      </div>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">{summariseWeek(weekFromStaffDays(s.hours))}</TableCell>
                    <TableCell className="hidden sm:table-cell">{s.serviceIds.length}</TableCell>
                    <TableCell className="text-right">
                      <div className="flex justify-end gap-1">
                        <Link to={`staff/${s.id}`} className={buttonClasses({ variant: "ghost", size: "sm" })} aria-label={`${canEdit ? "Edit" : "View"} ${s.name}`}>
                          {canEdit ? "Edit" : "View"}
                        </Link>
                        {!canEdit ? null : s.active ? (
                          <ConfirmDialog
                            trigger={<Button variant="ghost" size="sm" className="text-destructive hover:text-destructive">Deactivate</Button>}
                            title={`Deactivate ${s.name}?`}
                            description="They can no longer be booked. Their existing appointments stay as they are."
                            confirmLabel="Deactivate"
                            form={{ fields: { intent: "staffActive", id: s.id, active: "false", name: s.name } }}
                          />
                        ) : (
                          <Form method="post">
                            <input type="hidden" name="intent" value="staffActive" />
                            <input type="hidden" name="id" value={s.id} />
                            <input type="hidden" name="active" value="true" />
                            <input type="hidden" name="name" value={s.name} />
                            <Button type="submit" variant="ghost" size="sm">Reactivate</Button>
                          </Form>
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="sm:flex-row sm:items-start sm:justify-between">
          <div className="grid gap-1.5">
            <CardTitle>Services</CardTitle>
            <CardDescription>What customers book: how long it takes, time kept free around it, and who performs it.</CardDescription>
          </div>
          {canEdit ? (
            <ServiceDialog
              title="Add a service"
              trigger={<Button size="sm"><Plus aria-hidden="true" /> Add service</Button>}
              intent="addService"
              staff={activeStaff}
              errors={errorsFor("addService")}
            />
          ) : null}
        </CardHeader>
        <CardContent className="p-0">
          {services.length === 0 ? (
            <EmptyState icon={Scissors} title="No services yet" description="Add what customers can book, e.g. a 30-minute consultation." className="m-5" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Service</TableHead>
                  <TableHead>Duration</TableHead>
                  <TableHead className="hidden sm:table-cell">Buffers</TableHead>
                  <TableHead className="hidden md:table-cell">Performed by</TableHead>
                  {canEdit ? <TableHead className="text-right">Actions</TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {services.map((sv) => (
                  <TableRow key={sv.id} className={sv.active ? undefined : "text-muted-foreground"}>
                    <TableCell className="font-medium">
                      {sv.name} {sv.active ? null : <Badge variant="outline">Not offered</Badge>}
                    </TableCell>
                    <TableCell>{sv.durationMinutes} min</TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {sv.bufferBeforeMinutes || sv.bufferAfterMinutes ? `${sv.bufferBeforeMinutes} before · ${sv.bufferAfterMinutes} after` : "None"}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">
                      {sv.staffIds.map((id) => staffName.get(id)).filter(Boolean).join(", ") || "Nobody yet"}
                    </TableCell>
                    {canEdit ? (
                      <TableCell className="text-right">
                        <div className="flex justify-end gap-1">
                          <ServiceDialog
                            title={`Edit ${sv.name}`}
                            trigger={<Button variant="ghost" size="sm" aria-label={`Edit ${sv.name}`}>Edit</Button>}
                            intent="editService"
                            id={sv.id}
                            initial={{
                              name: sv.name,
                              durationMinutes: sv.durationMinutes,
                              bufferBeforeMinutes: sv.bufferBeforeMinutes,
                              bufferAfterMinutes: sv.bufferAfterMinutes,
                              staffIds: sv.staffIds,
                            }}
                            staff={activeStaff}
                            errors={{}}
                          />
                          {sv.active ? (
                            <ConfirmDialog
                              trigger={<Button variant="ghost" size="sm" className="text-destructive hover:text-destructive">Stop offering</Button>}
                              title={`Stop offering ${sv.name}?`}
                              description="It can no longer be booked. Existing appointments stay as they are."
                              confirmLabel="Stop offering"
                              form={{ fields: { intent: "serviceActive", id: sv.id, active: "false", name: sv.name } }}
                            />
                          ) : (
                            <Form method="post">
                              <input type="hidden" name="intent" value="serviceActive" />
                              <input type="hidden" name="id" value={sv.id} />
                              <input type="hidden" name="active" value="true" />
                              <input type="hidden" name="name" value={sv.name} />
                              <Button type="submit" variant="ghost" size="sm">Offer again</Button>
                            </Form>
                          )}
                        </div>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Closures and holidays</CardTitle>
          <CardDescription>Days nobody (or one person) can be booked, in {timeZone.replaceAll("_", " ")}.</CardDescription>
        </CardHeader>
        {canEdit ? (
          <CardContent>
            <Form ref={addClosureForm} method="post" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[9.5rem_9.5rem_1fr_1fr_auto] lg:items-start" noValidate>
              <input type="hidden" name="intent" value="addClosure" />
              <Field label="First day" error={errorsFor("addClosure").from}>
                <Input type="date" name="from" required />
              </Field>
              <Field label="Last day" error={errorsFor("addClosure").to}>
                <Input type="date" name="to" required />
              </Field>
              <Field label="Who">
                <Select name="staffId" defaultValue="">
                  <option value="">Whole business</option>
                  {activeStaff.map((s) => (
                    <option key={s.id} value={s.id}>{s.name}</option>
                  ))}
                </Select>
              </Field>
              <Field label="Reason" error={errorsFor("addClosure").reason}>
                <Input name="reason" placeholder="e.g. Public holiday" maxLength={200} />
              </Field>
              <Button type="submit" className="lg:mt-6" disabled={busy}>
                <Plus aria-hidden="true" /> Add closure
              </Button>
            </Form>
          </CardContent>
        ) : null}
        <CardContent className={closures.length === 0 ? undefined : "p-0"}>
          {closures.length === 0 ? (
            <EmptyState icon={CalendarOff} title="No upcoming closures" className="py-8" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Who</TableHead>
                  <TableHead className="hidden sm:table-cell">Reason</TableHead>
                  {canEdit ? <TableHead className="text-right">Actions</TableHead> : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {closures.map((c) => {
                  // All-day closures end at the next local midnight: show the last day closed.
                  const lastDay = formatDate(new Date(new Date(c.endsAt).getTime() - 1), timeZone);
                  const firstDay = formatDate(c.startsAt, timeZone);
                  return (
                    <TableRow key={c.id}>
                      <TableCell className="font-medium">{firstDay === lastDay ? firstDay : `${firstDay} – ${lastDay}`}</TableCell>
                      <TableCell>{c.staffId ? (staffName.get(c.staffId) ?? "A former staff member") : "Whole business"}</TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{c.reason || "—"}</TableCell>
                      {canEdit ? (
                        <TableCell className="text-right">
                          <ConfirmDialog
                            trigger={<Button variant="ghost" size="sm">Remove</Button>}
                            title="Remove this closure?"
                            description="Those days become bookable again within working hours."
                            confirmLabel="Remove"
                            form={{ fields: { intent: "removeClosure", id: c.id } }}
                          />
                        </TableCell>
                      ) : null}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Booking rules</CardTitle>
          <CardDescription>What the receptionist and the booking form offer. Staff booking by hand may go outside them.</CardDescription>
        </CardHeader>
        <CardContent>
          <Form method="post" className="grid gap-4 sm:grid-cols-3" noValidate>
            <input type="hidden" name="intent" value="rules" />
            <fieldset disabled={!canEdit || busy} className="contents">
              <Field label="Minimum notice (minutes)" error={errorsFor("rules").minNoticeMinutes} hint="How soon a booking may start.">
                <Input type="number" name="minNoticeMinutes" min={0} step={5} defaultValue={rules.minNoticeMinutes} />
              </Field>
              <Field label="Booking horizon (days)" error={errorsFor("rules").horizonDays} hint="How far ahead one may book.">
                <Input type="number" name="horizonDays" min={1} max={730} defaultValue={rules.horizonDays} />
              </Field>
              <Field label="Slot spacing (minutes)" error={errorsFor("rules").slotStepMinutes} hint="Offered times start this far apart.">
                <Input type="number" name="slotStepMinutes" min={5} max={240} step={5} defaultValue={rules.slotStepMinutes} />
              </Field>
              {canEdit ? (
                <div className="sm:col-span-3">
                  <Button type="submit">Save booking rules</Button>
                </div>
              ) : null}
            </fieldset>
          </Form>
        </CardContent>
      </Card>
    </div>
  );
}

function ServiceDialog({
  title,
  trigger,
  intent,
  id,
  initial,
  staff,
  errors,
}: {
  title: string;
  trigger: React.ReactElement;
  intent: "addService" | "editService";
  id?: string;
  initial?: ServiceFormValues;
  staff: { id: string; name: string }[];
  errors: Errors;
}) {
  const navigation = useNavigation();
  const location = useLocation();
  const hasErrors = Object.keys(errors).length > 0;
  return (
    // Re-mounted per location so a saved dialog closes; kept open when the action refused it.
    <Dialog key={location.key} defaultOpen={hasErrors}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>Buffers keep time free before and after, e.g. to clean up.</DialogDescription>
        </DialogHeader>
        <ServiceForm intent={intent} id={id} initial={initial} staff={staff} errors={errors} busy={navigation.state === "submitting"} />
      </DialogContent>
    </Dialog>
  );
}
