// One call: the conversation turn by turn (with how long the agent took to answer), the workflow
// path it took, the actions the agent ran, and the outcome, summary, sentiment and recording.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowLeft, Check, ExternalLink, X } from "lucide-react";
import { formatDateTime, formatTime, useBusinessTimeZone } from "../../components/business-time";
import { CallStatusBadge, DIRECTION_LABELS, formatDuration, outcomeLabel, SimulatedBadge } from "../../components/calls/call-labels";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { cn } from "../../components/ui/cn";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { MessagesSquare } from "lucide-react";

export const meta: MetaFunction = () => [{ title: "Call · Switchboard" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const call = await serverCaller(request, context).calls.get({ id: params.callId ?? "" }).catch(rethrowAsResponse);
  return json({ call });
}

const ROLE_LABEL: Record<string, string> = { agent: "Receptionist", caller: "Caller", system: "System" };

export default function CallPage() {
  const { call } = useLoaderData<typeof loader>();
  const timeZone = useBusinessTimeZone();
  const who = call.contact?.name ?? (call.otherNumber || (call.simulated ? "Test conversation" : "Unknown caller"));

  return (
    <>
      <Button asChild variant="ghost" size="sm" className="mb-2 -ml-2">
        <Link to="/calls">
          <ArrowLeft aria-hidden="true" /> Calls
        </Link>
      </Button>
      <PageHeader
        title={who}
        description={`${DIRECTION_LABELS[call.direction]} call · ${formatDateTime(call.startedAt, timeZone)} · ${formatDuration(call.durationSec)}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {call.simulated ? <SimulatedBadge /> : null}
            <CallStatusBadge status={call.status} />
          </div>
        }
      />
      {call.simulated ? (
        <Alert className="mb-4" title="Simulated call">
          This conversation was typed on a Test call page or run by the simulator. No phone call took place and nobody was charged.
        </Alert>
      ) : null}
      {call.placementState === "failed" && call.placementError ? (
        <Alert variant="warning" className="mb-4" title="The call could not be placed">
          {call.placementError}
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Conversation</CardTitle>
          </CardHeader>
          <CardContent>
            {call.turns.length === 0 ? (
              <EmptyState icon={MessagesSquare} title="No transcript" description="Nothing was said on this call, or it was not answered." />
            ) : (
              <ol className="grid gap-3" aria-label="Transcript">
                {call.turns.map((t) => (
                  <li key={t.seq} className={cn("flex flex-col", t.role === "caller" ? "items-end" : "items-start")}>
                    <div
                      className={cn(
                        "max-w-[85%] rounded-lg px-3 py-2 text-sm",
                        t.role === "caller" ? "bg-primary text-primary-foreground" : t.role === "system" ? "bg-muted italic text-muted-foreground" : "bg-secondary",
                      )}
                    >
                      {t.text}
                    </div>
                    <div className="mt-1 text-xs text-muted-foreground">
                      {ROLE_LABEL[t.role] ?? t.role} · {formatTime(t.at, timeZone)}
                      {t.latencyMs != null ? ` · answered in ${t.latencyMs} ms` : ""}
                      {t.nodeId ? <span className="font-mono"> · {t.nodeId}</span> : null}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>

        <div className="grid content-start gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Outcome</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3 text-sm">
              <div className="text-base font-medium">{call.outcome ? outcomeLabel(call.outcome) : "No outcome recorded"}</div>
              {call.outcome === "ended_early" ? (
                <p className="text-muted-foreground">The call ended before the workflow finished: the caller hung up, or the agent stopped. Worth a call back.</p>
              ) : null}
              {call.summary ? (
                <div>
                  <p>{call.summary}</p>
                  {call.summarySource ? (
                    <p className="mt-1 text-xs text-muted-foreground">
                      Summary by: {call.summarySource === "llm" ? "LLM" : "local (extractive, no AI service)"}
                    </p>
                  ) : null}
                </div>
              ) : (
                <p className="text-muted-foreground">No summary yet.</p>
              )}
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                <dt className="text-muted-foreground">Sentiment</dt>
                <dd>
                  {call.sentiment ?? "—"}
                  {call.sentiment && call.summarySource ? <span className="text-xs text-muted-foreground"> ({call.summarySource === "llm" ? "LLM" : "local"})</span> : null}
                </dd>
                <dt className="text-muted-foreground">Workflow</dt>
                <dd>
                  {call.workflow ? (
                    <Link to={`/workflows/${call.workflow.id}`} className="underline-offset-4 hover:underline">
                      {call.workflow.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                  {call.workflowVersion ? <span className="text-muted-foreground"> v{call.workflowVersion}</span> : null}
                </dd>
                <dt className="text-muted-foreground">From</dt>
                <dd className="tabular-nums">{call.fromNumber || "—"}</dd>
                <dt className="text-muted-foreground">To</dt>
                <dd className="tabular-nums">{call.toNumber || "—"}</dd>
                {call.contact ? (
                  <>
                    <dt className="text-muted-foreground">Contact</dt>
                    <dd>
                      <Link to={`/contacts/${call.contact.id}`} className="underline-offset-4 hover:underline">
                        {call.contact.name}
                      </Link>
                    </dd>
                  </>
                ) : null}
                {call.answeredAt ? (
                  <>
                    <dt className="text-muted-foreground">Answered</dt>
                    <dd>{formatTime(call.answeredAt, timeZone)}</dd>
                  </>
                ) : null}
              </dl>
              {call.recordingUrl ? (
                <Button asChild variant="outline" size="sm" className="justify-self-start">
                  <a href={call.recordingUrl} target="_blank" rel="noreferrer noopener">
                    <ExternalLink aria-hidden="true" /> Recording
                  </a>
                </Button>
              ) : null}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Workflow path</CardTitle>
            </CardHeader>
            <CardContent>
              {call.path.length === 0 ? (
                <p className="text-sm text-muted-foreground">No workflow steps recorded.</p>
              ) : (
                <ol className="flex flex-wrap items-center gap-1 text-xs" aria-label="Workflow steps in order">
                  {call.path.map((node, i) => (
                    <li key={`${node}-${i}`} className="flex items-center gap-1">
                      {i > 0 ? <span aria-hidden="true" className="text-muted-foreground">→</span> : null}
                      <Badge variant="outline" className="font-mono">
                        {node}
                      </Badge>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Actions</CardTitle>
            </CardHeader>
            <CardContent>
              {call.actions.length === 0 ? (
                <p className="text-sm text-muted-foreground">The receptionist took no actions on this call.</p>
              ) : (
                <ul className="grid gap-2 text-sm">
                  {call.actions.map((a) => (
                    <li key={a.seq} className="flex items-start gap-2">
                      {a.ok ? (
                        <Check className="mt-0.5 size-4 text-success" aria-label="Succeeded" />
                      ) : (
                        <X className="mt-0.5 size-4 text-destructive" aria-label="Failed" />
                      )}
                      <div className="min-w-0">
                        <div className="font-mono text-xs">{a.type}</div>
                        <div className="text-xs text-muted-foreground">
                          {formatTime(a.at, timeZone)}
                          {a.nodeId ? ` · ${a.nodeId}` : ""}
                        </div>
                        <details className="text-xs">
                          <summary className="cursor-pointer text-muted-foreground">Details</summary>
                          <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2">{JSON.stringify({ input: a.input, result: a.result }, null, 2)}</pre>
                        </details>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
