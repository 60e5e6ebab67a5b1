// One campaign: its settings (per type), the workflow it runs, active/paused, and the queue with
// each task's state and why it has not been called yet (the guard's last reason).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { FlaskConical, ListChecks } from "lucide-react";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import type { CallTaskState } from "../../../server/db/generated/enums";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { formatDuration, outcomeLabel, SimulatedBadge } from "../../components/calls/call-labels";
import { ReasonBadge, reasonLabel } from "../../components/campaigns/guard-labels";
import { contactName } from "../../components/contacts/filters";
import { cn } from "../../components/ui/cn";
import { Badge, type BadgeVariant } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "Campaign"} · Switchboard` }];

/** Every task state: the Record type makes a new state fail typechecking until it is labelled. */
const TASK_STATES: Record<CallTaskState, { label: string; badge: BadgeVariant }> = {
  pending: { label: "Pending", badge: "secondary" },
  waiting: { label: "Waiting", badge: "warning" },
  dispatching: { label: "Dispatching", badge: "default" },
  dialing: { label: "Dialing", badge: "default" },
  done: { label: "Done", badge: "success" },
  failed: { label: "Failed", badge: "destructive" },
  withdrawn: { label: "Withdrawn", badge: "outline" },
  blocked: { label: "Blocked", badge: "destructive" },
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const api = serverCaller(request, context);
  const id = params.campaignId!;
  const [campaign, queue, workflows, dryRun] = await Promise.all([
    api.campaigns.get({ id }),
    // ?task=<id> ("View task"): the task comes back as focusTask when it is beyond the first 100.
    api.campaigns.queue({ campaignId: id, take: 100, focusTaskId: new URL(request.url).searchParams.get("task") || undefined }),
    api.workflows.list({}).catch(() => []),
    api.campaigns.latestDryRun({ id }).then((r) => ({ ok: true as const, run: r }), () => ({ ok: false as const, run: null })),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({
    campaign,
    queue,
    dryRun,
    workflows: workflows.filter((w) => w.currentVersion).map((w) => ({ id: w.id, name: w.name, versionId: w.currentVersion!.id, version: w.currentVersion!.version })),
    canWrite: !!role && WRITE_ROLES.includes(role),
  });
}

const numberList = z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean).map(Number));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const api = serverCaller(request, context).campaigns;
  const id = params.campaignId!;
  const here = `/campaigns/${id}`;
  try {
    if (form.intent === "status") {
      await api.update({ id, status: form.status === "active" ? "active" : "paused" });
      return redirectWithToast(here, { type: "success", title: form.status === "active" ? "Campaign activated" : "Campaign paused" });
    }
    if (form.intent === "dryrun") {
      const result = await api.dryRun({ campaignId: id, size: Number(form.size) || undefined });
      const failed = result.calls.filter((c) => c.error).length;
      return redirectWithToast(`${here}#dry-run`, {
        type: failed ? "error" : "success",
        title: `Dry run finished: ${result.calls.length} simulated calls`,
        description: failed ? `${failed} could not run; see the results.` : "No real call was placed and no real record changed.",
      });
    }
    const campaign = await api.get({ id });
    const workflow = String(form.workflow ?? "");
    const [workflowId, workflowVersionId] = workflow ? workflow.split(":") : [null, null];
    let settings: Record<string, unknown>;
    if (campaign.type === "reminder") settings = { hoursBefore: Number(form.hoursBefore) };
    else if (campaign.type === "collections") settings = { minDaysOverdue: Number(form.minDaysOverdue), minAmount: String(form.minAmount || "0"), cadenceDays: numberList.parse(String(form.cadenceDays ?? "")) };
    else settings = { tag: String(form.tag || "") || undefined };
    await api.update({ id, name: String(form.name), settings, workflowId: workflowId || null, workflowVersionId: workflowVersionId || null });
    return redirectWithToast(here, { type: "success", title: "Campaign saved", description: "The next planning pass uses the new settings." });
  } catch (error) {
    const message = error instanceof Error ? error.message : "Could not save";
    return redirectWithToast(here, { type: "error", title: "Not saved", description: message.slice(0, 300) });
  }
}

