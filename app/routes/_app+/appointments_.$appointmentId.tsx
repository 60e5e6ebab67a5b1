// One appointment: who, what, when and its status; confirm, complete, mark a no-show, cancel
// (after a confirmation) and move it to another free time, chosen the same way as when booking.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { formatLocalDate, localDateOf } from "../../../server/scheduling/zoned-time";
import { formatDateTime, formatDay, formatTime, useBusinessTimeZone } from "../../components/business-time";
import { refusalMessage } from "../../components/action-errors.server";
import { STATUS_BADGES, STATUS_LABELS } from "../../components/scheduling/appointment-status";
import { availability } from "../../components/scheduling/availability.server";
import { clockParam, localDateParam } from "../../components/scheduling/local-dates";
import { CheckResult, DaySlots, parseSlotValue, SlotButtons, type PickedTime } from "../../components/scheduling/time-picker";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Appointment · Switchboard" }];

const LIVE = ["scheduled", "confirmed", "rescheduled"];

const paramsSchema = z.object({
  moveDate: localDateParam.optional().catch(undefined),
  moveTime: clockParam.optional().catch(undefined),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const p = paramsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = context.auth?.membership?.tenant.timezone ?? "UTC";
  const caller = serverCaller(request, context);
  const appointment = await caller.scheduling.appointments.get({ id: params.appointmentId ?? "" }).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  const canChange = (role === "owner" || role === "admin" || role === "staff") && LIVE.includes(appointment.status);
  // Moving keeps the person and the service; the free times ignore this appointment's own.
  const move =
    canChange && p.moveDate
      ? await availability(caller, {
          serviceId: appointment.serviceId,
          staffId: appointment.staffId,
          date: p.moveDate,
          time: p.moveTime,
          timeZone,
          excludeAppointmentId: appointment.id,
        }).then(
          (found) => ({ ...found, error: null as string | null }),
          // The service may have been retired since: say so instead of failing the page.
          (error: unknown) => ({ slots: [], startsAt: null, check: null, error: refusalMessage(error) }),
        )
      : null;
  return json({
    appointment,
    canChange,
    moveDate: p.moveDate ?? formatLocalDate(localDateOf(new Date(appointment.startsAt), timeZone)),
    moveTime: p.moveTime ?? "",
    move,
  });
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["confirm", "complete", "noShow"]) }),
  z.object({ intent: z.literal("cancel"), reason: z.string().trim().max(500).default("") }),
  z.object({ intent: z.literal("move"), startsAt: z.string().default(""), slot: z.string().optional(), allowOutsideHours: z.literal("on").optional() }),
]);

const DONE: Record<"confirm" | "complete" | "noShow" | "cancel", string> = {
  confirm: "Appointment confirmed",
  complete: "Appointment completed",
  noShow: "Marked as a no-show",
  cancel: "Appointment cancelled",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.appointmentId ?? "";
  const here = `/appointments/${id}`;
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ conflict: null }, { type: "error", title: "That request was not understood." }, { status: 400 });
  const input = parsed.data;
  const appointments = serverCaller(request, context).scheduling.appointments;
  const timeZone = context.auth?.membership?.tenant.timezone ?? "UTC";
  try {
    if (input.intent === "move") {
      const startsAt = (input.slot && parseSlotValue(input.slot)?.startsAt) || input.startsAt;
      if (!startsAt) return jsonWithToast({ conflict: null }, { type: "error", title: "Pick a new time first." }, { status: 400 });
      const result = await appointments.reschedule({ id, startsAt: new Date(startsAt), allowOutsideHours: input.allowOutsideHours === "on" });
      if (!result.ok) return json({ conflict: { message: result.message, nextSlots: result.nextSlots } }, { status: 409 });
      const a = result.appointment;
      return redirectWithToast(here, { type: "success", title: "Appointment moved", description: `Now ${formatDay(a.startsAt, timeZone)}, ${formatTime(a.startsAt, timeZone)}` });
    }
    if (input.intent === "cancel") await appointments.cancel({ id, reason: input.reason || undefined });
    else await appointments[input.intent]({ id });
    return redirectWithToast(here, { type: "success", title: DONE[input.intent] });
  } catch (error) {
    return jsonWithToast({ conflict: null }, { type: "error", title: "Couldn't change the appointment", description: refusalMessage(error) }, { status: 400 });
  }
}

