// WorkflowSpec -> LangGraph StateGraph.
//
// Every spec node becomes one graph node; waiting nodes (ask, intent) become two: `<id>` says the
// prompt, `<id>__wait` calls `interrupt()` and, once resumed with
// `Command({ resume: { utterance, confidence, silence } })`, handles the caller's words. Nothing
// with side effects runs before the interrupt in a wait node (LangGraph re-runs the node from its
// start on resume). Each node leaves through a port (`filled`, `exhausted`, an intent name, `ok`,
// ...); one router per node maps the port to the spec's edge target (`on`), and branch nodes pick
// the first edge whose `when` holds. Built-in nodes (ids starting with "__", which spec ids cannot)
// handle the start (disclosure, voicemail), opt-out, "a real person", messages and maxTurns.
import { END, START, StateGraph, interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ActionName, Condition, NodeOf, Outcome, SlotDef, TemplateText, WorkflowNode, WorkflowSpec } from "../graphs/spec";
import { renderTemplate, resolvePath } from "../graphs/template-text";
import { detectGlobal } from "../nlu/global";
import type { SlotValue, Understanding } from "../nlu/types";
import { evaluateCondition } from "./conditions";
import { CallState, type ActionRecord, type CallContext, type CallStateUpdate, type CallStateValue, type CallerInput, type Line } from "./state";

/** What an action implementation returns (agents/actions). */
export interface ActionOutcome {
  ok: boolean;
  /** Port to leave through; default `ok` / `error`. */
  port?: string;
  result: Record<string, unknown>;
  /** What `saveAs` stores when it is not the result itself (find_slots: the list of slots). */
  value?: unknown;
  /** Context entries the action learned (contact, appointment, invoice, project). */
  context?: Partial<CallContext>;
}

/** Passed per invocation as LangGraph `context`: never checkpointed. */
export interface NodeDeps {
  understanding: Understanding;
  now(): Date;
  runAction(req: { type: ActionName; args: Record<string, unknown>; nodeId: string; state: CallStateValue }): Promise<ActionOutcome>;
}

export const WAIT_SUFFIX = "__wait";
const B = {
  start: "__start",
  optOut: "__opt_out",
  human: "__human",
  takeMessage: "__take_message",
  voicemail: "__voicemail",
  maxTurns: "__max_turns",
  deadEnd: "__dead_end",
} as const;

const TRANSITIONS = ["Perfect, thank you.", "Got it.", "Great.", "Thanks.", "Okay, noted.", "Lovely, thank you."];

type Update = CallStateUpdate & { lines: { add: Line[] }; path: { add: string[] }; actions: { add: ActionRecord[] } };
type Cfg = LangGraphRunnableConfig & { context?: NodeDeps };

export interface CompiledWorkflow {
  graph: StateGraph<typeof CallState.spec, any, any, any, any, any>;
  /** Graph node id -> spec node id (wait nodes map to their spec node). */
  specNodeOf(graphNode: string): string;
}

function depsOf(config: Cfg): NodeDeps {
  const deps = config.context;
  if (!deps) throw new Error("workflow node ran without runtime deps (pass `context` to invoke)");
  return deps;
}

function timeZoneOf(state: CallStateValue): string {
  const tz = state.context.business?.timeZone;
  return typeof tz === "string" && tz ? tz : "UTC";
}

export function templateContext(state: CallStateValue): Record<string, unknown> {
  return { ...state.context, slots: state.slots, vars: state.vars };
}

function render(text: TemplateText, state: CallStateValue): string {
  const currency = state.context.business?.currency;
  return renderTemplate(text, templateContext(state), {
    timeZone: timeZoneOf(state),
    currency: typeof currency === "string" ? currency : undefined,
    turnCounter: state.counter,
  });
}

