// Differences between two workflow specs (two versions, or a version and the draft): what the
// "Compare versions" view and the publish confirmation show. Pure TypeScript (browser too).
import type { WorkflowEdge, WorkflowNode, WorkflowSpec } from "./spec";

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface SpecDiff {
  /** Top-level fields: name, description, direction, entry. */
  meta: FieldChange[];
  nodes: { added: WorkflowNode[]; removed: WorkflowNode[]; changed: { id: string; type: string; changes: FieldChange[] }[] };
  edges: { added: WorkflowEdge[]; removed: WorkflowEdge[]; changed: { id: string; changes: FieldChange[] }[] };
  slots: { added: string[]; removed: string[]; changed: { name: string; changes: FieldChange[] }[] };
  settings: FieldChange[];
  /** One readable line per difference, e.g. "Changed node 'ask_date': prompt". */
  summary: string[];
  /** True when nothing differs (node positions are ignored unless asked for). */
  same: boolean;
}

export interface DiffOptions {
  /** Count moved nodes (canvas positions) as changes. Default false: layout is not behaviour. */
  positions?: boolean;
}

export function diffSpecs(before: WorkflowSpec, after: WorkflowSpec, options: DiffOptions = {}): SpecDiff {
  const ignore = options.positions ? new Set<string>() : new Set(["position"]);

  const meta = fieldChanges(
    pick(before, ["name", "description", "direction", "entry"]),
    pick(after, ["name", "description", "direction", "entry"]),
    new Set()
  );

  const nodes = diffById(before.nodes, after.nodes, (n) => n.id);
  const changedNodes = nodes.both
    .map(([a, b]) => ({ id: b.id, type: b.type, changes: fieldChanges(a as object, b as object, ignore) }))
    .filter((c) => c.changes.length > 0);

  const edges = diffById(before.edges, after.edges, (e) => e.id);
  const changedEdges = edges.both
    .map(([a, b]) => ({ id: b.id, changes: fieldChanges(a, b, new Set()) }))
    .filter((c) => c.changes.length > 0);

  const slots = diffById(before.slots, after.slots, (s) => s.name);
  const changedSlots = slots.both
    .map(([a, b]) => ({ name: b.name, changes: fieldChanges(a, b, new Set()) }))
    .filter((c) => c.changes.length > 0);

  const settings = fieldChanges(before.settings, after.settings, new Set());

  const summary: string[] = [];
  for (const c of meta) summary.push(`Changed ${c.field}: ${short(c.before)} -> ${short(c.after)}`);
  for (const n of nodes.added) summary.push(`Added ${n.type} node '${n.id}'`);
  for (const n of nodes.removed) summary.push(`Removed ${n.type} node '${n.id}'`);
  for (const n of changedNodes) summary.push(`Changed node '${n.id}': ${n.changes.map((c) => c.field).join(", ")}`);
  for (const e of edges.added) summary.push(`Added edge '${e.id}' ${e.from} -> ${e.to}${e.on !== "next" ? ` on ${e.on}` : ""}`);
  for (const e of edges.removed) summary.push(`Removed edge '${e.id}' ${e.from} -> ${e.to}${e.on !== "next" ? ` on ${e.on}` : ""}`);
  for (const e of changedEdges) summary.push(`Changed edge '${e.id}': ${e.changes.map((c) => c.field).join(", ")}`);
  for (const s of slots.added) summary.push(`Added slot '${s.name}' (${s.type})`);
  for (const s of slots.removed) summary.push(`Removed slot '${s.name}'`);
  for (const s of changedSlots) summary.push(`Changed slot '${s.name}': ${s.changes.map((c) => c.field).join(", ")}`);
  for (const c of settings) summary.push(`Changed setting ${c.field}: ${short(c.before)} -> ${short(c.after)}`);

  return {
    meta,
    nodes: { added: nodes.added, removed: nodes.removed, changed: changedNodes },
    edges: { added: edges.added, removed: edges.removed, changed: changedEdges },
    slots: { added: slots.added.map((s) => s.name), removed: slots.removed.map((s) => s.name), changed: changedSlots },
    settings,
    summary,
    same: summary.length === 0,
  };
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = obj[k];
  return out;
}

function diffById<T>(before: T[], after: T[], key: (item: T) => string) {
  const a = new Map(before.map((x) => [key(x), x] as const));
  const b = new Map(after.map((x) => [key(x), x] as const));
  const added = after.filter((x) => !a.has(key(x)));
  const removed = before.filter((x) => !b.has(key(x)));
  const both: [T, T][] = after.filter((x) => a.has(key(x))).map((x) => [a.get(key(x))!, x]);
  return { added, removed, both };
}

/** Field-level changes between two objects (one level deep; values compared structurally). */
function fieldChanges(before: object, after: object, ignore: Set<string>): FieldChange[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const out: FieldChange[] = [];
  for (const field of keys) {
    if (ignore.has(field)) continue;
    if (!sameValue(a[field], b[field])) out.push({ field, before: a[field], after: b[field] });
  }
  return out;
}

function sameValue(x: unknown, y: unknown): boolean {
  return stableJson(x) === stableJson(y);
}

function stableJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
    .join(",")}}`;
}

function short(value: unknown): string {
  const text = typeof value === "string" ? `"${value}"` : value === undefined ? "(none)" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