export default function AppointmentPage() {
  const { appointment: a, canChange, moveDate, moveTime, move } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const timeZone = useBusinessTimeZone();
  const navigation = useNavigation();
  const submit = useSubmit();
  const location = useLocation();
  const busy = navigation.state === "submitting";
  const [pick, setPick] = useState<{ search: string; slot: PickedTime } | null>(null);
  const typed =
    move?.startsAt && move.check && !move.check.issues.some((i) => i.code === "conflict") ? { staffId: a.staffId, startsAt: move.startsAt } : null;
  const picked = pick?.search === location.search ? pick.slot : typed;
  const onPick = (slot: PickedTime) => setPick({ search: location.search, slot });
  const overridable =
    !!picked && !!typed && picked.startsAt === typed.startsAt && !!move?.check && !move.check.ok && !move.check.issues.some((i) => i.code === "staff_unavailable");

  const statusButton = (intent: "confirm" | "complete" | "noShow", label: string, variant: "default" | "outline") => (
    <Form method="post" key={intent}>
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" variant={variant} disabled={busy}>
        {label}
      </Button>
    </Form>
  );

  return (
    <div className="mx-auto w-full max-w-3xl">
      <Link to="/appointments" className={buttonClasses({ variant: "ghost", size: "sm", className: "-ml-3 mb-2" })}>
        <ArrowLeft aria-hidden="true" /> Appointments
      </Link>
      <PageHeader
        title={`${a.service.name}${a.contact ? ` with ${a.contact.name}` : ""}`}
        description={`${formatDay(a.startsAt, timeZone)}, ${formatTime(a.startsAt, timeZone)} – ${formatTime(a.endsAt, timeZone)} · ${a.staff.name}`}
        actions={<Badge variant={STATUS_BADGES[a.status]} className="text-sm">{STATUS_LABELS[a.status]}</Badge>}
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardContent className="grid gap-4 pt-5 sm:grid-cols-2">
            <Detail label="Contact">{a.contact ? `${a.contact.name}${a.contact.phone ? ` · ${a.contact.phone}` : ""}` : "None"}</Detail>
            <Detail label="With">{a.staff.name}</Detail>
            <Detail label="Service">{`${a.service.name} (${a.service.durationMinutes} min)`}</Detail>
            <Detail label="Booked">{`${formatDateTime(a.createdAt, timeZone)} · ${a.source === "manual" ? "by the team" : `via ${a.source}`}`}</Detail>
            {a.status === "cancelled" ? <Detail label="Cancelled">{a.cancelReason || "No reason given"}</Detail> : null}
            <Detail label="Notes" className="sm:col-span-2">{a.notes || "—"}</Detail>
          </CardContent>
          {canChange ? (
            <CardContent className="flex flex-wrap gap-2 border-t pt-4">
              {a.status !== "confirmed" ? statusButton("confirm", "Confirm", "default") : null}
              {statusButton("complete", "Complete", "outline")}
              {statusButton("noShow", "No-show", "outline")}
              <ConfirmDialog
                trigger={<Button variant="outline" className="text-destructive hover:text-destructive">Cancel appointment</Button>}
                title="Cancel this appointment?"
                description="The time becomes free for others to book. This cannot be undone."
                confirmLabel="Cancel appointment"
                cancelLabel="Keep it"
                form={{ fields: { intent: "cancel" } }}
              />
            </CardContent>
          ) : null}
        </Card>

        {canChange ? (
          <Card>
            <CardHeader>
              <CardTitle>Move</CardTitle>
              <CardDescription>Pick another free time with {a.staff.name}, or type one to check it.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <Form method="get" replace preventScrollReset className="grid gap-4 sm:grid-cols-2" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
                <Field label="New date">
                  <Input type="date" name="moveDate" defaultValue={moveDate} key={moveDate} />
                </Field>
                <Field label="Or type a time">
                  <Input type="time" name="moveTime" defaultValue={moveTime} key={`${moveDate}-${moveTime}`} />
                </Field>
                {move ? null : (
                  <div className="sm:col-span-2">
                    <Button type="submit" variant="outline">Show free times</Button>
                  </div>
                )}
              </Form>
              {move?.error ? <Alert variant="destructive" title={move.error} /> : null}
              {move ? (
                <DaySlots slots={move.slots} timeZone={timeZone} showStaff={false} picked={picked} onPick={onPick} empty="No free times on this day." />
              ) : null}
              {move?.check && moveTime ? <CheckResult check={move.check} time={moveTime} timeZone={timeZone} picked={picked} onPick={onPick} /> : null}
              <Form method="post" className="grid gap-3">
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="startsAt" value={picked?.startsAt ?? ""} />
                {result?.conflict ? (
                  <Alert variant="destructive" title={result.conflict.message}>
                    {result.conflict.nextSlots.length > 0 ? (
                      <div className="grid gap-2">
                        <p>Next free times — choose one to move it there:</p>
                        <SlotButtons slots={result.conflict.nextSlots.map((s) => ({ ...s, startsAt: String(s.startsAt) }))} timeZone={timeZone} showStaff={false} showDay label="Next free times" />
                      </div>
                    ) : null}
                  </Alert>
                ) : null}
                {overridable ? (
                  <label className="flex items-start gap-2 text-sm">
                    <input type="checkbox" name="allowOutsideHours" className="mt-0.5 size-4 accent-[hsl(var(--primary))]" />
                    Move anyway, outside the booking rules (never over another appointment)
                  </label>
                ) : null}
                {move ? (
                  <div>
                    <Button type="submit" disabled={!picked || busy}>
                      {picked ? `Move to ${formatDay(picked.startsAt, timeZone)}, ${formatTime(picked.startsAt, timeZone)}` : "Pick a time to move to"}
                    </Button>
                  </div>
                ) : null}
              </Form>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}

function Detail({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <div className="mt-0.5 whitespace-pre-wrap text-sm">{children}</div>
    </div>
  );
}
