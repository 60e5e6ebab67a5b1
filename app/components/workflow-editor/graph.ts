// The editor's view of a WorkflowSpec: which ports (edge `on` names) each node type offers, the
// one-line summary a canvas card shows, auto-layout with dagre, and small immutable edits.
// Pure and browser-safe: imports only the spec module (zod), never server code.
import * as dagreModule from "@dagrejs/dagre";
import type { ActionName, NodeType, WorkflowEdge, WorkflowNode, WorkflowSpec } from "../../../agents/graphs/spec";

// dagre is CommonJS: under Node ESM (the server build) its exports arrive as `default`.
const dagre: typeof dagreModule = (dagreModule as unknown as { default?: typeof dagreModule }).default ?? dagreModule;

export const NODE_TYPES: readonly NodeType[] = ["say", "ask", "intent", "branch", "action", "answer", "transfer", "end"];

export const NODE_TYPE_INFO: Record<NodeType, { label: string; hint: string }> = {
  say: { label: "Say", hint: "Says something, then moves on" },
  ask: { label: "Ask", hint: "Asks for one piece of information and waits" },
  intent: { label: "Intent", hint: "Listens for what the caller wants and routes" },
  branch: { label: "Branch", hint: "Routes on conditions (slots, contact, results)" },
  action: { label: "Action", hint: "Looks something up or does something" },
  answer: { label: "Answer", hint: "Answers from the knowledge base" },
  transfer: { label: "Transfer", hint: "Hands the caller to a person" },
  end: { label: "End", hint: "Ends the call with an outcome" },
};

/** Ports an action offers besides ok/error; the runtime follows these when the case arises. */
const ACTION_EXTRA_PORTS: Partial<Record<ActionName, string[]>> = {
  lookup_caller: ["not_found"],
  find_slots: ["none"],
  book_appointment: ["taken"],
  reschedule_appointment: ["not_found", "taken"],
  cancel_appointment: ["not_found"],
  confirm_appointment: ["not_found"],
  invoice_balance: ["not_found"],
  record_promise: ["not_found"],
  send_payment_link: ["not_found"],
  record_dispute: ["not_found"],
  project_status: ["not_found"],
  search_knowledge: ["none"],
};

/** The ports (edge `on` names) a node offers, in display order. Ports already used by edges are kept. */
export function portsOf(node: WorkflowNode, edges: readonly WorkflowEdge[] = []): string[] {
  let ports: string[];
  switch (node.type) {
    case "say":
    case "branch":
      ports = ["next"];
      break;
    case "ask":
      ports = ["filled", "exhausted"];
      break;
    case "intent":
      ports = [...(node.intents ?? []).map((i) => i.name), "fallback"];
      break;
    case "action":
      ports = ["ok", "error", ...(ACTION_EXTRA_PORTS[node.action] ?? [])];
      break;
    case "answer":
      ports = ["answered", "no_answer"];
      break;
    case "transfer":
      ports = ["failed"];
      break;
    case "end":
      ports = [];
      break;
  }
  for (const edge of edges) {
    if (edge.from === node.id && !ports.includes(edge.on ?? "next") && node.type !== "branch") ports.push(edge.on ?? "next");
  }
  return ports;
}

function firstText(text: unknown): string {
  if (Array.isArray(text)) return typeof text[0] === "string" ? text[0] : "";
  return typeof text === "string" ? text : "";
}

/** The one line a canvas card shows under the node's title. */
export function summaryOf(node: WorkflowNode): string {
  switch (node.type) {
    case "say":
      return firstText(node.text);
    case "ask":
      return `${node.slot ? `{${node.slot}} ` : ""}${firstText(node.prompt)}`;
    case "intent":
      return (node.intents ?? []).map((i) => i.name).join(" · ");
    case "branch":
      return "Routes on conditions";
    case "action":
      return `${node.action}${node.saveAs ? ` → vars.${node.saveAs}` : ""}`;
    case "answer":
      return node.question ? node.question : "Answers the caller's question";
    case "transfer":
      return node.to ? `To ${node.to}` : "To the business's transfer number";
    case "end":
      return `Outcome: ${node.outcome}`;
  }
}