type QueueTask = {
  id: string;
  contactId: string;
  phone: string;
  attempt: number;
  kind: string;
  state: string;
  reasonCode: string | null;
  reason: string;
  outcome: string | null;
  durationSec: number | null;
  contact: { givenName: string; familyName: string; company: string };
};

const isWaiting = (state: string) => state === "pending" || state === "waiting";
const attemptText = (t: Pick<QueueTask, "attempt" | "kind">) => `Attempt ${t.attempt}${t.kind !== "initial" ? ` · ${t.kind.replace(/_/g, " ")}` : ""}`;

function StateBadge({ state }: { state: string }) {
  const s = (TASK_STATES as Record<string, { label: string; badge: BadgeVariant }>)[state];
  return <Badge variant={s?.badge ?? "secondary"}>{s?.label ?? state}</Badge>;
}

function TaskWho({ task: t, className }: { task: QueueTask; className?: string }) {
  return (
    <Link to={`/contacts/${t.contactId}`} className={cn("hover:underline", className)}>
      {contactName({ ...t.contact, phone: t.phone })}
    </Link>
  );
}

/** Why the task has not been called yet (the guard's or dispatcher's reason), or how the call ended. */
function TaskWhy({ task: t }: { task: QueueTask }) {
  if (t.outcome) {
    return (
      <div className="flex flex-wrap items-center gap-1.5 text-sm">
        <Badge variant="secondary">{outcomeLabel(t.outcome)}</Badge>
        {t.durationSec != null ? <span className="text-muted-foreground tabular-nums">{formatDuration(t.durationSec)}</span> : null}
      </div>
    );
  }
  if (!t.reasonCode && !t.reason) return <span className="text-sm text-muted-foreground">Not checked yet</span>;
  // The state badge already says "Dialing"; a reason that only repeats its badge is left out.
  const badge = t.reasonCode && t.reasonCode !== "ok" && t.reasonCode !== "dialing" ? reasonLabel(t.reasonCode) : null;
  const text = t.reason && t.reason.toLowerCase() !== badge?.label.toLowerCase() && !(t.reasonCode === "dialing" && t.state === "dialing") ? t.reason : "";
  return (
    <div className="grid justify-items-start gap-1">
      {badge ? <ReasonBadge code={t.reasonCode} /> : null}
      {text ? <p className="break-words text-sm text-muted-foreground">{text}</p> : null}
    </div>
  );
}

