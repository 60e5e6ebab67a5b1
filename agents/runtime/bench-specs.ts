// Specs for the runtime benchmarks: a long chain (compile cost) and a conversation loop (turn cost).
import { workflowSpec, type WorkflowSpec } from "../graphs/spec";

/** `n` nodes: asks, intents, branches, actions and says in a chain that ends. */
export function chainSpec(n = 200): WorkflowSpec {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  const slots: unknown[] = [];
  for (let i = 0; i < n - 1; i++) {
    const id = `n${i}`;
    const next = i === n - 2 ? "end" : `n${i + 1}`;
    switch (i % 5) {
      case 0:
        nodes.push({ id, type: "say", text: `Step ${i} for {{business.name}}.` });
        edges.push({ id: `e${i}`, from: id, to: next });
        break;
      case 1:
        slots.push({ name: `s${i}`, type: "text" });
        nodes.push({ id, type: "ask", slot: `s${i}`, prompt: `Question ${i}?` });
        edges.push({ id: `e${i}`, from: id, to: next, on: "filled" }, { id: `x${i}`, from: id, to: "end", on: "exhausted" });
        break;
      case 2:
        nodes.push({ id, type: "intent", prompt: "Yes or no?", intents: [{ name: "yes", examples: ["yes"] }, { name: "no", examples: ["no"] }] });
        edges.push({ id: `e${i}`, from: id, to: next, on: "yes" }, { id: `f${i}`, from: id, to: next, on: "no" }, { id: `x${i}`, from: id, to: "end", on: "fallback" });
        break;
      case 3:
        nodes.push({ id, type: "branch" });
        edges.push({ id: `w${i}`, from: id, to: next, when: { var: `slots.s${i - 2}`, op: "exists" } }, { id: `e${i}`, from: id, to: next });
        break;
      case 4:
        nodes.push({ id, type: "action", action: "notify_staff", args: { subject: "x", message: "y" } });
        edges.push({ id: `e${i}`, from: id, to: next, on: "ok" }, { id: `x${i}`, from: id, to: next, on: "error" });
        break;
    }
  }
  nodes.push({ id: "end", type: "end", outcome: "completed", text: "Bye." });
  return workflowSpec.parse({ schemaVersion: 1, name: "Chain", direction: "inbound", entry: "n0", slots, nodes, edges, settings: { maxTurns: 200 } });
}

/** A conversation that never ends by itself: ask a text slot, acknowledge, branch, ask again. */
export function loopSpec(): WorkflowSpec {
  return workflowSpec.parse({
    schemaVersion: 1,
    name: "Loop",
    direction: "inbound",
    entry: "ask",
    slots: [{ name: "note", type: "text" }],
    nodes: [
      { id: "ask", type: "ask", slot: "note", prompt: ["Tell me more.", "And then?", "Go on."] },
      { id: "ack", type: "say", text: "Noted: {{slots.note}}." },
      { id: "check", type: "branch" },
      { id: "end", type: "end", outcome: "completed" },
    ],
    edges: [
      { id: "a", from: "ask", to: "ack", on: "filled" },
      { id: "b", from: "ask", to: "end", on: "exhausted" },
      { id: "c", from: "ack", to: "check" },
      { id: "d", from: "check", to: "end", when: { var: "slots.note", op: "eq", value: "bye" } },
      { id: "e", from: "check", to: "ask" },
    ],
    settings: { maxTurns: 200 },
  });
}
