// The editor's side panel: a form for the selected node (one per node type), the selected edge,
// or, with nothing selected, the workflow itself (name, slots, settings) and its problems.
// Every change is an edit of the spec; edits to one field coalesce into one undo step.
import { ArrowDown, ArrowUp, Flag, Plus, Trash2, X } from "lucide-react";
import type { ReactNode } from "react";
import {
  ACTIONS,
  OUTCOMES,
  SLOT_TYPES,
  type Condition,
  type NodeOf,
  type SlotType,
  type WorkflowEdge,
  type WorkflowNode,
  type WorkflowSpec,
} from "../../../agents/graphs/spec";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Label } from "../ui/label";
import { Select } from "../ui/select";
import { Textarea } from "../ui/textarea";
import { conditionText, NODE_TYPE_INFO, portsOf, replaceNode } from "./graph";
import type { EditorProblem } from "./node-card";
import { TextVariants } from "./text-variants";

/** Said once, under the main text of a step: variants and placeholders. */
const PLACEHOLDER_HINT = "Add variants so the agent does not repeat itself. Placeholders: {{contact.firstName}}, {{slots.<name>}}, {{business.name}}.";

type Edit = (fn: (spec: WorkflowSpec) => WorkflowSpec, coalesce?: string) => void;

export interface InspectorProps {
  spec: WorkflowSpec;
  problems: EditorProblem[];
  selectedNodeId: string | null;
  selectedEdgeId: string | null;
  onEdit: Edit;
  /** `focus`: also bring the step into view on the canvas. */
  onSelect: (sel: { nodeId: string | null; edgeId: string | null; focus?: boolean }) => void;
  readOnly?: boolean;
}

export function Inspector(props: InspectorProps) {
  const { spec, selectedNodeId, selectedEdgeId } = props;
  const node = selectedNodeId ? spec.nodes.find((n) => n.id === selectedNodeId) : undefined;
  const edge = selectedEdgeId ? spec.edges.find((e) => e.id === selectedEdgeId) : undefined;
  return (
    <fieldset disabled={props.readOnly} className="grid min-w-0 gap-4">
      {node ? <NodePanel {...props} node={node} /> : edge ? <EdgePanel {...props} edge={edge} /> : <WorkflowPanel {...props} />}
    </fieldset>
  );
}

