// New appointment: choose the service, the person (or anyone) and the day; pick one of the free
// times or type a time, which is checked before saving; then the contact and notes. A time taken
// in the meantime comes back as "That time was just taken." with the next free times to pick.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { formatDay, formatTime, useBusinessTimeZone } from "../../components/business-time";
import { refusalMessage } from "../../components/action-errors.server";
import { availability } from "../../components/scheduling/availability.server";
import { clockParam, localDateParam, todayIn } from "../../components/scheduling/local-dates";
import { ContactPicker } from "../../components/scheduling/contact-picker";
import { CheckResult, DaySlots, parseSlotValue, SlotButtons, type PickedTime } from "../../components/scheduling/time-picker";
import { Alert } from "../../components/ui/alert";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Textarea } from "../../components/ui/textarea";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "New appointment · Switchboard" }];

const paramsSchema = z.object({
  service: z.string().max(64).optional().catch(undefined),
  staff: z.string().max(64).optional().catch(undefined),
  date: localDateParam.optional().catch(undefined),
  time: clockParam.optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const p = paramsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = context.auth?.membership?.tenant.timezone ?? "UTC";
  const caller = serverCaller(request, context);
  const [services, staff] = await Promise.all([caller.scheduling.services.list(), caller.scheduling.staff.list()]).catch(rethrowAsResponse);
  const service = services.find((s) => s.id === p.service) ?? services[0] ?? null;
  const performers = service ? staff.filter((s) => service.staffIds.includes(s.id)) : [];
  const staffId = performers.some((s) => s.id === p.staff) ? p.staff : undefined;
  const date = p.date ?? todayIn(timeZone);
  const found = service
    ? await availability(caller, { serviceId: service.id, staffId, date, time: p.time, timeZone }).catch(rethrowAsResponse)
    : { slots: [], startsAt: null, check: null };
  return json({
    services: services.map((s) => ({ id: s.id, name: s.name, durationMinutes: s.durationMinutes })),
    serviceId: service?.id ?? "",
    performers: performers.map((s) => ({ id: s.id, name: s.name })),
    staffId: staffId ?? "",
    date,
    time: p.time ?? "",
    ...found,
  });
}

const bookSchema = z.object({
  serviceId: z.string().min(1, "Choose a service"),
  staffId: z.string().default(""),
  startsAt: z.string().default(""),
  slot: z.string().optional(),
  contactId: z.string().max(64).default(""),
  notes: z.string().max(5000).default(""),
  allowOutsideHours: z.literal("on").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = bookSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ conflict: null, error: "Choose a service and a time." }, { status: 400 });
  const input = parsed.data;
  // A "next free time" button posts its own person and time.
  const time = (input.slot && parseSlotValue(input.slot)) || { staffId: input.staffId, startsAt: input.startsAt };
  if (!time.staffId || !time.startsAt) return json({ conflict: null, error: "Pick a time first." }, { status: 400 });
  const timeZone = context.auth?.membership?.tenant.timezone ?? "UTC";
  try {
    const result = await serverCaller(request, context).scheduling.appointments.book({
      serviceId: input.serviceId,
      staffId: time.staffId,
      startsAt: new Date(time.startsAt),
      contactId: input.contactId || null,
      notes: input.notes,
      allowOutsideHours: input.allowOutsideHours === "on",
    });
    if (!result.ok) {
      return json({ conflict: { message: result.message, nextSlots: result.nextSlots }, error: null }, { status: 409 });
    }
    const a = result.appointment;
    return redirectWithToast(`/appointments/${a.id}`, {
      type: "success",
      title: "Appointment booked",
      description: `${formatDay(a.startsAt, timeZone)}, ${formatTime(a.startsAt, timeZone)} with ${a.staff.name}`,
    });
  } catch (error) {
    return jsonWithToast({ conflict: null, error: null }, { type: "error", title: "Couldn't book", description: refusalMessage(error) }, { status: 400 });
  }
}