/** Action args: a lone `{{path}}` passes the raw value (objects too); other strings render as text. */
export function resolveArgs(args: Record<string, unknown>, state: CallStateValue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const ctx = templateContext(state);
  for (const [key, raw] of Object.entries(args)) {
    if (typeof raw === "string") {
      const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(raw);
      if (whole) out[key] = resolvePath(ctx, whole[1]!);
      else if (raw.includes("{{")) out[key] = render(raw, state);
      else out[key] = raw;
    } else out[key] = raw;
  }
  return out;
}

/** The value stored in `slots` for an extraction: objects for dates and money, plain values otherwise. */
export function slotPlain(value: SlotValue): unknown {
  switch (value.type) {
    case "datetime":
    case "date":
    case "time":
      return { type: value.type, start: value.start, end: value.end, grain: value.grain, text: value.text };
    case "money":
      return { amount: value.amount, currency: value.currency };
    default:
      return value.value;
  }
}

/** Collects one node's effects into a state update. */
class Turn {
  private readonly u: Update;
  /** The node's state update; sequence counters follow the lines and actions added. */
  get update(): Update {
    this.u.lineSeq = this.u.lines.add.length;
    this.u.actionSeq = this.u.actions.add.length;
    return this.u;
  }
  private said = false;
  constructor(
    private readonly state: CallStateValue,
    private readonly nodeId: string,
    first = false,
  ) {
    this.u = {
      lines: first ? { reset: true, add: [] } : { add: [] },
      path: first ? { reset: true, add: [] } : { add: [] },
      actions: first ? { reset: true, add: [] } : { add: [] },
    } as Update;
  }
  visit(id: string) {
    this.update.path.add.push(id);
    return this;
  }
  /** Says a template (transitional phrase first when one is pending). */
  say(text: TemplateText | undefined, stateOverride?: CallStateValue) {
    if (text === undefined) return this;
    const s = stateOverride ?? this.current();
    const line = render(text, s);
    if (!line) return this;
    const transition = this.state.transition && !this.said && this.update.transition === undefined ? this.state.transition : null;
    if (transition) this.update.transition = null;
    this.update.lines.add.push({ role: "agent", text: transition ? `${transition} ${line}` : line, nodeId: this.nodeId });
    this.update.counter = ((this.update.counter as number | undefined) ?? this.state.counter) + 1;
    this.said = true;
    return this;
  }
  sayRaw(lines: string[]) {
    for (const text of lines) this.update.lines.add.push({ role: "agent", text, nodeId: this.nodeId });
    return this;
  }
  caller(text: string) {
    this.update.lines.add.push({ role: "caller", text, nodeId: this.nodeId });
    return this;
  }
  port(port: string) {
    this.update.port = port;
    return this;
  }
  end(outcome: Outcome) {
    this.update.outcome = outcome;
    this.update.ended = true;
    this.update.waitingAt = null;
    this.update.port = "__end";
    return this;
  }
  action(record: ActionRecord) {
    this.update.actions.add.push(record);
    return this;
  }
  /** The state as this node has changed it so far (for rendering texts after a slot is filled). */
  current(): CallStateValue {
    const u = this.update;
    return {
      ...this.state,
      slots: u.slots ? { ...this.state.slots, ...u.slots } : this.state.slots,
      vars: u.vars ? { ...this.state.vars, ...u.vars } : this.state.vars,
      context: u.context ? { ...this.state.context, ...u.context } : this.state.context,
      counter: (u.counter as number | undefined) ?? this.state.counter,
    };
  }
}

async function runAction(
  t: Turn,
  deps: NodeDeps,
  state: CallStateValue,
  nodeId: string,
  type: ActionName,
  args: Record<string, unknown>,
): Promise<ActionOutcome> {
  let outcome: ActionOutcome;
  try {
    outcome = await deps.runAction({ type, args, nodeId, state: t.current() });
  } catch (err) {
    outcome = { ok: false, result: { error: (err as Error).message } };
  }
  t.action({ type, nodeId, ok: outcome.ok, input: args, result: outcome.result });
  if (outcome.context) t.update.context = { ...(t.update.context ?? {}), ...outcome.context };
  void state;
  return outcome;
}