function Section({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

function ProblemList({ problems, onSelect }: { problems: EditorProblem[]; onSelect?: InspectorProps["onSelect"] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="grid gap-1.5" aria-label="Problems">
      {problems.map((p, i) => (
        <li
          key={`${p.code}-${p.nodeId ?? p.edgeId ?? ""}-${i}`}
          className={`rounded-md border px-2.5 py-1.5 text-xs ${p.severity === "warning" ? "border-warning/40 bg-warning/10" : "border-destructive/40 bg-destructive/10"}`}
        >
          {onSelect && (p.nodeId || p.edgeId) ? (
            <button
              type="button"
              className="text-left underline-offset-2 hover:underline"
              onClick={() => onSelect({ nodeId: p.nodeId ?? null, edgeId: p.nodeId ? null : (p.edgeId ?? null), focus: true })}
            >
              {p.message}
            </button>
          ) : (
            p.message
          )}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------
// Node

function NodePanel({ spec, node, problems, onEdit, onSelect }: InspectorProps & { node: WorkflowNode }) {
  const update = (patch: Partial<WorkflowNode>, field: string) =>
    onEdit((s) => {
      const current = s.nodes.find((n) => n.id === node.id);
      return current ? replaceNode(s, node.id, { ...current, ...patch } as WorkflowNode) : s;
    }, `${node.id}:${field}`);
  const mine = problems.filter((p) => p.nodeId === node.id);
  const isEntry = spec.entry === node.id;

  return (
    <>
      <Section
        title={
          <>
            {NODE_TYPE_INFO[node.type].label} step <span className="font-normal text-muted-foreground">· {NODE_TYPE_INFO[node.type].hint}</span>
          </>
        }
      >
        <ProblemList problems={mine} />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Id">
            <Input
              value={node.id}
              onChange={(e) => {
                const id = e.target.value.trim();
                if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id) || spec.nodes.some((n) => n.id === id && n !== node)) return;
                onEdit((s) => replaceNode(s, node.id, { ...node, id }), `${node.id}:rename`);
                onSelect({ nodeId: id, edgeId: null });
              }}
            />
          </Field>
          <Field label="Label">
            <Input value={node.label ?? ""} placeholder={node.id} onChange={(e) => update({ label: e.target.value || undefined }, "label")} />
          </Field>
        </div>
        <div className="flex flex-wrap gap-2">
          {isEntry ? (
            <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
              <Flag className="size-3.5" aria-hidden="true" /> Calls start here
            </span>
          ) : (
            <Button variant="outline" size="sm" onClick={() => onEdit((s) => ({ ...s, entry: node.id }))}>
              <Flag aria-hidden="true" /> Start calls here
            </Button>
          )}
          <Button
            variant="outline"
            size="sm"
            className="text-destructive"
            onClick={() => {
              onEdit((s) => ({ ...s, nodes: s.nodes.filter((n) => n.id !== node.id), edges: s.edges.filter((e) => e.from !== node.id && e.to !== node.id) }));
              onSelect({ nodeId: null, edgeId: null });
            }}
          >
            <Trash2 aria-hidden="true" /> Delete step
          </Button>
        </div>
      </Section>
      <hr />
      <NodeFields spec={spec} node={node} update={update} onEdit={onEdit} />
      <hr />
      <Section title="Goes to">
        <ul className="grid gap-1 text-xs">
          {portsOf(node, spec.edges).map((port) => {
            const out = spec.edges.filter((e) => e.from === node.id && (node.type === "branch" || (e.on ?? "next") === port));
            return (
              <li key={port} className="flex flex-wrap items-center gap-1">
                <span className="rounded bg-muted px-1.5 py-0.5 font-mono">{port}</span>→
                {out.length === 0 ? (
                  <span className="text-muted-foreground">not connected — drag from its dot on the card</span>
                ) : (
                  out.map((e) => (
                    <button key={e.id} type="button" className="font-medium underline-offset-2 hover:underline" onClick={() => onSelect({ nodeId: null, edgeId: e.id })}>
                      {e.to}
                      {e.when ? ` (if ${conditionText(e.when)})` : ""}
                    </button>
                  ))
                )}
              </li>
            );
          })}
        </ul>
      </Section>
    </>
  );
}

function NodeFields({
  spec,
  node,
  update,
  onEdit,
}: {
  spec: WorkflowSpec;
  node: WorkflowNode;
  update: (patch: Partial<WorkflowNode>, field: string) => void;
  onEdit: Edit;
}) {
  switch (node.type) {
    case "say":
      return <TextVariants name="text" label="Says" hint={PLACEHOLDER_HINT} value={node.text} onChange={(v) => update({ text: v ?? "" }, "text")} />;
    case "ask":
      return <AskFields spec={spec} node={node} update={update} onEdit={onEdit} />;
    case "intent":
      return <IntentFields node={node} update={update} />;
    case "branch":
      return <BranchFields spec={spec} node={node} onEdit={onEdit} />;
    case "action":
      return <ActionFields node={node} update={update} />;
    case "answer":
      return (
        <>
          <Field label="Question" hint="Leave empty to answer what the caller just asked.">
            <Input value={node.question ?? ""} onChange={(e) => update({ question: e.target.value || undefined }, "question")} />
          </Field>
          <TextVariants name="noAnswerText" optional label="When there is no answer" value={node.noAnswerText} onChange={(v) => update({ noAnswerText: v }, "noAnswerText")} />
        </>
      );
    case "transfer":
      return (
        <>
          <Field label="Mode">
            <Select value={node.mode ?? "cold"} onChange={(e) => update({ mode: e.target.value as "cold" | "warm" }, "mode")}>
              <option value="cold">Cold: connect straight away</option>
              <option value="warm">Warm: introduce the caller first</option>
            </Select>
          </Field>
          <Field label="Transfer to" hint="Leave empty for the business's transfer number.">
            <Input value={node.to ?? ""} placeholder="+15551234567" onChange={(e) => update({ to: e.target.value || undefined }, "to")} />
          </Field>
          <TextVariants name="text" optional label="Says before transferring" value={node.text} onChange={(v) => update({ text: v }, "text")} />
        </>
      );
    case "end":
      return (
        <>
          <Field label="Outcome">
            <Select value={node.outcome} onChange={(e) => update({ outcome: e.target.value as NodeOf<"end">["outcome"] }, "outcome")}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o.replace(/_/g, " ")}
                </option>
              ))}
            </Select>
          </Field>
          <TextVariants name="text" optional label="Says before hanging up" value={node.text} onChange={(v) => update({ text: v }, "text")} />
        </>
      );
  }
}

function AskFields({
  spec,
  node,
  update,
  onEdit,
}: {
  spec: WorkflowSpec;
  node: NodeOf<"ask">;
  update: (patch: Partial<WorkflowNode>, field: string) => void;
  onEdit: Edit;
}) {
  const slot = spec.slots.find((s) => s.name === node.slot);
  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Fills slot" error={slot ? null : `No slot named “${node.slot}”`}>
          <Select value={slot ? node.slot : ""} onChange={(e) => e.target.value && update({ slot: e.target.value }, "slot")}>
            {slot ? null : <option value="">{node.slot} (undeclared)</option>}
            {spec.slots.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Type">
          <Select
            value={slot?.type ?? ""}
            disabled={!slot}
            onChange={(e) =>
              onEdit((s) => ({ ...s, slots: s.slots.map((d) => (d.name === node.slot ? { ...d, type: e.target.value as SlotType } : d)) }), `${node.id}:slotType`)
            }
          >
            {slot ? null : <option value="">—</option>}
            {SLOT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace("_", "/")}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {!slot ? (
        <Button
          variant="outline"
          size="sm"
          onClick={() => onEdit((s) => ({ ...s, slots: [...s.slots, { name: node.slot, type: "text" }] }))}
        >
          <Plus aria-hidden="true" /> Declare slot “{node.slot}”
        </Button>
      ) : null}
      {slot?.type === "choice" ? (
        <Field label="Choices" hint="One per line; synonyms after a colon, comma-separated (e.g. “morning: am, early”).">
          <Textarea
            rows={3}
            value={(slot.choices ?? []).map((c) => (c.synonyms?.length ? `${c.value}: ${c.synonyms.join(", ")}` : c.value)).join("\n")}
            onChange={(e) => {
              const choices = e.target.value
                .split("\n")
                .map((line) => line.trim())
                .filter(Boolean)
                .map((line) => {
                  const [value, syn = ""] = line.split(":");
                  return { value: value!.trim(), synonyms: syn.split(",").map((x) => x.trim()).filter(Boolean) };
                });
              onEdit((s) => ({ ...s, slots: s.slots.map((d) => (d.name === node.slot ? { ...d, choices } : d)) }), `${node.id}:choices`);
            }}
          />
        </Field>
      ) : null}
      <TextVariants name="prompt" label="Question" hint={PLACEHOLDER_HINT} value={node.prompt} onChange={(v) => update({ prompt: v ?? "" }, "prompt")} />
      <TextVariants name="reprompt" optional label="When the answer is not understood" value={node.reprompt} onChange={(v) => update({ reprompt: v }, "reprompt")} />
      <TextVariants name="confirmText" optional label="Say back once answered" value={node.confirmText} onChange={(v) => update({ confirmText: v }, "confirmText")} />
      <Field label="Attempts" hint="After this many tries the call follows the “exhausted” edge.">
        <Input type="number" min={1} max={5} value={node.maxAttempts ?? 2} onChange={(e) => update({ maxAttempts: clampInt(e.target.value, 1, 5) }, "maxAttempts")} />
      </Field>
    </>
  );
}

function clampInt(raw: string, min: number, max: number) {
  const n = Math.round(Number(raw));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

function IntentFields({ node, update }: { node: NodeOf<"intent">; update: (patch: Partial<WorkflowNode>, field: string) => void }) {
  const intents = node.intents ?? [];
  const setIntents = (next: typeof intents, field: string) => update({ intents: next }, field);
  return (
    <>
      <TextVariants name="prompt" optional label="Question" value={node.prompt} onChange={(v) => update({ prompt: v }, "prompt")} />
      <TextVariants name="reprompt" optional label="When it is not clear" value={node.reprompt} onChange={(v) => update({ reprompt: v }, "reprompt")} />
      <Section
        title="What the caller may want"
        actions={
          <Button variant="ghost" size="sm" onClick={() => setIntents([...intents, { name: `intent_${intents.length + 1}`, examples: ["example phrase"] }], "add")}>
            <Plus aria-hidden="true" /> Intent
          </Button>
        }
      >
        {intents.map((intent, i) => (
          <div key={i} className="grid gap-2 rounded-md border p-2.5">
            <div className="flex items-end gap-2">
              <Field label="Name" className="flex-1" hint="Also the name of its edge.">
                <Input
                  value={intent.name}
                  onChange={(e) => setIntents(intents.map((x, j) => (j === i ? { ...x, name: e.target.value.replace(/[^A-Za-z0-9_-]/g, "_") } : x)), `intent${i}:name`)}
                />
              </Field>
              <Button variant="ghost" size="icon" aria-label={`Remove intent ${intent.name}`} onClick={() => setIntents(intents.filter((_, j) => j !== i), "remove")}>
                <X aria-hidden="true" />
              </Button>
            </div>
            <Field label="Example phrases" hint="One per line. Callers are matched on meaning and close wording.">
              <Textarea
                rows={3}
                value={intent.examples.join("\n")}
                onChange={(e) => setIntents(intents.map((x, j) => (j === i ? { ...x, examples: e.target.value.split("\n") } : x)), `intent${i}:examples`)}
                onBlur={(e) =>
                  setIntents(intents.map((x, j) => (j === i ? { ...x, examples: e.target.value.split("\n").map((s) => s.trim()).filter(Boolean) } : x)), `intent${i}:examples`)
                }
              />
            </Field>
          </div>
        ))}
      </Section>
    </>
  );
}

const OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "exists", "missing", "truthy", "falsy"] as const;
const UNARY = new Set(["exists", "missing", "truthy", "falsy"]);

/** Parses a value typed in a condition: numbers and true/false/null as such, JSON arrays, else the text. */
function parseValue(raw: string): unknown {
  const t = raw.trim();
  if (t === "") return "";
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "true" || t === "false" || t === "null" || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return raw;
    }
  }
  return raw;
}
function showValue(v: unknown): string {
  return typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v);
}