export default function CampaignPage() {
  const { campaign, queue, workflows, canWrite, dryRun } = useLoaderData<typeof loader>();
  const tz = useBusinessTimeZone();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const dryRunning = busy && navigation.formData?.get("intent") === "dryrun";
  const s = campaign.settings as Record<string, unknown>;
  // ?task=<id> (the Safeguards page's "View task"): highlight it and scroll to the visible copy.
  const focus = useSearchParams()[0].get("task");
  // A linked task beyond the first page comes back on its own (focusTask) and is listed first.
  const shown = queue.focusTask ? [queue.focusTask, ...queue.tasks] : queue.tasks;
  useEffect(() => {
    if (!focus) return;
    const el = Array.from(document.querySelectorAll<HTMLElement>(`[data-task-id="${CSS.escape(focus)}"]`)).find((e) => e.offsetParent !== null);
    el?.scrollIntoView({ block: "center" });
  }, [focus]);
  return (
    <>
      <PageHeader
        title={campaign.name}
        description={<Link to="/campaigns" className="hover:underline">← All campaigns</Link>}
        actions={
          canWrite ? (
            <Form method="post">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={campaign.status === "active" ? "paused" : "active"} />
              <Button type="submit" variant={campaign.status === "active" ? "outline" : "default"} disabled={busy}>
                {campaign.status === "active" ? "Pause campaign" : "Activate campaign"}
              </Button>
            </Form>
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
            <CardDescription>
              <Badge variant={campaign.status === "active" ? "success" : "secondary"}>{campaign.status === "active" ? "Active" : "Paused"}</Badge>
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid gap-4">
              <fieldset disabled={!canWrite || busy} className="grid gap-4">
                <Field label="Name">
                  <Input name="name" defaultValue={campaign.name} required maxLength={120} />
                </Field>
                <Field label="Workflow" hint={workflows.length === 0 ? "Publish a workflow first (Workflows page)." : "The published version is pinned when you save."}>
                  <Select name="workflow" defaultValue={campaign.workflowId && campaign.workflowVersionId ? `${campaign.workflowId}:${campaign.workflowVersionId}` : ""}>
                    <option value="">None</option>
                    {workflows.map((w) => (
                      <option key={w.id} value={`${w.id}:${w.versionId}`}>{w.name} (v{w.version})</option>
                    ))}
                  </Select>
                </Field>
                {campaign.type === "reminder" ? (
                  <Field label="Call this many hours before" hint="1 to 168 hours">
                    <Input name="hoursBefore" type="number" min={1} max={168} defaultValue={String(s.hoursBefore ?? 24)} />
                  </Field>
                ) : null}
                {campaign.type === "collections" ? (
                  <>
                    <Field label="Overdue by at least (days)">
                      <Input name="minDaysOverdue" type="number" min={0} defaultValue={String(s.minDaysOverdue ?? 3)} />
                    </Field>
                    <Field label="Minimum amount owed">
                      <Input name="minAmount" inputMode="decimal" defaultValue={String(s.minAmount ?? "0")} />
                    </Field>
                    <Field label="Call on these days overdue" hint="e.g. 3, 10, 20. Calls stop on payment, promise, dispute or opt-out.">
                      <Input name="cadenceDays" defaultValue={((s.cadenceDays as number[] | undefined) ?? [3, 10, 20]).join(", ")} />
                    </Field>
                  </>
                ) : null}
                {campaign.type === "list" ? (
                  <Field label="Contacts tagged">
                    <Input name="tag" defaultValue={String(s.tag ?? "")} placeholder="vip" />
                  </Field>
                ) : null}
                {canWrite ? <Button type="submit">Save settings</Button> : null}
              </fieldset>
            </Form>
          </CardContent>
        </Card>

        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Queue</CardTitle>
            <CardDescription>Every call this campaign plans, and why it has not been placed yet.</CardDescription>
          </CardHeader>
          {queue.tasks.length === 0 ? (
            <CardContent>
              <EmptyState icon={ListChecks} title="Nothing planned yet" description={campaign.status === "active" ? "The planner runs every 5 minutes." : "Activate the campaign to start planning calls."} />
            </CardContent>
          ) : (
            <>
              {queue.focusTask ? (
                <p className="px-4 pb-3 text-sm text-muted-foreground md:px-6">The linked task is shown first: it is not among the first {queue.tasks.length} in the queue.</p>
              ) : focus && !queue.tasks.some((t) => t.id === focus) ? (
                <p className="px-4 pb-3 text-sm text-muted-foreground md:px-6">That task is not in this campaign&apos;s queue (it may have been removed).</p>
              ) : null}
              {/* Phones: one stacked card per task, the reason in full. */}
              <ul className="divide-y border-t md:hidden" aria-label="Queue">
                {shown.map((t) => (
                  <li key={t.id} data-task-id={t.id} aria-current={t.id === focus ? "true" : undefined} className={cn("grid gap-1.5 px-4 py-3", t.id === focus && "bg-primary/5 ring-2 ring-inset ring-primary/40")}>
                    <div className="flex items-start justify-between gap-2">
                      <TaskWho task={t} className="min-w-0 break-words font-medium" />
                      <StateBadge state={t.state} />
                    </div>
                    <div className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
                      <span className="tabular-nums">{t.phone}</span>
                      <span>{attemptText(t)}</span>
                      {isWaiting(t.state) ? <span>Next try {formatDateTime(t.nextAttemptAt, tz)}</span> : null}
                    </div>
                    <TaskWhy task={t} />
                  </li>
                ))}
              </ul>
              <Table className="hidden md:table">
                <TableHeader>
                  <TableRow>
                    <TableHead>Who</TableHead>
                    <TableHead>State · next try</TableHead>
                    <TableHead className="w-1/2">Why / result</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {shown.map((t) => (
                    <TableRow key={t.id} data-task-id={t.id} aria-current={t.id === focus ? "true" : undefined} className={cn(t.id === focus && "bg-primary/5 ring-2 ring-inset ring-primary/40")}>
                      <TableCell className="align-top">
                        <TaskWho task={t} />
                        <div className="text-xs text-muted-foreground"><span className="whitespace-nowrap tabular-nums">{t.phone}</span> · <span className="whitespace-nowrap">{attemptText(t)}</span></div>
                      </TableCell>
                      <TableCell className="align-top">
                        <StateBadge state={t.state} />
                        {isWaiting(t.state) ? <div className="mt-1 text-xs text-muted-foreground">{formatDateTime(t.nextAttemptAt, tz)}</div> : null}
                      </TableCell>
                      <TableCell className="align-top"><TaskWhy task={t} /></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </Card>
      </div>

      <Card id="dry-run" className="mt-6">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">Dry run <SimulatedBadge /></CardTitle>
          <CardDescription>
            Preview outcomes before calling anyone: simulated callees (confirms, reschedules, voicemail, opts out, wrong person; for
            collections promises to pay and disputes) talk to this campaign's workflow through the real call engine. It runs in a
            private sandbox copy of your business with copies of the due contacts, appointments and invoices (or sample ones when nothing
            is due), so nothing real changes: no appointment is confirmed, no promise or opt-out is recorded, nobody is dialled. The
            conversations are kept as simulated calls that never count towards caps, usage or results.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {canWrite ? (
            <Form method="post" className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="dryrun" />
              <Field label="Simulated calls">
                <Select name="size" defaultValue="" className="w-48">
                  <option value="">One per persona</option>
                  {[3, 5, 10, 20].map((n) => (
                    <option key={n} value={n}>{n}</option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" variant="outline" disabled={busy || !campaign.workflowVersionId}>
                {dryRunning ? "Running simulated calls…" : "Run a dry run"}
              </Button>
              {!campaign.workflowVersionId ? <p className="text-sm text-muted-foreground">Choose a published workflow first.</p> : null}
            </Form>
          ) : null}
          {!dryRun.ok ? (
            <p className="text-sm text-destructive" role="alert">The last dry run's results could not be loaded. Reload the page to try again.</p>
          ) : !dryRun.run ? (
            <EmptyState icon={FlaskConical} title="No dry run yet" description={dryRunning ? "Simulating calls… this takes a few seconds per call." : "Run one to see how callees would answer this campaign."} />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-muted-foreground">Last run {formatDateTime(dryRun.run.at, tz)}:</span>
                {Object.entries(dryRun.run.outcomes).map(([outcome, n]) => (
                  <Badge key={outcome} variant="secondary">{outcome === "none" ? "No outcome" : outcomeLabel(outcome)} · {n}</Badge>
                ))}
              </div>
              <ul className="divide-y rounded-md border md:hidden" aria-label="Simulated calls">
                {dryRun.run.calls.map((c) => (
                  <li key={c.callId} className="grid gap-1 px-3 py-2.5 text-sm">
                    <div className="flex items-start justify-between gap-2">
                      <span className="font-medium">{c.personaLabel}</span>
                      <Link to={`/calls/${c.callId}`} className="whitespace-nowrap text-primary underline-offset-4 hover:underline">{c.turns} {c.turns === 1 ? "line" : "lines"}</Link>
                    </div>
                    <div className="text-muted-foreground">Copy of {c.subject}{c.source === "synthetic" ? " (sample)" : ""}</div>
                    <div>{c.error ? <span className="text-destructive">Could not run: {c.error}</span> : c.outcome ? outcomeLabel(c.outcome) : "No outcome"}</div>
                  </li>
                ))}
              </ul>
              <Table className="hidden md:table">
                <TableHeader>
                  <TableRow>
                    <TableHead>Simulated callee</TableHead>
                    <TableHead>Copy of</TableHead>
                    <TableHead>Outcome</TableHead>
                    <TableHead>Transcript</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {dryRun.run.calls.map((c) => (
                    <TableRow key={c.callId}>
                      <TableCell>{c.personaLabel}</TableCell>
                      <TableCell>{c.subject}{c.source === "synthetic" ? <span className="text-muted-foreground"> (sample)</span> : null}</TableCell>
                      <TableCell>{c.error ? <span className="text-destructive">Could not run: {c.error}</span> : c.outcome ? outcomeLabel(c.outcome) : "No outcome"}</TableCell>
                      <TableCell>
                        <Link to={`/calls/${c.callId}`} className="hover:underline">{c.turns} {c.turns === 1 ? "line" : "lines"}</Link>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </CardContent>
      </Card>
    </>
  );
}