export default function NewAppointment() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const timeZone = useBusinessTimeZone();
  const navigation = useNavigation();
  const submit = useSubmit();
  const location = useLocation();
  // A pick belongs to the day and filters it was made on; new ones (a new search) drop it.
  const [pick, setPick] = useState<{ search: string; slot: PickedTime } | null>(null);
  const typed = data.startsAt && data.staffId && data.check && !data.check.issues.some((i) => i.code === "conflict")
    ? { staffId: data.staffId, startsAt: data.startsAt }
    : null;
  const picked = pick?.search === location.search ? pick.slot : typed;
  const onPick = (slot: PickedTime) => setPick({ search: location.search, slot });
  const pickedIsTyped = !!picked && !!typed && picked.startsAt === typed.startsAt && picked.staffId === typed.staffId;
  const needsOverride = pickedIsTyped && data.check && !data.check.ok;
  const overridable = needsOverride && !data.check!.issues.some((i) => i.code === "staff_unavailable");
  const staffName = (id: string) => data.performers.find((s) => s.id === id)?.name ?? "";
  const saving = navigation.state === "submitting" && navigation.formMethod === "POST";

  if (data.services.length === 0) {
    return (
      <>
        <PageHeader title="New appointment" />
        <Alert title="No services yet">
          Add a service and who performs it under <Link to="/settings/scheduling">Settings › Scheduling</Link> first.
        </Alert>
      </>
    );
  }

  return (
    <div className="mx-auto w-full max-w-3xl">
      <Link to="/appointments" className={buttonClasses({ variant: "ghost", size: "sm", className: "-ml-3 mb-2" })}>
        <ArrowLeft aria-hidden="true" /> Appointments
      </Link>
      <PageHeader title="New appointment" description={`Times are in ${timeZone.replaceAll("_", " ")}.`} />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>When</CardTitle>
            <CardDescription>Pick a free time, or type one: it is checked before you save.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Form method="get" replace preventScrollReset className="grid gap-4 sm:grid-cols-2" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
              <Field label="Service">
                <Select name="service" defaultValue={data.serviceId} key={data.serviceId}>
                  {data.services.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.durationMinutes} min)
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="With">
                <Select name="staff" defaultValue={data.staffId} key={`${data.serviceId}-${data.staffId}`}>
                  <option value="">Anyone available</option>
                  {data.performers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Date">
                <Input type="date" name="date" defaultValue={data.date} key={data.date} required />
              </Field>
              <Field label="Or type a time" hint={data.staffId ? "We check it before you save." : "Choose who first to check a typed time."}>
                <Input type="time" name="time" defaultValue={data.time} disabled={!data.staffId} key={`${data.staffId}-${data.time}`} />
              </Field>
              <noscript>
                <Button type="submit" variant="outline">Show times</Button>
              </noscript>
            </Form>
            {data.performers.length === 0 ? (
              <Alert variant="warning" title="Nobody performs this service">
                Choose who does under <Link to="/settings/scheduling">Settings › Scheduling</Link>.
              </Alert>
            ) : (
              <DaySlots
                slots={data.slots}
                timeZone={timeZone}
                showStaff={!data.staffId}
                picked={picked}
                onPick={onPick}
                empty="No free times on this day. Try another day or person."
              />
            )}
            {data.check && data.time ? <CheckResult check={data.check} time={data.time} timeZone={timeZone} picked={picked} onPick={onPick} /> : null}
          </CardContent>
        </Card>

        <Form method="post" className="grid grid-cols-[minmax(0,1fr)] gap-6">
          <input type="hidden" name="serviceId" value={data.serviceId} />
          <input type="hidden" name="staffId" value={picked?.staffId ?? ""} />
          <input type="hidden" name="startsAt" value={picked?.startsAt ?? ""} />
          {result?.conflict ? (
            <Alert variant="destructive" title={result.conflict.message}>
              {result.conflict.nextSlots.length > 0 ? (
                <div className="grid gap-2">
                  <p>Next free times — choose one to book it:</p>
                  <SlotButtons slots={result.conflict.nextSlots.map((s) => ({ ...s, startsAt: String(s.startsAt) }))} timeZone={timeZone} showStaff showDay label="Next free times" />
                </div>
              ) : (
                <p>No other free times soon; try another day.</p>
              )}
            </Alert>
          ) : null}
          {result?.error ? <Alert variant="destructive" title={result.error} /> : null}
          <Card>
            <CardHeader>
              <CardTitle>Who and why</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <ContactPicker />
              <Field label="Notes">
                <Textarea name="notes" rows={3} maxLength={5000} placeholder="Anything the team should know" />
              </Field>
              {overridable ? (
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="allowOutsideHours" className="mt-0.5 size-4 accent-[hsl(var(--primary))]" />
                  Book anyway, outside the booking rules (never over another appointment)
                </label>
              ) : null}
              <div className="flex flex-col gap-3 border-t pt-4 sm:flex-row sm:items-center sm:justify-between">
                <p className="text-sm" aria-live="polite">
                  {picked ? (
                    <>
                      <span className="font-medium">
                        {formatDay(picked.startsAt, timeZone)}, {formatTime(picked.startsAt, timeZone)}
                      </span>{" "}
                      with {staffName(picked.staffId)}
                    </>
                  ) : (
                    <span className="text-muted-foreground">No time chosen yet.</span>
                  )}
                </p>
                <Button type="submit" disabled={!picked || saving}>
                  {saving ? "Booking…" : "Book appointment"}
                </Button>
              </div>
            </CardContent>
          </Card>
        </Form>
      </div>
    </div>
  );
}
