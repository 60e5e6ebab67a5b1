// Safeguards: usage against the caps, the calling window, pause state and its history, and the
// guard's recent decisions. Owners and admins change the limits, pause, and resume after review.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ShieldCheck } from "lucide-react";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { Alert } from "../../components/ui/alert";
import { DecisionBadge, ReasonBadge } from "../../components/campaigns/guard-labels";
import { contactName } from "../../components/contacts/filters";
import { Button } from "../../components/ui/button";
import { cn } from "../../components/ui/cn";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Safeguards · Switchboard" }];
const HERE = "/campaigns/safeguards";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const data = await serverCaller(request, context).campaigns.safeguards().catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ ...data, canAdmin: !!role && ADMIN_ROLES.includes(role) });
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutes = (v: FormDataEntryValue | null) => {
  const [h, m] = String(v ?? "").split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const api = serverCaller(request, context).campaigns;
  try {
    switch (form.get("intent")) {
      case "resume":
        await api.resume();
        return redirectWithToast(HERE, { type: "success", title: "Outbound calling resumed" });
      case "pause":
        await api.pause({ reason: String(form.get("reason") || "Paused by an admin") });
        return redirectWithToast(HERE, { type: "success", title: "Outbound calling paused" });
      default:
        await api.updateSafeguards({
          windowStartMinute: minutes(form.get("windowStart")),
          windowEndMinute: minutes(form.get("windowEnd")),
          maxPer15Min: Number(form.get("maxPer15Min")),
          maxPerDay: Number(form.get("maxPerDay")),
          maxConcurrent: Number(form.get("maxConcurrent")),
          consentRequiredFor: form.getAll("consent").map(String) as ("reminder" | "collections" | "list")[],
        });
        return redirectWithToast(HERE, { type: "success", title: "Safeguards saved" });
    }
  } catch (error) {
    return redirectWithToast(HERE, { type: "error", title: "Not saved", description: (error instanceof Error ? error.message : "").slice(0, 300) });
  }
}

