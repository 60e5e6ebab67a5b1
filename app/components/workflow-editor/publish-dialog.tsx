// Publish: validates the saved draft and runs every test first. A failing test blocks it;
// an owner or admin may publish anyway with a reason, which the audit log keeps.
import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactElement } from "react";
import { toast } from "sonner";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "../ui/dialog";
import { Field } from "../ui/field";
import { Textarea } from "../ui/textarea";
import type { EditorActionResult } from "./types";

export function PublishDialog({
  trigger,
  isAdmin,
  blockedReason,
}: {
  workflowId: string;
  trigger: ReactElement;
  isAdmin: boolean;
  /** Why publishing cannot start (unsaved changes, problems); shown instead of the form. */
  blockedReason: string | null;
}) {
  const fetcher = useFetcher<EditorActionResult>();
  const [open, setOpen] = useState(false);
  const [notes, setNotes] = useState("");
  const [override, setOverride] = useState("");
  const busy = fetcher.state !== "idle";
  // Whether the last answer belongs to this opening of the dialog (reopening starts afresh).
  const [answered, setAnswered] = useState(false);
  const result = answered && fetcher.data && fetcher.data.intent === "publish" ? fetcher.data : null;
  const refused = result && result.ok && !result.published ? result : null;

  useEffect(() => {
    if (fetcher.state !== "idle" || !result) return;
    if (result.ok && result.published) {
      toast.success(`Version ${result.version} published`, { description: "New calls use it from now on." });
      setOpen(false);
      setNotes("");
      setOverride("");
    } else if (!result.ok) toast.error("Couldn't publish", { description: result.error });
  }, [fetcher.state, result]);

  const publish = (overrideReason?: string) => {
    setAnswered(true);
    fetcher.submit({ intent: "publish", notes: notes.trim() || null, overrideReason: overrideReason ?? null }, { method: "post", encType: "application/json" });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setAnswered(false);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Publish this workflow</DialogTitle>
          <DialogDescription>The saved draft becomes a new version. Every test runs first; new calls use the new version.</DialogDescription>
        </DialogHeader>
        {blockedReason ? (
          <Alert variant="warning" title="Not yet">
            {blockedReason}
          </Alert>
        ) : (
          <div className="grid gap-3">
            <Field label="What changed" hint="Optional; shown in the version list.">
              <Textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
            </Field>
            {refused ? (
              <Alert variant="destructive" title={refused.reason === "invalid" ? "The draft has problems" : "Tests failed, so nothing was published"}>
                <ul className="mt-1 grid list-disc gap-1 pl-4 text-xs" data-testid="publish-failures">
                  {refused.problems.filter((p) => p.severity !== "warning").map((p, i) => (
                    <li key={`p${i}`}>{p.message}</li>
                  ))}
                  {refused.results
                    .filter((r) => !r.passed)
                    .map((r, i) => (
                      <li key={`r${i}`}>
                        <strong>{r.name}</strong>: {r.failures.join("; ")}
                      </li>
                    ))}
                </ul>
              </Alert>
            ) : null}
            {refused?.reason === "tests_failed" ? (
              isAdmin ? (
                <Field label="Publish anyway: why?" hint="As an owner or admin you may override failing tests. The reason goes in the audit log.">
                  <Textarea rows={2} value={override} onChange={(e) => setOverride(e.target.value)} />
                </Field>
              ) : (
                <p className="text-xs text-muted-foreground">Fix the failing tests, or ask an owner or admin to publish with an override.</p>
              )
            ) : null}
          </div>
        )}
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          {blockedReason ? null : refused?.reason === "tests_failed" && isAdmin ? (
            <Button variant="destructive" disabled={busy || override.trim().length < 3} onClick={() => publish(override.trim())}>
              {busy ? "Publishing…" : "Publish anyway"}
            </Button>
          ) : (
            <Button disabled={busy} onClick={() => publish()}>
              {busy ? "Running tests…" : refused ? "Try again" : "Run tests and publish"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
