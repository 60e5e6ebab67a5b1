// The workflow editor: palette, canvas, side panel (step / tests / versions), undo/redo, save,
// publish. The spec under edit lives in one undo history; validation (validateSpec, the same
// code the server runs) re-runs on every change and marks problems on the canvas.
import { Link, useFetcher } from "@remix-run/react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { ArrowLeft, LayoutGrid, Maximize, PhoneCall, Redo2, Rocket, Save, Undo2 } from "lucide-react";
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { toast } from "sonner";
import type { NodeType, WorkflowSpec } from "../../../agents/graphs/spec";
import { validateSpec } from "../../../agents/graphs/validate";
import { useResolvedTheme, useThemePreference } from "../../theme";
import { Badge } from "../ui/badge";
import { Button, buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import { WorkflowCanvas } from "./canvas";
import { autoLayout, NODE_TYPE_INFO, NODE_TYPES, needsLayout, newNode } from "./graph";
import { historyReducer, initHistory } from "./history";
import { Inspector } from "./inspector";
import { NODE_ICONS } from "./node-card";
import { PublishDialog } from "./publish-dialog";
import { TestsPanel } from "./tests-panel";
import type { EditorActionResult, ScenarioRow, VersionRow, WorkflowMeta } from "./types";
import { VersionsPanel } from "./versions-panel";

export interface WorkflowEditorProps {
  workflow: WorkflowMeta;
  /** The saved draft as stored (may not validate: drafts save with problems). */
  draft: unknown;
  scenarios: ScenarioRow[];
  versions: VersionRow[];
  canEdit: boolean;
  canRunTests: boolean;
  isAdmin: boolean;
}

export function WorkflowEditor(props: WorkflowEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorInner {...props} />
    </ReactFlowProvider>
  );
}

/** Draft as the editor holds it: the parsed spec with defaults when it parses, the raw JSON otherwise. */
function toEditable(draft: unknown): WorkflowSpec {
  const parsed = validateSpec(draft);
  const spec = (parsed.spec ?? draft) as WorkflowSpec;
  const safe: WorkflowSpec = {
    ...spec,
    slots: spec.slots ?? [],
    nodes: spec.nodes ?? [],
    edges: (spec.edges ?? []).map((e) => ({ ...e, on: e.on ?? "next" })),
    settings: spec.settings ?? { disclosure: true, maxTurns: 40 },
  };
  return needsLayout(safe) ? autoLayout(safe) : safe;
}

type Tab = "step" | "tests" | "versions";

