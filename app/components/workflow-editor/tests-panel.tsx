// Scenario tests kept with the workflow: list with pass/fail and failure reasons, run all,
// add or edit one (caller turns and what must happen), delete.
import { useFetcher } from "@remix-run/react";
import { CheckCircle2, CircleDashed, FlaskConical, Pencil, Play, Plus, Trash2, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { OUTCOMES, workflowScenario, type WorkflowScenario } from "../../../agents/graphs/spec";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { Textarea } from "../ui/textarea";
import type { EditorActionResult, ScenarioResultView, ScenarioRow } from "./types";

export function TestsPanel({
  scenarios,
  direction,
  canEdit,
  canRun,
  dirty,
}: {
  workflowId: string;
  direction: "inbound" | "outbound";
  scenarios: ScenarioRow[];
  canEdit: boolean;
  canRun: boolean;
  dirty: boolean;
}) {
  const runner = useFetcher<EditorActionResult>();
  const remover = useFetcher<EditorActionResult>();
  const running = runner.state !== "idle";
  const [editing, setEditing] = useState<ScenarioRow | "new" | null>(null);
  // Results of the last run in this page, by scenario id (the loader also has each one's last result).
  const [results, setResults] = useState<Record<string, ScenarioResultView>>({});

  useEffect(() => {
    const data = runner.data;
    if (runner.state !== "idle" || !data || data.intent !== "runTests") return;
    if (!data.ok) {
      toast.error("Couldn't run the tests", { description: data.error });
      return;
    }
    setResults(Object.fromEntries(data.results.map((r) => [r.id, r])));
    const failed = data.results.filter((r) => !r.passed).length;
    if (failed) toast.error(`${failed} of ${data.results.length} tests failed`);
    else toast.success(`All ${data.results.length} tests passed`);
  }, [runner.state, runner.data]);

  useEffect(() => {
    if (remover.state === "idle" && remover.data && !remover.data.ok) toast.error("Couldn't delete the test", { description: remover.data.error });
  }, [remover.state, remover.data]);

  const resultOf = (row: ScenarioRow) => results[row.id] ?? row.lastResult;
  const failing = scenarios.filter((s) => resultOf(s) && !resultOf(s)!.passed).length;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {canRun ? (
          <Button size="sm" onClick={() => runner.submit({ intent: "runTests" }, { method: "post", encType: "application/json" })} disabled={running || scenarios.length === 0}>
            <Play aria-hidden="true" /> {running ? "Running…" : "Run tests"}
          </Button>
        ) : null}
        {canEdit ? (
          <Button variant="outline" size="sm" onClick={() => setEditing("new")}>
            <Plus aria-hidden="true" /> Add test
          </Button>
        ) : null}
        {scenarios.length ? (
          <span className="ml-auto text-xs text-muted-foreground" aria-live="polite">
            {failing ? `${failing} failing` : null}
          </span>
        ) : null}
      </div>
      {dirty ? <p className="text-xs text-muted-foreground">Tests run against the saved draft. Save to test your latest changes.</p> : null}

      {scenarios.length === 0 ? (
        <EmptyState
          icon={FlaskConical}
          title="No tests yet"
          description="A test is a scripted call: what the caller says, and what must happen (the outcome, actions, what the agent says). Publishing runs them all."
          className="py-8"
        />
      ) : (
        <ul className="grid gap-2" aria-label="Tests">
          {scenarios.map((row) => {
            const result = resultOf(row);
            return (
              <li key={row.id} className="rounded-md border p-2.5" data-testid="scenario">
                <div className="flex items-start gap-2">
                  {running ? (
                    <CircleDashed className="mt-0.5 size-4 shrink-0 animate-spin text-muted-foreground" aria-label="Running" />
                  ) : !result ? (
                    <CircleDashed className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-label="Not run yet" />
                  ) : result.passed ? (
                    <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Passed" />
                  ) : (
                    <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Failed" />
                  )}
                  <div className="min-w-0 flex-1">
                    <p className="text-sm font-medium">{row.name}</p>
                    <p className="truncate text-xs text-muted-foreground">
                      {row.scenario.turns.length} turn{row.scenario.turns.length === 1 ? "" : "s"}
                      {row.scenario.expect.outcome ? ` · expects ${row.scenario.expect.outcome.replace(/_/g, " ")}` : ""}
                    </p>
                  </div>
                  {canEdit ? (
                    <span className="flex shrink-0">
                      <Button variant="ghost" size="icon" className="size-7" aria-label={`Edit test ${row.name}`} onClick={() => setEditing(row)}>
                        <Pencil aria-hidden="true" />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        className="size-7"
                        aria-label={`Delete test ${row.name}`}
                        onClick={() => {
                          if (window.confirm(`Delete the test “${row.name}”?`)) remover.submit({ intent: "deleteScenario", id: row.id }, { method: "post", encType: "application/json" });
                        }}
                      >
                        <Trash2 aria-hidden="true" />
                      </Button>
                    </span>
                  ) : null}
                </div>
                {result && !result.passed && result.failures.length ? (
                  <ul className="mt-2 grid gap-1 border-l-2 border-destructive pl-2 text-xs text-destructive" aria-label={`Why ${row.name} failed`}>
                    {result.failures.map((f, i) => (
                      <li key={i}>{f}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {editing ? (
        <ScenarioDialog
          row={editing === "new" ? null : editing}
          direction={direction}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function lines(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

function ScenarioDialog({ row, direction, onClose }: { row: ScenarioRow | null; direction: "inbound" | "outbound"; onClose: () => void }) {
  const fetcher = useFetcher<EditorActionResult>();
  const s = row?.scenario;
  const [name, setName] = useState(s?.name ?? "");
  const [caller, setCaller] = useState(s?.caller ?? "");
  const [turns, setTurns] = useState((s?.turns ?? []).join("\n"));
  const [outcome, setOutcome] = useState<string>(s?.expect.outcome ?? "");
  const [actions, setActions] = useState((s?.expect.actions ?? []).map((a) => a.type).join(", "));
  const [says, setSays] = useState((s?.expect.says ?? []).join("\n"));
  const [neverSays, setNeverSays] = useState((s?.expect.neverSays ?? []).join("\n"));
  const [setup, setSetup] = useState(s?.setup && Object.values(s.setup).some((v) => (Array.isArray(v) ? v.length : v)) ? JSON.stringify(s.setup, null, 2) : "");
  const [answeredBy, setAnsweredBy] = useState(s?.answeredBy ?? "human");
  const [error, setError] = useState<string | null>(null);
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data || fetcher.data.intent !== "saveScenario") return;
    if (fetcher.data.ok) {
      toast.success(row ? "Test saved" : "Test added");
      onClose();
    } else setError(fetcher.data.error);
  }, [fetcher.state, fetcher.data, onClose, row]);

  const submit = () => {
    let setupJson: unknown = {};
    if (setup.trim()) {
      try {
        setupJson = JSON.parse(setup);
      } catch {
        setError("Setup is not valid JSON.");
        return;
      }
    }
    // Keep what this form does not edit (expected actions' details, `now`, `ended`).
    const previous = new Map((s?.expect.actions ?? []).map((a) => [a.type, a]));
    const candidate = {
      ...(s ?? {}),
      name: name.trim(),
      caller: caller.trim() || undefined,
      answeredBy,
      setup: setupJson,
      turns: lines(turns),
      expect: {
        ...(s?.expect ?? {}),
        outcome: outcome || undefined,
        actions: actions
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean)
          .map((type) => previous.get(type) ?? { type }),
        says: lines(says),
        neverSays: lines(neverSays),
      },
    };
    const parsed = workflowScenario.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      setError(`${issue.path.join(".") || "Test"}: ${issue.message}`);
      return;
    }
    setError(null);
    fetcher.submit({ intent: "saveScenario", id: row?.id ?? null, scenario: parsed.data as WorkflowScenario } as never, { method: "post", encType: "application/json" });
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{row ? "Edit test" : "New test"}</DialogTitle>
          <DialogDescription>A scripted call: the caller’s lines in order, and what must happen.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-3">
          <Field label="Name">
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Books a cleaning next Tuesday afternoon" />
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Caller number" hint="Optional. A known contact when setup has one.">
              <Input value={caller} onChange={(e) => setCaller(e.target.value)} placeholder="+15551234567" />
            </Field>
            {direction === "outbound" ? (
              <Field label="Answered by">
                <Select value={answeredBy} onChange={(e) => setAnsweredBy(e.target.value as "human" | "voicemail")}>
                  <option value="human">A person</option>
                  <option value="voicemail">Voicemail</option>
                </Select>
              </Field>
            ) : null}
          </div>
          <Field label="Caller says" hint="One line per turn.">
            <Textarea rows={4} value={turns} onChange={(e) => setTurns(e.target.value)} placeholder={"I'd like to book a cleaning\nnext Tuesday afternoon\nyes"} />
          </Field>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Expected outcome">
              <Select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
                <option value="">Any</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {o.replace(/_/g, " ")}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Expected actions" hint="Comma-separated, e.g. book_appointment">
              <Input value={actions} onChange={(e) => setActions(e.target.value)} />
            </Field>
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Agent says" hint="One phrase per line; some agent line must contain each.">
              <Textarea rows={2} value={says} onChange={(e) => setSays(e.target.value)} />
            </Field>
            <Field label="Agent never says" hint="One phrase per line.">
              <Textarea rows={2} value={neverSays} onChange={(e) => setNeverSays(e.target.value)} />
            </Field>
          </div>
          <Field label="Setup (JSON, optional)" hint='Contact, appointments, invoices, projects, knowledge, e.g. {"contact": {"firstName": "Ana"}}'>
            <Textarea rows={3} className="font-mono text-xs" value={setup} onChange={(e) => setSetup(e.target.value)} />
          </Field>
          {error ? (
            <p role="alert" className="text-sm font-medium text-destructive">
              {error}
            </p>
          ) : null}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={busy}>
            {busy ? "Saving…" : "Save test"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