export function ConditionEditor({ value, onChange }: { value: Condition | undefined; onChange: (c: Condition | undefined) => void }) {
  if (value && !("var" in value)) {
    // Compound conditions (all/any/not) are edited as JSON.
    return (
      <Field label="Condition (JSON)" hint={conditionText(value)}>
        <Textarea
          rows={4}
          defaultValue={JSON.stringify(value, null, 2)}
          onBlur={(e) => {
            try {
              onChange(JSON.parse(e.target.value) as Condition);
            } catch {
              /* keep the last valid condition; the field shows what was typed */
            }
          }}
        />
      </Field>
    );
  }
  const op = value?.op ?? "eq";
  return (
    <div className="grid grid-cols-[1fr_6.5rem] gap-2">
      <Field label="When" hint="e.g. slots.wantsCallback, contact.id, vars.balance.amountDue">
        <Input value={value?.var ?? ""} placeholder="slots.name" onChange={(e) => onChange(makeCondition(e.target.value, op, value && "value" in value ? value.value : ""))} />
      </Field>
      <Field label="Is">
        <Select value={op} onChange={(e) => onChange(makeCondition(value?.var ?? "", e.target.value, value && "value" in value ? value.value : ""))}>
          {OPS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </Select>
      </Field>
      {UNARY.has(op) ? null : (
        <Field label="Value" className="col-span-2">
          <Input value={showValue(value && "value" in value ? value.value : "")} onChange={(e) => onChange(makeCondition(value?.var ?? "", op, parseValue(e.target.value)))} />
        </Field>
      )}
    </div>
  );
}

function makeCondition(v: string, op: string, value: unknown): Condition {
  if (UNARY.has(op)) return { var: v, op: op as "exists" | "missing" | "truthy" | "falsy" };
  return { var: v, op: op as "eq", value };
}

function BranchFields({ spec, node, onEdit }: { spec: WorkflowSpec; node: NodeOf<"branch">; onEdit: Edit }) {
  const out = spec.edges.filter((e) => e.from === node.id);
  const move = (edgeId: string, delta: number) =>
    onEdit((s) => {
      const mine = s.edges.filter((e) => e.from === node.id);
      const i = mine.findIndex((e) => e.id === edgeId);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= mine.length) return s;
      const reordered = [...mine];
      [reordered[i], reordered[j]] = [reordered[j]!, reordered[i]!];
      let k = 0;
      return { ...s, edges: s.edges.map((e) => (e.from === node.id ? reordered[k++]! : e)) };
    });
  const setWhen = (edgeId: string, when: Condition | undefined) =>
    onEdit((s) => ({ ...s, edges: s.edges.map((e) => (e.id === edgeId ? { ...e, when } : e)) }), `${edgeId}:when`);
  return (
    <Section title="Routes, tried in order">
      {out.length === 0 ? <p className="text-xs text-muted-foreground">Connect this step to others, then set a condition on each route.</p> : null}
      {out.map((edge, i) => (
        <div key={edge.id} className="grid gap-2 rounded-md border p-2.5">
          <div className="flex items-center justify-between gap-2 text-xs">
            <span>
              {i + 1}. to <strong>{edge.to}</strong>
            </span>
            <span className="flex gap-0.5">
              <Button variant="ghost" size="icon" className="size-7" aria-label="Move up" disabled={i === 0} onClick={() => move(edge.id, -1)}>
                <ArrowUp aria-hidden="true" />
              </Button>
              <Button variant="ghost" size="icon" className="size-7" aria-label="Move down" disabled={i === out.length - 1} onClick={() => move(edge.id, 1)}>
                <ArrowDown aria-hidden="true" />
              </Button>
            </span>
          </div>
          {edge.when ? (
            <>
              <ConditionEditor value={edge.when} onChange={(c) => setWhen(edge.id, c)} />
              <Button variant="ghost" size="sm" onClick={() => setWhen(edge.id, undefined)}>
                Make this the default route
              </Button>
            </>
          ) : (
            <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
              Default (when no condition above matches)
              <Button variant="ghost" size="sm" onClick={() => setWhen(edge.id, { var: "slots.", op: "truthy" })}>
                Add condition
              </Button>
            </div>
          )}
        </div>
      ))}
    </Section>
  );
}