export function compileWorkflow(spec: WorkflowSpec): CompiledWorkflow {
  const nodesById = new Map<string, WorkflowNode>(spec.nodes.map((n) => [n.id, n]));
  const slotsByName = new Map<string, SlotDef>(spec.slots.map((s) => [s.name, s]));
  const edgesFrom = new Map<string, WorkflowSpec["edges"]>();
  for (const e of spec.edges) {
    const list = edgesFrom.get(e.from) ?? [];
    list.push(e);
    edgesFrom.set(e.from, list);
  }
  const settings = spec.settings;
  const maxTurns = settings.maxTurns ?? 40;

  // port -> graph target, per graph node
  const routes = new Map<string, Map<string, string>>();
  const targetOf = (to: string) => (nodesById.has(to) ? to : B.deadEnd);
  for (const n of spec.nodes) {
    const m = new Map<string, string>();
    for (const e of edgesFrom.get(n.id) ?? []) {
      if (n.type === "branch") m.set(`edge:${e.id}`, targetOf(e.to));
      else if (!m.has(e.on)) m.set(e.on, targetOf(e.to));
    }
    routes.set(n.id, m);
    if (n.type === "ask" || n.type === "intent") routes.set(n.id + WAIT_SUFFIX, m);
  }

  const graph = new StateGraph(CallState) as unknown as StateGraph<typeof CallState.spec, any, any, any, any, any>;
  const add = (id: string, fn: (state: CallStateValue, config: Cfg) => Promise<CallStateUpdate> | CallStateUpdate) => {
    graph.addNode(id, fn as never);
  };

  const router = (graphNode: string) => (state: CallStateValue): string => {
    const port = state.port ?? "next";
    if (state.ended || port === "__end") return END;
    if (port === "__wait") return (graphNode.endsWith(WAIT_SUFFIX) ? graphNode : graphNode + WAIT_SUFFIX);
    if (port.startsWith("__goto:")) return port.slice("__goto:".length);
    if (port.startsWith("__")) return port; // built-in node ids
    return routes.get(graphNode)?.get(port) ?? B.deadEnd;
  };
  const wire = (id: string) => graph.addConditionalEdges(id as never, router(id) as never);

  // ---- the wait step shared by ask, intent and the built-in take-message ---------------------
  type WaitHandler = (t: Turn, input: CallerInput, state: CallStateValue, deps: NodeDeps) => Promise<void>;
  const waitNode =
    (nodeId: string, opts: { reprompt: () => TemplateText | undefined; maxAttempts: number; exhaustedPort: string; globals: boolean }, handle: WaitHandler) =>
    async (state: CallStateValue, config: Cfg): Promise<CallStateUpdate> => {
      // Nothing before this line may have side effects: the node re-runs from here on resume.
      const input = interrupt({ nodeId }) as CallerInput;
      const deps = depsOf(config);
      const t = new Turn(state, nodeId, true).visit(nodeId + WAIT_SUFFIX);
      const previous = state.lines.filter((l) => l.role === "agent").map((l) => l.text);
      t.update.lastSaid = previous.length ? previous : state.lastSaid;
      t.update.waitingAt = null;
      const utterance = (input?.utterance ?? "").trim();
      const silence = Boolean(input?.silence) || utterance === "";

      if (!silence) {
        const signal = detectGlobal(utterance, { confidence: input.confidence });
        if (signal.kind === "phantom") {
          // Ignored: nothing said, no attempt counted, keep waiting.
          t.update.lastSaid = state.lastSaid;
          t.port("__wait");
          t.update.waitingAt = nodeId;
          return t.update;
        }
        t.caller(utterance);
        t.update.lastUtterance = utterance;
        const turns = state.turns + 1;
        t.update.turns = turns;
        if (turns > maxTurns) return t.port(B.maxTurns).update;
        if (signal.kind === "repeat") {
          t.sayRaw(t.update.lastSaid ?? []);
          t.port("__wait");
          t.update.waitingAt = nodeId;
          return t.update;
        }
        if (opts.globals && signal.kind === "opt_out") return t.port(B.optOut).update;
        if (opts.globals && signal.kind === "human") return t.port(B.human).update;
        await handle(t, { ...input, utterance }, state, deps);
        if (t.update.port === "__wait") t.update.waitingAt = nodeId;
        return t.update;
      }
      // Silence: reprompt, counting an attempt.
      const attempts = (state.attempts[nodeId] ?? 0) + 1;
      t.update.attempts = { [nodeId]: attempts };
      const turns = state.turns + 1;
      t.update.turns = turns;
      if (turns > maxTurns) return t.port(B.maxTurns).update;
      if (attempts >= opts.maxAttempts) return t.port(opts.exhaustedPort).update;
      t.say(opts.reprompt());
      t.port("__wait");
      t.update.waitingAt = nodeId;
      return t.update;
    };

  // ---- spec nodes ----------------------------------------------------------------------------
  for (const node of spec.nodes) {
    switch (node.type) {
      case "say":
        add(node.id, (state) => new Turn(state, node.id).visit(node.id).say(node.text).port("next").update);
        break;
      case "ask": {
        const slot = slotsByName.get(node.slot) ?? { name: node.slot, type: "text" as const };
        add(node.id, (state) => {
          const t = new Turn(state, node.id).visit(node.id).say(node.prompt).port("__wait");
          t.update.attempts = { [node.id]: 0 };
          t.update.waitingAt = node.id;
          return t.update;
        });
        add(
          node.id + WAIT_SUFFIX,
          waitNode(node.id, { reprompt: () => node.reprompt ?? node.prompt, maxAttempts: node.maxAttempts, exhaustedPort: "exhausted", globals: true }, async (t, input, state, deps) => {
            const r = await deps.understanding.extractSlot({ slot, utterance: input.utterance, now: deps.now(), timeZone: timeZoneOf(state) });
            if (r.ok) {
              t.update.slots = { [slot.name]: slotPlain(r.value) };
              t.update.attempts = { [node.id]: 0 };
              if (node.confirmText) t.say(node.confirmText);
              else t.update.transition = TRANSITIONS[state.counter % TRANSITIONS.length]!;
              t.port("filled");
              return;
            }
            const attempts = (state.attempts[node.id] ?? 0) + 1;
            t.update.attempts = { [node.id]: attempts };
            if (attempts >= node.maxAttempts) {
              t.port("exhausted");
              return;
            }
            t.say(node.reprompt ?? node.prompt);
            t.port("__wait");
          }),
        );
        break;
      }
      case "intent": {
        const ports = routes.get(node.id)!;
        add(node.id, (state) => {
          const t = new Turn(state, node.id).visit(node.id).say(node.prompt).port("__wait");
          t.update.attempts = { [node.id]: 0 };
          t.update.waitingAt = node.id;
          return t.update;
        });
        add(
          node.id + WAIT_SUFFIX,
          waitNode(node.id, { reprompt: () => node.reprompt ?? node.prompt, maxAttempts: node.maxAttempts, exhaustedPort: "fallback", globals: true }, async (t, input, state, deps) => {
            const m = await deps.understanding.classifyIntent({ utterance: input.utterance, intents: node.intents });
            if (m.intent && ports.has(m.intent)) {
              t.update.vars = { [`${node.id}_intent`]: m.intent };
              t.update.attempts = { [node.id]: 0 };
              t.port(m.intent);
              return;
            }
            const attempts = (state.attempts[node.id] ?? 0) + 1;
            t.update.attempts = { [node.id]: attempts };
            if (attempts >= node.maxAttempts || !(node.reprompt ?? node.prompt)) {
              t.port("fallback");
              return;
            }
            t.say(node.reprompt ?? node.prompt);
            t.port("__wait");
          }),
        );
        break;
      }
      case "branch": {
        const edges = edgesFrom.get(node.id) ?? [];
        add(node.id, (state) => {
          const t = new Turn(state, node.id).visit(node.id);
          const ctx = templateContext(state);
          const chosen = edges.find((e) => e.when && evaluateCondition(e.when as Condition, ctx)) ?? edges.find((e) => !e.when);
          return t.port(chosen ? `edge:${chosen.id}` : "__dead_end").update;
        });
        break;
      }
      case "action": {
        const ports = routes.get(node.id)!;
        add(node.id, async (state, config) => {
          const t = new Turn(state, node.id).visit(node.id);
          const args = resolveArgs(node.args, state);
          const outcome = await runAction(t, depsOf(config), state, node.id, node.action, args);
          if (node.saveAs) t.update.vars = { ...(t.update.vars ?? {}), [node.saveAs]: outcome.value !== undefined ? outcome.value : outcome.result };
          const port = outcome.port && ports.has(outcome.port) ? outcome.port : outcome.ok ? "ok" : "error";
          if (node.action === "transfer" && outcome.ok) return t.say(undefined).end("transferred").update;
          return t.port(port).update;
        });
        break;
      }
      case "answer":
        add(node.id, async (state, config) => {
          const t = new Turn(state, node.id).visit(node.id);
          const question = node.question ? render(node.question, state) : state.lastUtterance;
          const outcome = await runAction(t, depsOf(config), state, node.id, "search_knowledge", { question });
          const answer = typeof outcome.result.answer === "string" ? outcome.result.answer : "";
          t.update.vars = { answer: outcome.result };
          if (outcome.ok && answer) {
            t.sayRaw([answer]);
            return t.port("answered").update;
          }
          t.say(node.noAnswerText ?? "I'm sorry, I don't have that information to hand.");
          return t.port("no_answer").update;
        });
        break;
      case "transfer":
        add(node.id, async (state, config) => {
          const t = new Turn(state, node.id).visit(node.id);
          const to = (node.to ? render(node.to, state) : "") || String(state.context.business?.transferNumber ?? "");
          if (!to) return t.port("failed").update;
          const outcome = await runAction(t, depsOf(config), state, node.id, "transfer", { to, mode: node.mode });
          if (!outcome.ok) return t.port("failed").update;
          t.say(node.text ?? "Please hold while I put you through.");
          return t.end("transferred").update;
        });
        break;
      case "end":
        add(node.id, (state) => new Turn(state, node.id).visit(node.id).say(node.text).end(node.outcome).update);
        break;
    }
    if (node.type === "ask" || node.type === "intent") {
      graph.addEdge(node.id as never, (node.id + WAIT_SUFFIX) as never);
      wire(node.id + WAIT_SUFFIX);
    } else wire(node.id);
  }

  // ---- built-in nodes --------------------------------------------------------------------------
  add(B.start, (state) => {
    const t = new Turn(state, B.start, true).visit(B.start);
    const call = state.context.call ?? {};
    if (call.answeredBy === "voicemail") {
      return t.port(settings.voicemailNode && nodesById.has(settings.voicemailNode) ? `__goto:${settings.voicemailNode}` : B.voicemail).update;
    }
    if (call.direction === "outbound" && settings.disclosure !== false) {
      const business = state.context.business ?? {};
      const who = typeof business.assistantName === "string" && business.assistantName ? `${business.assistantName}, ` : "";
      t.sayRaw([
        `Hello, this is ${who}an automated assistant calling on behalf of ${String(business.name ?? "the business")}.` +
          (business.recordCalls ? " This call is recorded." : ""),
      ]);
    }
    return t.port(`__goto:${spec.entry}`).update;
  });
  graph.addEdge(START, B.start as never);
  wire(B.start);

  add(B.voicemail, (state) =>
    new Turn(state, B.voicemail)
      .visit(B.voicemail)
      .say("Hello, this is a message from {{business.name}}. Please call us back at {{business.phone | default(\"your convenience\")}}. Thank you, goodbye.")
      .end("voicemail").update,
  );
  wire(B.voicemail);

  add(B.optOut, async (state, config) => {
    const t = new Turn(state, B.optOut).visit(B.optOut);
    await runAction(t, depsOf(config), state, B.optOut, "add_to_dnc", { reason: "caller asked" });
    t.sayRaw(["Understood. I've taken your number off our call list and we won't call you again. Goodbye."]);
    return t.end("opted_out").update;
  });
  wire(B.optOut);

  add(B.human, async (state, config) => {
    const t = new Turn(state, B.human).visit(B.human);
    const number = state.context.business?.transferNumber;
    if (typeof number === "string" && number) {
      const outcome = await runAction(t, depsOf(config), state, B.human, "transfer", { to: number, mode: "cold", reason: "caller asked for a person" });
      if (outcome.ok) {
        t.sayRaw(["Of course, let me put you through to someone now."]);
        return t.end("transferred").update;
      }
    }
    if (settings.messageNode && nodesById.has(settings.messageNode)) {
      t.sayRaw(["Everyone is busy at the moment, but I can take a message."]);
      return t.port(`__goto:${settings.messageNode}`).update;
    }
    return t.port(B.takeMessage).update;
  });
  wire(B.human);

  add(B.takeMessage, (state) => {
    const t = new Turn(state, B.takeMessage).visit(B.takeMessage);
    t.sayRaw(["No one is available to take your call right now. What message would you like me to pass on?"]);
    t.update.attempts = { [B.takeMessage]: 0 };
    t.update.waitingAt = B.takeMessage;
    return t.port("__wait").update;
  });
  graph.addEdge(B.takeMessage as never, (B.takeMessage + WAIT_SUFFIX) as never);
  add(
    B.takeMessage + WAIT_SUFFIX,
    waitNode(B.takeMessage, { reprompt: () => "Sorry, I didn't catch that. What message should I pass on?", maxAttempts: 2, exhaustedPort: "__goto:" + B.deadEnd, globals: false }, async (t, input, state, deps) => {
      const outcome = await runAction(t, deps, state, B.takeMessage, "take_message", { message: input.utterance, callbackNumber: state.context.caller?.phone ?? "" });
      t.sayRaw([outcome.ok ? "Thank you, I've passed your message on and someone will call you back. Goodbye." : "I'm sorry, I couldn't save your message. Please call again later. Goodbye."]);
      t.end(outcome.ok ? "message_taken" : "no_response");
    }),
  );
  wire(B.takeMessage + WAIT_SUFFIX);

  add(B.maxTurns, (state) =>
    new Turn(state, B.maxTurns)
      .visit(B.maxTurns)
      .say("I'm sorry, we've been going for a while. Someone from {{business.name}} will follow up with you. Goodbye.")
      .end(state.outcome ?? "no_response").update,
  );
  wire(B.maxTurns);

  add(B.deadEnd, (state) => {
    const t = new Turn(state, B.deadEnd).visit(B.deadEnd);
    const giveUp = state.port === "exhausted" || state.port === "fallback";
    t.sayRaw([giveUp ? "I'm sorry, I'm having trouble understanding. Someone will call you back. Goodbye." : "Thank you for calling. Goodbye."]);
    return t.end(state.outcome ?? (giveUp ? "no_response" : "completed")).update;
  });
  wire(B.deadEnd);

  return {
    graph,
    specNodeOf(graphNode: string) {
      return graphNode.endsWith(WAIT_SUFFIX) ? graphNode.slice(0, -WAIT_SUFFIX.length) : graphNode;
    },
  };
}

export type { NodeOf };
