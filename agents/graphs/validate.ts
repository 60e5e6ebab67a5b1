// Workflow validation: the zod schema (spec.ts) plus the graph rules a schema cannot express:
// reachability, dead ends, unknown slots and variables, loops that never wait for the caller.
// Every problem names its node or edge so the editor can show it inline. Pure TypeScript: the
// editor runs this in the browser on every change, so it stays linear in the size of the spec.
import type { ZodIssue } from "zod";
import { workflowSpec, type Condition, type TemplateText, type WorkflowEdge, type WorkflowNode, type WorkflowSpec } from "./spec";
import { parseTemplate, templateVariants } from "./template-text";

export type Severity = "error" | "warning";

export interface ValidationProblem {
  severity: Severity;
  /** Stable machine code, e.g. "unknown_slot", "dead_end", "loop_without_wait". */
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in the JSON the problem is (schema problems), e.g. "nodes.3.prompt". */
  path?: string;
}

export interface ValidationResult {
  /** True when there is no error (warnings do not block publishing). */
  ok: boolean;
  /** The parsed spec (defaults applied) when the schema accepted it, even if graph rules failed. */
  spec?: WorkflowSpec;
  problems: ValidationProblem[];
}

/** Variable namespaces a template or condition may read. */
export const VARIABLE_NAMESPACES = ["business", "contact", "caller", "slots", "vars", "appointment", "invoice", "project", "call"] as const;
const NAMESPACES = new Set<string>(VARIABLE_NAMESPACES);

/** Ports each node type may leave from (intent: its intent names plus these). */
const PORTS: Record<WorkflowNode["type"], readonly string[] | null> = {
  say: ["next"],
  ask: ["filled", "exhausted"],
  intent: ["fallback"],
  branch: null, // branch edges are told apart by `when`
  action: ["ok", "error", "none", "not_found", "taken"],
  answer: ["answered", "no_answer"],
  transfer: ["failed"],
  end: [],
};

/** Validates a spec as stored (unknown JSON). Never throws. */
export function validateSpec(json: unknown): ValidationResult {
  const parsed = workflowSpec.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => schemaProblem(issue, json)) };
  }
  const problems = graphProblems(parsed.data);
  return { ok: !problems.some((p) => p.severity === "error"), spec: parsed.data, problems };
}

// ---- schema problems, pointed at the node or edge they belong to ---------------------------

function schemaProblem(issue: ZodIssue, json: unknown): ValidationProblem {
  const path = issue.path;
  const where = path.join(".");
  const problem: ValidationProblem = { severity: "error", code: "schema", message: "", path: where };
  const root = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  let subject = "The workflow";
  if ((path[0] === "nodes" || path[0] === "edges") && typeof path[1] === "number") {
    const list = Array.isArray(root[path[0]]) ? (root[path[0]] as unknown[]) : [];
    const item = list[path[1]] as Record<string, unknown> | undefined;
    const itemId = item && typeof item.id === "string" && item.id ? item.id : null;
    if (path[0] === "nodes") {
      if (itemId) problem.nodeId = itemId;
      subject = itemId ? `Node '${itemId}'` : `Node #${path[1] + 1}`;
    } else {
      if (itemId) problem.edgeId = itemId;
      subject = itemId ? `Edge '${itemId}'` : `Edge #${path[1] + 1}`;
    }
    const field = path.slice(2).join(".");
    problem.message = `${subject}: ${field ? `${field}: ` : ""}${issueText(issue)}`;
  } else if (path[0] === "slots" && typeof path[1] === "number") {
    const slots = Array.isArray(root.slots) ? (root.slots as Record<string, unknown>[]) : [];
    const name = slots[path[1]]?.name;
    const field = path.slice(2).join(".");
    problem.message = `Slot ${typeof name === "string" ? `'${name}'` : `#${path[1] + 1}`}: ${field ? `${field}: ` : ""}${issueText(issue)}`;
  } else {
    problem.message = `${where ? `${where}: ` : ""}${issueText(issue)}`;
  }
  return problem;
}

function issueText(issue: ZodIssue): string {
  if (issue.code === "invalid_union_discriminator") return `type must be one of ${issue.options.map(String).join(", ")}`;
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_type" && issue.received === "undefined") return "is required";
  return issue.message;
}

// ---- graph rules -----------------------------------------------------------------------------