function ActionFields({ node, update }: { node: NodeOf<"action">; update: (patch: Partial<WorkflowNode>, field: string) => void }) {
  const args = Object.entries(node.args ?? {});
  const setArgs = (entries: [string, unknown][], field: string) => update({ args: Object.fromEntries(entries) }, field);
  return (
    <>
      <Field label="Action">
        <Select value={node.action} onChange={(e) => update({ action: e.target.value as NodeOf<"action">["action"] }, "action")}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a.replace(/_/g, " ")}
            </option>
          ))}
        </Select>
      </Field>
      <Section
        title="Arguments"
        actions={
          <Button variant="ghost" size="sm" onClick={() => setArgs([...args, [`arg${args.length + 1}`, ""]], "addArg")}>
            <Plus aria-hidden="true" /> Argument
          </Button>
        }
      >
        {args.length === 0 ? <p className="text-xs text-muted-foreground">No arguments: the action uses the call’s context.</p> : null}
        {args.map(([key, value], i) => (
          <div key={i} className="grid grid-cols-[7rem_1fr_auto] items-end gap-2">
            <Field label="Name">
              <Input value={key} onChange={(e) => setArgs(args.map((a, j) => (j === i ? [e.target.value, a[1]] : a)), `arg${i}:name`)} />
            </Field>
            <Field label="Value">
              <Input value={showValue(value)} placeholder="{{slots.when}}" onChange={(e) => setArgs(args.map((a, j) => (j === i ? [a[0], parseValue(e.target.value)] : a)), `arg${i}:value`)} />
            </Field>
            <Button variant="ghost" size="icon" aria-label={`Remove argument ${key}`} onClick={() => setArgs(args.filter((_, j) => j !== i), "removeArg")}>
              <X aria-hidden="true" />
            </Button>
          </div>
        ))}
      </Section>
      <Field label="Save result as" hint="Later steps read it as vars.<name>.">
        <Input value={node.saveAs ?? ""} placeholder="result" onChange={(e) => update({ saveAs: e.target.value.replace(/[^A-Za-z0-9_-]/g, "") || undefined }, "saveAs")} />
      </Field>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Edge