function Usage({ label, used, cap }: { label: string; used: number; cap: number }) {
  const share = Math.min(1, used / Math.max(1, cap));
  return (
    <div>
      <div className="flex justify-between text-sm"><span>{label}</span><span className="tabular-nums">{used} / {cap}</span></div>
      <div className="mt-1 h-2 rounded bg-muted" role="progressbar" aria-label={label} aria-valuenow={used} aria-valuemax={cap}>
        <div className={`h-2 rounded ${share >= 1 ? "bg-destructive" : share > 0.8 ? "bg-warning" : "bg-primary"}`} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

function TaskLink({ campaignId, taskId, className }: { campaignId: string; taskId: string; className?: string }) {
  return (
    <Link to={`/campaigns/${campaignId}?task=${encodeURIComponent(taskId)}`} className={cn("text-primary underline-offset-4 hover:underline", className)}>
      View task
    </Link>
  );
}

export default function SafeguardsPage() {
  const { settings, usage, history, decisions, canAdmin, telephonyConfigured } = useLoaderData<typeof loader>();
  const tz = useBusinessTimeZone();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader title="Safeguards" description={<Link to="/campaigns" className="hover:underline">← Campaigns</Link>} />
      {settings.paused ? (
        <Alert variant="warning" title="Outbound calling is paused" className="mb-4">
          <p>{settings.pausedReason ?? "Paused."} Review the recent calls below, then resume.</p>
          {canAdmin ? (
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="resume" />
              <Button type="submit" disabled={busy}>Resume calling</Button>
            </Form>
          ) : null}
        </Alert>
      ) : null}
      {!telephonyConfigured ? (
        <Alert variant="info" title="Telephony is not connected" className="mb-4">Calls wait with the reason “telephony not configured” until LiveKit and an outbound number are set up.</Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Usage</CardTitle>
            <CardDescription>Real calls only; dry runs and test calls never count.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Usage label="Last 15 minutes" used={usage.last15} cap={settings.maxPer15Min} />
            <Usage label="Last 24 hours" used={usage.today} cap={settings.maxPerDay} />
            <Usage label="Live now" used={usage.live} cap={settings.maxConcurrent} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Limits</CardTitle>
            <CardDescription>Calls happen only inside this window in the callee’s own time, never before 08:00 or after 21:00, and never over Reg F’s 7 calls in 7 days per debt.</CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid gap-3 sm:grid-cols-2">
              <fieldset disabled={!canAdmin || busy} className="contents">
                <Field label="Window opens"><Input name="windowStart" type="time" min="08:00" max="21:00" defaultValue={clock(settings.windowStartMinute)} /></Field>
                <Field label="Window closes"><Input name="windowEnd" type="time" min="08:00" max="21:00" defaultValue={clock(settings.windowEndMinute)} /></Field>
                <Field label="Calls per 15 minutes"><Input name="maxPer15Min" type="number" min={1} max={100} defaultValue={settings.maxPer15Min} /></Field>
                <Field label="Calls per day"><Input name="maxPerDay" type="number" min={1} max={2000} defaultValue={settings.maxPerDay} /></Field>
                <Field label="Simultaneous calls"><Input name="maxConcurrent" type="number" min={1} max={50} defaultValue={settings.maxConcurrent} /></Field>
                <fieldset className="grid gap-1 text-sm">
                  <legend className="mb-1 font-medium">Consent required for</legend>
                  {(["reminder", "collections", "list"] as const).map((t) => (
                    <label key={t} className="flex items-center gap-2">
                      <input type="checkbox" name="consent" value={t} defaultChecked={settings.consentRequiredFor.includes(t)} /> {t}
                    </label>
                  ))}
                </fieldset>
                <p className="text-sm text-muted-foreground sm:col-span-2">Retries: at most {settings.maxRetries}, {settings.retryGapHours} h apart.</p>
                {canAdmin ? <div className="flex gap-2 sm:col-span-2"><Button type="submit">Save limits</Button></div> : null}
              </fieldset>
            </Form>
            {canAdmin && !settings.paused ? (
              <div className="mt-4 border-t pt-4">
                <ConfirmDialog
                  trigger={<Button type="button" variant="outline">Pause all outbound calling</Button>}
                  title="Pause outbound calling?"
                  description="No campaign calls will be placed until an admin resumes."
                  confirmLabel="Pause"
                  form={{ fields: { intent: "pause", reason: "Paused by an admin" } }}
                />
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader><CardTitle>Recent guard decisions</CardTitle></CardHeader>
        {decisions.length === 0 ? (
          <CardContent><EmptyState icon={ShieldCheck} title="No decisions yet" description="Every call the dispatcher considers is recorded here with its reason." /></CardContent>
        ) : (
          <>
            {/* Phones: one stacked card per decision, the reason in full. */}
            <ul className="divide-y border-t md:hidden" aria-label="Recent guard decisions">
              {decisions.map((d) => (
                <li key={d.id} className="grid gap-1.5 px-4 py-3">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <DecisionBadge decision={d.decision} />
                    {d.reasonCode !== "ok" ? <ReasonBadge code={d.reasonCode} /> : null}
                  </div>
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                    <span>
                      {d.task.contact ? <span className="font-medium">{contactName(d.task.contact)} </span> : null}
                      <span className={d.task.contact ? "tabular-nums text-muted-foreground" : "font-medium tabular-nums"}>{d.task.phone}</span>
                      <span className="text-muted-foreground"> · attempt {d.task.attempt}</span>
                    </span>
                    <span className="whitespace-nowrap text-xs text-muted-foreground">{formatDateTime(d.at, tz)}</span>
                  </div>
                  <p className="break-words text-sm text-muted-foreground">{d.reason}</p>
                  <TaskLink campaignId={d.task.campaignId} taskId={d.taskId} className="justify-self-start text-sm" />
                </li>
              ))}
            </ul>
            <Table className="hidden md:table">
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Who</TableHead>
                  <TableHead>Decision</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead><span className="sr-only">Task</span></TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {decisions.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="whitespace-nowrap align-top">{formatDateTime(d.at, tz)}</TableCell>
                    <TableCell className="align-top">
                      {d.task.contact ? <div className="font-medium">{contactName(d.task.contact)}</div> : null}
                      <div className="whitespace-nowrap tabular-nums text-muted-foreground">{d.task.phone}</div>
                    </TableCell>
                    <TableCell className="align-top">
                      <div className="flex flex-col items-start gap-1">
                        <DecisionBadge decision={d.decision} />
                        {d.reasonCode !== "ok" ? <ReasonBadge code={d.reasonCode} /> : null}
                      </div>
                    </TableCell>
                    <TableCell className="min-w-[16rem] align-top text-muted-foreground">{d.reason}</TableCell>
                    <TableCell className="whitespace-nowrap align-top"><TaskLink campaignId={d.task.campaignId} taskId={d.taskId} /></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </Card>

      <Card className="mt-6">
        <CardHeader><CardTitle>Pause history</CardTitle></CardHeader>
        <CardContent>
          {history.length === 0 ? (
            <p className="text-sm text-muted-foreground">Never paused.</p>
          ) : (
            <ul className="grid gap-2 text-sm">
              {history.map((e) => (
                <li key={e.id}>
                  <span className="tabular-nums">{formatDateTime(e.at, tz)}</span> — {e.action === "paused" ? (e.automatic ? "Paused automatically" : "Paused") : "Resumed"}
                  {e.reason ? `: ${e.reason}` : ""}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}