/** A short readable form of a branch condition, for edge labels. */
export function conditionText(cond: unknown): string {
  if (!cond || typeof cond !== "object") return "";
  const c = cond as Record<string, unknown>;
  if (Array.isArray(c.all)) return c.all.map(conditionText).join(" and ");
  if (Array.isArray(c.any)) return c.any.map(conditionText).join(" or ");
  if (c.not) return `not (${conditionText(c.not)})`;
  const v = String(c.var ?? "?");
  switch (c.op) {
    case "exists":
      return `${v} is set`;
    case "missing":
      return `${v} is missing`;
    case "truthy":
      return `${v}`;
    case "falsy":
      return `not ${v}`;
    default: {
      const sym: Record<string, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", in: "in", contains: "contains" };
      return `${v} ${sym[String(c.op)] ?? String(c.op)} ${JSON.stringify(c.value)}`;
    }
  }
}

export function edgeLabel(edge: WorkflowEdge, fromType: NodeType | undefined): string {
  if (edge.label) return edge.label;
  if (fromType === "branch") return edge.when ? conditionText(edge.when) : "otherwise";
  const on = edge.on ?? "next";
  return on === "next" ? "" : on;
}

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 84;

/** Top-to-bottom layout with dagre; returns a spec whose every node has a position. */
export function autoLayout(spec: WorkflowSpec): WorkflowSpec {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of spec.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const ids = new Set(spec.nodes.map((n) => n.id));
  for (const edge of spec.edges) if (ids.has(edge.from) && ids.has(edge.to)) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
  return {
    ...spec,
    nodes: spec.nodes.map((node) => {
      const p = g.node(node.id);
      return p ? { ...node, position: { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) } } : node;
    }),
  };
}

/** True when some node has no position yet (a template or a hand-written spec): lay it out. */
export function needsLayout(spec: WorkflowSpec): boolean {
  return spec.nodes.some((n) => !n.position);
}

/** A fresh id not used by any node or edge: `${base}`, `${base}_2`, ... */
export function freshId(spec: WorkflowSpec, base: string): string {
  const used = new Set([...spec.nodes.map((n) => n.id), ...spec.edges.map((e) => e.id)]);
  const clean = base.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^[^A-Za-z]+/, "") || "node";
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** A new node of a type with sensible defaults that already validate where possible. */
export function newNode(spec: WorkflowSpec, type: NodeType, position: { x: number; y: number }): WorkflowNode {
  const id = freshId(spec, type);
  const base = { id, position };
  switch (type) {
    case "say":
      return { ...base, type, text: "Okay." };
    case "ask":
      return { ...base, type, slot: spec.slots[0]?.name ?? "answer", prompt: "What would you like?", maxAttempts: 2 };
    case "intent":
      return { ...base, type, prompt: "How can I help?", maxAttempts: 2, intents: [{ name: "book", examples: ["I'd like to book"] }] };
    case "branch":
      return { ...base, type };
    case "action":
      return { ...base, type, action: "lookup_caller", args: {} };
    case "answer":
      return { ...base, type };
    case "transfer":
      return { ...base, type, mode: "cold" };
    case "end":
      return { ...base, type, outcome: "completed", text: "Thanks for calling. Goodbye!" };
  }
}

export function replaceNode(spec: WorkflowSpec, id: string, node: WorkflowNode): WorkflowSpec {
  let edges = spec.edges;
  let entry = spec.entry;
  let settings = spec.settings;
  if (node.id !== id) {
    // Renaming a node: edges, the entry and settings follow it.
    edges = edges.map((e) => ({ ...e, from: e.from === id ? node.id : e.from, to: e.to === id ? node.id : e.to }));
    if (entry === id) entry = node.id;
    settings = {
      ...settings,
      voicemailNode: settings.voicemailNode === id ? node.id : settings.voicemailNode,
      messageNode: settings.messageNode === id ? node.id : settings.messageNode,
    };
  }
  return { ...spec, entry, settings, edges, nodes: spec.nodes.map((n) => (n.id === id ? node : n)) };
}

export function removeElements(spec: WorkflowSpec, nodeIds: readonly string[], edgeIds: readonly string[]): WorkflowSpec {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ...spec,
    nodes: spec.nodes.filter((n) => !nodes.has(n.id)),
    edges: spec.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.from) && !nodes.has(e.to)),
  };
}

export function addEdge(spec: WorkflowSpec, from: string, to: string, on: string): WorkflowSpec {
  const fromNode = spec.nodes.find((n) => n.id === from);
  // One edge per port, except on branches (one per condition): connecting again replaces it.
  const keep = fromNode?.type === "branch" ? spec.edges : spec.edges.filter((e) => !(e.from === from && (e.on ?? "next") === on));
  const edge: WorkflowEdge = { id: freshId(spec, `${from}_${on}`), from, to, on };
  return { ...spec, edges: [...keep, edge] };
}

export function moveNodes(spec: WorkflowSpec, positions: ReadonlyMap<string, { x: number; y: number }>): WorkflowSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}