function EdgePanel({ spec, edge, problems, onEdit, onSelect }: InspectorProps & { edge: WorkflowEdge }) {
  const from = spec.nodes.find((n) => n.id === edge.from);
  const set = (patch: Partial<WorkflowEdge>, field: string) =>
    onEdit((s) => ({ ...s, edges: s.edges.map((e) => (e.id === edge.id ? { ...e, ...patch } : e)) }), `${edge.id}:${field}`);
  return (
    <Section title="Connection">
      <ProblemList problems={problems.filter((p) => p.edgeId === edge.id)} />
      <p className="text-sm">
        From{" "}
        <button type="button" className="font-medium underline-offset-2 hover:underline" onClick={() => onSelect({ nodeId: edge.from, edgeId: null })}>
          {edge.from}
        </button>{" "}
        to{" "}
        <button type="button" className="font-medium underline-offset-2 hover:underline" onClick={() => onSelect({ nodeId: edge.to, edgeId: null })}>
          {edge.to}
        </button>
      </p>
      {from && from.type !== "branch" ? (
        <Field label="Leaves on">
          <Select value={edge.on ?? "next"} onChange={(e) => set({ on: e.target.value }, "on")}>
            {portsOf(from, spec.edges).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {from?.type === "branch" ? (
        edge.when ? (
          <ConditionEditor value={edge.when} onChange={(c) => set({ when: c }, "when")} />
        ) : (
          <Button variant="outline" size="sm" onClick={() => set({ when: { var: "slots.", op: "truthy" } }, "when")}>
            Add a condition (now the default route)
          </Button>
        )
      ) : null}
      <Field label="Label" hint="Optional; shown on the canvas instead of the port name.">
        <Input value={edge.label ?? ""} onChange={(e) => set({ label: e.target.value || undefined }, "label")} />
      </Field>
      <Button
        variant="outline"
        size="sm"
        className="justify-self-start text-destructive"
        onClick={() => {
          onEdit((s) => ({ ...s, edges: s.edges.filter((e) => e.id !== edge.id) }));
          onSelect({ nodeId: null, edgeId: null });
        }}
      >
        <Trash2 aria-hidden="true" /> Delete connection
      </Button>
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------
// Workflow

function WorkflowPanel({ spec, problems, onEdit, onSelect }: InspectorProps) {
  const set = (patch: Partial<WorkflowSpec>, field: string) => onEdit((s) => ({ ...s, ...patch }), `workflow:${field}`);
  const setSettings = (patch: Partial<WorkflowSpec["settings"]>, field: string) =>
    onEdit((s) => ({ ...s, settings: { ...s.settings, ...patch } }), `settings:${field}`);
  const nodeOptions = (
    <>
      <option value="">None</option>
      {spec.nodes.map((n) => (
        <option key={n.id} value={n.id}>
          {n.label || n.id}
        </option>
      ))}
    </>
  );
  return (
    <>
      <Section title={problems.length ? `Problems (${problems.length})` : "No problems found"}>
        <ProblemList problems={problems} onSelect={onSelect} />
        {problems.length === 0 ? <p className="text-xs text-muted-foreground">Select a step on the canvas to edit it.</p> : null}
      </Section>
      <hr />
      <Section title={`Steps (${spec.nodes.length})`}>
        <ul className="grid max-h-64 gap-0.5 overflow-y-auto text-sm" aria-label="Steps">
          {spec.nodes.map((n) => {
            const count = problems.filter((p) => p.nodeId === n.id).length;
            return (
              <li key={n.id}>
                <button
                  type="button"
                  onClick={() => onSelect({ nodeId: n.id, edgeId: null, focus: true })}
                  className="flex w-full items-baseline gap-2 rounded px-1.5 py-1 text-left hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <span className="w-14 shrink-0 text-[11px] font-semibold uppercase text-muted-foreground">{n.type}</span>
                  <span className="truncate font-medium">{n.label || n.id}</span>
                  {spec.entry === n.id ? <span className="text-[10px] font-semibold text-primary">START</span> : null}
                  {count ? <span className="ml-auto text-xs text-destructive">{count}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      </Section>
      <hr />
      <Section title="Workflow">
        <Field label="Name">
          <Input value={spec.name} onChange={(e) => set({ name: e.target.value }, "name")} />
        </Field>
        <Field label="Description">
          <Textarea rows={2} value={spec.description ?? ""} onChange={(e) => set({ description: e.target.value }, "description")} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Voicemail step" hint="Outbound: where an answering machine goes.">
            <Select value={spec.settings.voicemailNode ?? ""} onChange={(e) => setSettings({ voicemailNode: e.target.value || undefined }, "voicemail")}>
              {nodeOptions}
            </Select>
          </Field>
          <Field label="Message step" hint="“A person, please” with no transfer number.">
            <Select value={spec.settings.messageNode ?? ""} onChange={(e) => setSettings({ messageNode: e.target.value || undefined }, "message")}>
              {nodeOptions}
            </Select>
          </Field>
          <Field label="Max caller turns">
            <Input type="number" min={1} max={200} value={spec.settings.maxTurns ?? 40} onChange={(e) => setSettings({ maxTurns: clampInt(e.target.value, 1, 200) }, "maxTurns")} />
          </Field>
          <label className="mt-6 flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4" checked={spec.settings.disclosure ?? true} onChange={(e) => setSettings({ disclosure: e.target.checked }, "disclosure")} />
            Say it is an automated assistant
          </label>
        </div>
      </Section>
      <hr />
      <Section
        title="Slots"
        actions={
          <Button variant="ghost" size="sm" onClick={() => onEdit((s) => ({ ...s, slots: [...s.slots, { name: `slot${s.slots.length + 1}`, type: "text" }] }))}>
            <Plus aria-hidden="true" /> Slot
          </Button>
        }
      >
        <p className="text-xs text-muted-foreground">What the agent learns from the caller, read as slots.&lt;name&gt;.</p>
        {spec.slots.map((slot, i) => (
          <div key={i} className="grid grid-cols-[1fr_7rem_auto] items-end gap-2">
            <div className="grid gap-1.5">
              <Label className="sr-only" htmlFor={`slot-${i}`}>
                Slot name
              </Label>
              <Input
                id={`slot-${i}`}
                value={slot.name}
                onChange={(e) =>
                  onEdit((s) => ({ ...s, slots: s.slots.map((d, j) => (j === i ? { ...d, name: e.target.value.replace(/[^A-Za-z0-9_-]/g, "") } : d)) }), `slot${i}:name`)
                }
              />
            </div>
            <Select
              aria-label={`Type of ${slot.name}`}
              value={slot.type}
              onChange={(e) => onEdit((s) => ({ ...s, slots: s.slots.map((d, j) => (j === i ? { ...d, type: e.target.value as SlotType } : d)) }), `slot${i}:type`)}
            >
              {SLOT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace("_", "/")}
                </option>
              ))}
            </Select>
            <Button variant="ghost" size="icon" aria-label={`Remove slot ${slot.name}`} onClick={() => onEdit((s) => ({ ...s, slots: s.slots.filter((_, j) => j !== i) }))}>
              <X aria-hidden="true" />
            </Button>
          </div>
        ))}
      </Section>
    </>
  );
}