function graphProblems(spec: WorkflowSpec): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const error = (code: string, message: string, at: { nodeId?: string; edgeId?: string } = {}) =>
    problems.push({ severity: "error", code, message, ...at });
  const warning = (code: string, message: string, at: { nodeId?: string; edgeId?: string } = {}) =>
    problems.push({ severity: "warning", code, message, ...at });

  // Ids
  const nodes = new Map<string, WorkflowNode>();
  for (const node of spec.nodes) {
    if (nodes.has(node.id)) error("duplicate_node_id", `Two nodes have the id '${node.id}'; ids must be unique.`, { nodeId: node.id });
    else nodes.set(node.id, node);
  }
  const edgeIds = new Set<string>();
  for (const edge of spec.edges) {
    if (edgeIds.has(edge.id)) error("duplicate_edge_id", `Two edges have the id '${edge.id}'; ids must be unique.`, { edgeId: edge.id });
    edgeIds.add(edge.id);
  }
  const slots = new Map<string, WorkflowSpec["slots"][number]>();
  for (const slot of spec.slots) {
    if (slots.has(slot.name)) error("duplicate_slot", `Two slots are named '${slot.name}'.`);
    slots.set(slot.name, slot);
    if (slot.type === "choice" && !slot.choices?.length) {
      error("choice_without_choices", `Slot '${slot.name}' is a choice but lists no choices.`);
    }
  }
  const saveAs = new Set<string>();
  for (const node of spec.nodes) if (node.type === "action" && node.saveAs) saveAs.add(node.saveAs);

  // Entry and settings
  if (!nodes.has(spec.entry)) error("missing_entry", `The entry node '${spec.entry}' does not exist.`);
  const { voicemailNode, messageNode } = spec.settings;
  if (voicemailNode && !nodes.has(voicemailNode)) {
    error("missing_voicemail_node", `Settings name '${voicemailNode}' as the voicemail node, but no node has that id.`);
  }
  if (messageNode && !nodes.has(messageNode)) {
    error("missing_message_node", `Settings name '${messageNode}' as the message node, but no node has that id.`);
  }
  if (spec.direction === "outbound" && !voicemailNode) {
    warning("no_voicemail_node", "This outbound workflow has no voicemail node: when an answering machine picks up, the call just ends.");
  }

  // Edges: endpoints and ports
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const edge of spec.edges) {
    const from = nodes.get(edge.from);
    if (!from) error("edge_from_unknown", `Edge '${edge.id}' leaves from '${edge.from}', but no node has that id.`, { edgeId: edge.id });
    if (!nodes.has(edge.to))
      error("edge_to_unknown", `Edge '${edge.id}' goes to '${edge.to}', but no node has that id.`, { edgeId: edge.id });
    if (!from) continue;
    const list = outgoing.get(from.id);
    if (list) list.push(edge);
    else outgoing.set(from.id, [edge]);
    if (from.type === "end") {
      error("edge_from_end", `Edge '${edge.id}' leaves end node '${from.id}'; an end node finishes the call.`, {
        edgeId: edge.id,
        nodeId: from.id,
      });
      continue;
    }
    if (from.type === "branch") continue;
    const ports = from.type === "intent" ? [...from.intents.map((i) => i.name), "fallback"] : PORTS[from.type]!;
    if (!ports.includes(edge.on)) {
      const known = ports.map((p) => `'${p}'`).join(", ");
      // Actions may report extra outcomes of their own; other node types cannot.
      (from.type === "action" ? warning : error)(
        "unknown_port",
        `Edge '${edge.id}' leaves ${from.type} node '${from.id}' on '${edge.on}', which that node never takes (it takes ${known}).`,
        { edgeId: edge.id, nodeId: from.id }
      );
    }
  }

  // Per node: dead ends, unknown slots, duplicate ports
  for (const node of nodes.values()) {
    const outs = outgoing.get(node.id) ?? [];
    const ports = new Map<string, number>();
    for (const e of outs) if (node.type !== "branch") ports.set(e.on, (ports.get(e.on) ?? 0) + 1);
    for (const [port, count] of ports) {
      if (count > 1)
        warning("duplicate_port", `Node '${node.id}' has ${count} edges on '${port}'; only the first is followed.`, { nodeId: node.id });
    }
    const has = (port: string) => ports.has(port);
    const at = { nodeId: node.id };
    switch (node.type) {
      case "say":
        if (!has("next"))
          error("dead_end", `Node '${node.id}' says its text and then has nowhere to go: add a 'next' edge or an end node.`, at);
        break;
      case "ask": {
        if (!slots.has(node.slot)) {
          error("unknown_slot", `Node '${node.id}' asks for slot '${node.slot}' but no slot named '${node.slot}' is declared.`, at);
        }
        if (!has("filled"))
          error("dead_end", `Node '${node.id}' has no 'filled' edge: once the caller answers, the call has nowhere to go.`, at);
        if (!has("exhausted")) {
          warning(
            "no_exhausted_edge",
            `Node '${node.id}' has no 'exhausted' edge: after ${node.maxAttempts} failed attempts the call ends.`,
            at
          );
        }
        break;
      }
      case "intent": {
        const names = new Set<string>();
        for (const intent of node.intents) {
          if (names.has(intent.name)) error("duplicate_intent", `Node '${node.id}' lists intent '${intent.name}' twice.`, at);
          names.add(intent.name);
        }
        const missing = [...names].filter((n) => !has(n));
        if (!has("fallback")) {
          if (missing.length) {
            error(
              "dead_end",
              `Node '${node.id}' has no edge for intent${missing.length > 1 ? "s" : ""} ${missing
                .map((m) => `'${m}'`)
                .join(", ")} and no 'fallback' edge.`,
              at
            );
          } else {
            warning("no_fallback", `Node '${node.id}' has no 'fallback' edge for callers who want something else.`, at);
          }
        } else if (missing.length) {
          warning(
            "intent_without_edge",
            `Node '${node.id}': intent${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")} ha${
              missing.length > 1 ? "ve" : "s"
            } no edge and will go to 'fallback'.`,
            at
          );
        }
        break;
      }
      case "branch": {
        const defaults = outs.filter((e) => !e.when);
        if (outs.length === 0) error("dead_end", `Branch '${node.id}' has no edges.`, at);
        else if (defaults.length === 0) {
          error(
            "branch_without_default",
            `Branch '${node.id}' has no default edge (one without a condition) for when no condition holds.`,
            at
          );
        } else if (defaults.length > 1) {
          warning(
            "branch_many_defaults",
            `Branch '${node.id}' has ${defaults.length} edges without a condition; only the first is used.`,
            at
          );
        }
        break;
      }
      case "action":
        if (!has("ok"))
          error("dead_end", `Action '${node.id}' (${node.action}) has no 'ok' edge: after it runs the call has nowhere to go.`, at);
        if (!has("error"))
          warning("no_error_edge", `Action '${node.id}' (${node.action}) has no 'error' edge: if it fails, the call ends.`, at);
        break;
      case "answer":
        if (!has("answered"))
          error("dead_end", `Node '${node.id}' has no 'answered' edge: after answering, the call has nowhere to go.`, at);
        if (!has("no_answer"))
          warning(
            "no_no_answer_edge",
            `Node '${node.id}' has no 'no_answer' edge: when the knowledge base has no answer, the call ends.`,
            at
          );
        break;
      case "transfer":
        if (!has("failed")) {
          warning(
            "no_failed_edge",
            `Transfer '${node.id}' has no 'failed' edge: if nobody can be reached, the call ends without taking a message.`,
            at
          );
        }
        break;
      case "end":
        break;
    }
  }

  // Unused slots
  const asked = new Set<string>();
  for (const node of spec.nodes) if (node.type === "ask") asked.add(node.slot);

  // Variables in texts, action arguments and conditions
  const checkPath = (path: string, where: string, at: { nodeId?: string; edgeId?: string }) => {
    const [ns, second] = path.split(".");
    if (!NAMESPACES.has(ns!)) {
      error("unknown_variable", `${where} uses '${path}', but '${ns}' is not a known name (use ${VARIABLE_NAMESPACES.join(", ")}).`, at);
    } else if (ns === "slots") {
      if (!second) error("unknown_variable", `${where} uses 'slots' without a slot name.`, at);
      else if (!slots.has(second)) error("unknown_variable", `${where} uses '${path}', but no slot named '${second}' is declared.`, at);
    } else if (ns === "vars") {
      if (!second) error("unknown_variable", `${where} uses 'vars' without a name.`, at);
      else if (!saveAs.has(second)) {
        error("unknown_variable", `${where} uses '${path}', but no action saves its result as '${second}' (set saveAs on the action).`, at);
      }
    }
  };
  const checkText = (text: TemplateText | string | undefined, where: string, at: { nodeId?: string; edgeId?: string }) => {
    for (const variant of templateVariants(text)) {
      const parsed = parseTemplate(variant);
      for (const e of parsed.errors) error("template_syntax", `${where}: ${e}.`, at);
      for (const path of parsed.variables) checkPath(path, where, at);
    }
  };
  const checkArgs = (value: unknown, where: string, at: { nodeId?: string }) => {
    if (typeof value === "string") checkText(value, where, at);
    else if (Array.isArray(value)) value.forEach((v) => checkArgs(v, where, at));
    else if (value && typeof value === "object") for (const v of Object.values(value)) checkArgs(v, where, at);
  };
  const checkCondition = (cond: Condition, where: string, at: { edgeId?: string; nodeId?: string }) => {
    if ("var" in cond) checkPath(cond.var.replace(/^\{\{\s*|\s*\}\}$/g, ""), where, at);
    else if ("all" in cond) cond.all.forEach((c) => checkCondition(c, where, at));
    else if ("any" in cond) cond.any.forEach((c) => checkCondition(c, where, at));
    else checkCondition(cond.not, where, at);
  };

  for (const node of spec.nodes) {
    const at = { nodeId: node.id };
    const label = `Node '${node.id}'`;
    switch (node.type) {
      case "say":
        checkText(node.text, `${label} text`, at);
        break;
      case "ask":
        checkText(node.prompt, `${label} prompt`, at);
        checkText(node.reprompt, `${label} reprompt`, at);
        checkText(node.confirmText, `${label} confirmation`, at);
        break;
      case "intent":
        checkText(node.prompt, `${label} prompt`, at);
        checkText(node.reprompt, `${label} reprompt`, at);
        break;
      case "action":
        checkArgs(node.args, `${label} argument`, at);
        if (node.action === "create_lead" && Array.isArray(node.args.answers)) {
          for (const name of node.args.answers) {
            if (typeof name === "string" && !slots.has(name)) {
              error("unknown_slot", `Action '${node.id}' collects answer '${name}' but no slot named '${name}' is declared.`, at);
            }
          }
        }
        break;
      case "answer":
        checkText(node.question, `${label} question`, at);
        checkText(node.noAnswerText, `${label} no-answer text`, at);
        break;
      case "transfer":
        checkText(node.text, `${label} text`, at);
        break;
      case "end":
        checkText(node.text, `${label} text`, at);
        break;
      case "branch":
        break;
    }
  }
  for (const edge of spec.edges)
    if (edge.when) checkCondition(edge.when, `Condition on edge '${edge.id}'`, { edgeId: edge.id, nodeId: edge.from });

  // A slot no ask node fills may still be read (a template, a condition, create_lead's answers):
  // a textual search is enough for a warning and costs one stringify.
  let specText: string | null = null;
  for (const slot of spec.slots) {
    if (asked.has(slot.name)) continue;
    specText ??= JSON.stringify(spec.nodes) + JSON.stringify(spec.edges);
    if (!specText.includes(`slots.${slot.name}`) && !specText.includes(`"${slot.name}"`)) {
      warning("unused_slot", `Slot '${slot.name}' is declared but no node asks for it or uses it.`);
    }
  }

  // Reachability: from the entry, plus the nodes settings jump to from anywhere.
  const adjacency = new Map<string, string[]>();
  for (const [from, edges] of outgoing)
    adjacency.set(
      from,
      edges.filter((e) => nodes.has(e.to)).map((e) => e.to)
    );
  const roots = [spec.entry, voicemailNode, messageNode].filter((r): r is string => !!r && nodes.has(r));
  const reached = new Set<string>(roots);
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    for (const next of adjacency.get(id) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        stack.push(next);
      }
    }
  }
  if (nodes.has(spec.entry)) {
    for (const node of nodes.values()) {
      if (!reached.has(node.id))
        warning("unreachable", `Node '${node.id}' can never be reached from the entry node '${spec.entry}'.`, { nodeId: node.id });
    }
  }

  // Loops that never wait: a strongly connected component with no ask/intent node would spin
  // forever without hearing the caller.
  for (const component of stronglyConnected([...nodes.keys()], adjacency)) {
    const cyclic = component.length > 1 || (adjacency.get(component[0]!) ?? []).includes(component[0]!);
    if (!cyclic) continue;
    if (component.some((id) => nodes.get(id)!.type === "ask" || nodes.get(id)!.type === "intent")) continue;
    const ordered = spec.nodes.map((n) => n.id).filter((id) => component.includes(id));
    error(
      "loop_without_wait",
      `Nodes ${ordered.map((id) => `'${id}'`).join(" -> ")} form a loop that never waits for the caller; add an ask or intent node to it.`,
      { nodeId: ordered[0] }
    );
  }

  return problems;
}

/** Tarjan's algorithm, iterative (a 500-node chain would overflow a recursive one in a browser). */
function stronglyConnected(ids: string[], adjacency: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const nexts = adjacency.get(frame.id) ?? [];
      if (frame.i < nexts.length) {
        const next = nexts[frame.i++]!;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, i: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
        if (low.get(frame.id) === index.get(frame.id)) {
          const component: string[] = [];
          let id: string;
          do {
            id = stack.pop()!;
            onStack.delete(id);
            component.push(id);
          } while (id !== frame.id);
          out.push(component);
        }
      }
    }
  }
  return out;
}

/** Problems grouped by node id, for the editor's inline badges. */
export function problemsByNode(problems: ValidationProblem[]): Map<string, ValidationProblem[]> {
  const map = new Map<string, ValidationProblem[]>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const list = map.get(p.nodeId);
    if (list) list.push(p);
    else map.set(p.nodeId, [p]);
  }
  return map;
}