function EditorInner({ workflow, draft, scenarios, versions, canEdit, canRunTests, isAdmin }: WorkflowEditorProps) {
  const flow = useReactFlow();
  const resolved = useResolvedTheme(useThemePreference());
  const [history, dispatch] = useReducer(historyReducer<WorkflowSpec>, draft, (d) => initHistory(toEditable(d)));
  const spec = history.present;
  const [saved, setSaved] = useState<WorkflowSpec>(spec);
  const [base, setBase] = useState(workflow.draftUpdatedAt);
  const [selection, setSelection] = useState<{ nodeId: string | null; edgeId: string | null }>({ nodeId: null, edgeId: null });
  const [tab, setTab] = useState<Tab>("step");
  const [fitKey, setFitKey] = useState(0);
  const dirty = spec !== saved;

  // Validation runs on a deferred copy so typing stays responsive on large workflows.
  const deferred = useDeferredValue(spec);
  const problems = useMemo(() => validateSpec(deferred).problems, [deferred]);
  const errorCount = problems.filter((p) => p.severity !== "warning").length;

  const edit = useCallback((fn: (s: WorkflowSpec) => WorkflowSpec, coalesce?: string) => {
    if (!canEdit) return;
    dispatch({ type: "edit", value: fn, coalesce });
  }, [canEdit]);
  const select = useCallback(
    (sel: { nodeId: string | null; edgeId: string | null; focus?: boolean }) => {
      setSelection({ nodeId: sel.nodeId, edgeId: sel.edgeId });
      if (sel.nodeId || sel.edgeId) setTab("step");
      const target = sel.focus ? history.present.nodes.find((n) => n.id === sel.nodeId) : undefined;
      if (target?.position) void flow.setCenter(target.position.x + 120, target.position.y + 40, { zoom: Math.max(flow.getZoom(), 0.8), duration: 250 });
    },
    [flow, history.present],
  );

  const saver = useFetcher<EditorActionResult>();
  const saving = saver.state !== "idle";
  const pendingSave = useRef<WorkflowSpec | null>(null);
  const save = useCallback(() => {
    if (!canEdit || saving || !dirty) return;
    pendingSave.current = spec;
    saver.submit({ intent: "save", spec, base } as never, { method: "post", encType: "application/json" });
  }, [canEdit, saving, dirty, spec, base, saver]);
  useEffect(() => {
    const data = saver.data;
    if (saver.state !== "idle" || !data || data.intent !== "save") return;
    if (data.ok) {
      if (pendingSave.current) setSaved(pendingSave.current);
      pendingSave.current = null;
      setBase(data.draftUpdatedAt);
      const errors = data.problems.filter((p) => p.severity !== "warning").length;
      toast.success("Draft saved", { description: errors ? `${errors} problem${errors === 1 ? "" : "s"} to fix before publishing.` : undefined });
    } else {
      toast.error(data.conflict ? "Someone else changed this draft" : "Couldn't save the draft", { description: data.error });
    }
  }, [saver.state, saver.data]);

  // Keyboard: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo, Ctrl/Cmd+S save. Delete is React Flow's.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === "s") {
        e.preventDefault();
        save();
      } else if ((key === "z" && e.shiftKey) || key === "y") {
        e.preventDefault();
        dispatch({ type: "redo" });
      } else if (key === "z") {
        e.preventDefault();
        dispatch({ type: "undo" });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  const addNode = (type: NodeType) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const center = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    const jitter = (spec.nodes.length % 5) * 16;
    const node = newNode(spec, type, { x: Math.round(center.x - 120 + jitter), y: Math.round(center.y - 40 + jitter) });
    edit((s) => ({ ...s, nodes: [...s.nodes, node] }));
    select({ nodeId: node.id, edgeId: null });
  };

  const layout = () => {
    edit((s) => autoLayout(s));
    setFitKey((k) => k + 1);
  };

  return (
    <div className="-mx-4 -my-6 flex flex-col sm:-mx-6 md:h-[calc(100dvh-3.5rem)] md:min-h-[36rem] lg:-mx-8 lg:-my-8 lg:h-dvh">
      <header className="flex flex-wrap items-center gap-2 border-b bg-background px-3 py-2">
        <Link to="/workflows" className={buttonClasses({ variant: "ghost", size: "icon" })} aria-label="All workflows">
          <ArrowLeft aria-hidden="true" />
        </Link>
        <div className="mr-auto min-w-0">
          <h1 className="truncate text-base font-semibold">{spec.name || workflow.name}</h1>
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
            <span className="capitalize">{workflow.direction}</span>·
            <span>{workflow.currentVersion ? `v${workflow.currentVersion} live` : "Not published"}</span>·
            {dirty ? (
              <Badge variant="warning">Unsaved changes</Badge>
            ) : (
              <span>Draft saved</span>
            )}
            {errorCount ? (
              <button type="button" onClick={() => select({ nodeId: null, edgeId: null })} className="text-destructive underline-offset-2 hover:underline">
                {errorCount} problem{errorCount === 1 ? "" : "s"}
              </button>
            ) : (
              <Badge variant="success">Valid</Badge>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <Button variant="ghost" size="icon" aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" disabled={!history.past.length || !canEdit} onClick={() => dispatch({ type: "undo" })}>
            <Undo2 aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" aria-label="Redo (Ctrl+Shift+Z)" title="Redo (Ctrl+Shift+Z)" disabled={!history.future.length || !canEdit} onClick={() => dispatch({ type: "redo" })}>
            <Redo2 aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" aria-label="Auto-layout" title="Auto-layout" disabled={!canEdit} onClick={layout}>
            <LayoutGrid aria-hidden="true" />
          </Button>
          <Button variant="ghost" size="icon" aria-label="Zoom to fit" title="Zoom to fit" onClick={() => void flow.fitView({ padding: 0.1, duration: 200 })}>
            <Maximize aria-hidden="true" />
          </Button>
          <Link
            to={`/workflows/${workflow.id}/test-call`}
            className={buttonClasses({ variant: "outline", size: "sm" })}
            title={dirty ? "Save the draft first to test your latest changes" : undefined}
          >
            <PhoneCall aria-hidden="true" /> Test call
          </Link>
          {canEdit ? (
            <>
              <Button variant="outline" size="sm" onClick={save} disabled={saving || !dirty} title="Save draft (Ctrl+S)">
                <Save aria-hidden="true" /> {saving ? "Saving…" : "Save draft"}
              </Button>
              <PublishDialog
                workflowId={workflow.id}
                isAdmin={isAdmin}
                blockedReason={dirty ? "Save the draft first: publishing publishes the saved draft." : errorCount ? `Fix ${errorCount} problem${errorCount === 1 ? "" : "s"} first.` : null}
                trigger={
                  <Button size="sm">
                    <Rocket aria-hidden="true" /> Publish
                  </Button>
                }
              />
            </>
          ) : null}
        </div>
      </header>

      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        {canEdit ? (
          <nav aria-label="Add a step" className="flex shrink-0 gap-1 overflow-x-auto border-b p-2 md:w-32 md:flex-col md:overflow-visible md:border-b-0 md:border-r">
            <p className="hidden px-1 pb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground md:block">Add step</p>
            {NODE_TYPES.map((type) => {
              const Icon = NODE_ICONS[type];
              return (
                <button
                  key={type}
                  type="button"
                  title={NODE_TYPE_INFO[type].hint}
                  onClick={() => addNode(type)}
                  className="flex shrink-0 items-center gap-2 rounded-md border bg-card px-2 py-1.5 text-left text-xs font-medium hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <Icon className="size-3.5 text-muted-foreground" aria-hidden="true" />
                  {NODE_TYPE_INFO[type].label}
                </button>
              );
            })}
          </nav>
        ) : null}

        <div className="relative h-[60dvh] min-h-[20rem] flex-none md:h-auto md:min-h-0 md:flex-1" data-testid="workflow-canvas">
          <WorkflowCanvas
            spec={spec}
            problems={problems}
            selectedNodeId={selection.nodeId}
            selectedEdgeId={selection.edgeId}
            onSelect={select}
            onEdit={edit}
            readOnly={!canEdit}
            fitKey={fitKey}
            colorMode={resolved === "dark" ? "dark" : "light"}
          />
        </div>

        <aside className="flex min-h-0 shrink-0 flex-col border-t md:w-80 md:border-l md:border-t-0 xl:w-96">
          <div role="tablist" aria-label="Panels" className="flex border-b">
            {(
              [
                ["step", selection.nodeId || selection.edgeId ? "Step" : "Workflow"],
                ["tests", `Tests (${scenarios.length})`],
                ["versions", `Versions (${versions.length})`],
              ] as const
            ).map(([key, label]) => (
              <button
                key={key}
                role="tab"
                type="button"
                aria-selected={tab === key}
                onClick={() => setTab(key)}
                className={cn(
                  "-mb-px flex-1 border-b-2 px-3 py-2 text-sm font-medium",
                  tab === key ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
                )}
              >
                {label}
              </button>
            ))}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-4">
            {tab === "step" ? (
              <Inspector
                spec={spec}
                problems={problems}
                selectedNodeId={selection.nodeId}
                selectedEdgeId={selection.edgeId}
                onEdit={edit}
                onSelect={select}
                readOnly={!canEdit}
              />
            ) : tab === "tests" ? (
              <TestsPanel workflowId={workflow.id} direction={workflow.direction} scenarios={scenarios} canEdit={canEdit} canRun={canRunTests} dirty={dirty} />
            ) : (
              <VersionsPanel versions={versions} canEdit={canEdit} dirty={dirty} />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
