// Published versions: which is live, what changed between two (or against the draft), and
// rolling back to an earlier one.
import { useFetcher } from "@remix-run/react";
import { GitCompare, History, RotateCcw, ShieldAlert } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { formatDateTime, useBusinessTimeZone } from "../business-time";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EmptyState } from "../ui/empty-state";
import { Field } from "../ui/field";
import { Select } from "../ui/select";
import type { EditorActionResult, VersionRow } from "./types";

export function VersionsPanel({ versions, canEdit, dirty }: { versions: VersionRow[]; canEdit: boolean; dirty: boolean }) {
  const timeZone = useBusinessTimeZone();
  const differ = useFetcher<EditorActionResult>();
  const roller = useFetcher<EditorActionResult>();
  const [from, setFrom] = useState(versions[1]?.id ?? versions[0]?.id ?? "");
  const [to, setTo] = useState<string>("draft");

  useEffect(() => {
    if (roller.state !== "idle" || !roller.data || roller.data.intent !== "rollback") return;
    if (roller.data.ok) toast.success("Rolled back", { description: "Calls now use the version you chose." });
    else toast.error("Couldn't roll back", { description: roller.data.error });
  }, [roller.state, roller.data]);

  if (versions.length === 0) {
    return <EmptyState icon={History} title="Not published yet" description="Each time you publish, the version is kept here. You can compare versions and roll back." className="py-8" />;
  }
  const diff = differ.data && differ.data.intent === "diff" ? differ.data : null;

  return (
    <div className="grid gap-4">
      <ul className="grid gap-2" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.id} className="flex items-start gap-2 rounded-md border p-2.5">
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-1.5 text-sm font-medium">
                Version {v.version}
                {v.isCurrent ? <Badge variant="success">Live</Badge> : null}
                {v.testOverride ? (
                  <Badge variant="warning" title={`Published with failing tests: ${v.testOverride}`}>
                    <ShieldAlert className="size-3" aria-hidden="true" /> Override
                  </Badge>
                ) : null}
              </p>
              <p className="text-xs text-muted-foreground">{formatDateTime(v.publishedAt, timeZone)}</p>
              {v.notes ? <p className="mt-1 text-xs">{v.notes}</p> : null}
              {v.testOverride ? <p className="mt-1 text-xs text-warning">Tests overridden: {v.testOverride}</p> : null}
            </div>
            {canEdit && !v.isCurrent ? (
              <ConfirmDialog
                destructive={false}
                title={`Roll back to version ${v.version}?`}
                description="Calls from now on use this version. The draft and the other versions stay as they are."
                confirmLabel="Roll back"
                onConfirm={() => roller.submit({ intent: "rollback", versionId: v.id }, { method: "post", encType: "application/json" })}
                trigger={
                  <Button variant="outline" size="sm" disabled={roller.state !== "idle"}>
                    <RotateCcw aria-hidden="true" /> Roll back
                  </Button>
                }
              />
            ) : null}
          </li>
        ))}
      </ul>

      <section className="grid gap-3 rounded-md border p-3">
        <h3 className="text-sm font-semibold">Compare</h3>
        <div className="grid grid-cols-2 gap-2">
          <Field label="From">
            <Select value={from} onChange={(e) => setFrom(e.target.value)}>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.version}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="To">
            <Select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="draft">Saved draft</option>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.version}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {dirty && to === "draft" ? <p className="text-xs text-muted-foreground">Compares with the saved draft, not your unsaved changes.</p> : null}
        <Button
          variant="outline"
          size="sm"
          className="justify-self-start"
          disabled={!from || differ.state !== "idle"}
          onClick={() => differ.submit({ intent: "diff", fromVersionId: from, to }, { method: "post", encType: "application/json" })}
        >
          <GitCompare aria-hidden="true" /> {differ.state !== "idle" ? "Comparing…" : "Compare"}
        </Button>
        {diff ? (
          diff.ok ? (
            diff.lines.length ? (
              <ul className="grid gap-1 font-mono text-xs" aria-label="Differences">
                {diff.lines.map((line, i) => (
                  <li key={i} className={line.startsWith("+") ? "text-success" : line.startsWith("-") ? "text-destructive" : undefined}>
                    {line}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-xs text-muted-foreground">No differences.</p>
            )
          ) : (
            <p className="text-xs text-destructive">{diff.error}</p>
          )
        ) : null}
      </section>
    </div>
  );
}
