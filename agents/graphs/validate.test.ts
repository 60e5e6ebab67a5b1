import { describe, expect, it } from "vitest";
import type { WorkflowSpecInput } from "./spec";
import { generateSpec, sampleSpec } from "./test-specs";
import { problemsByNode, validateSpec, type ValidationProblem } from "./validate";

type Mutable = Omit<WorkflowSpecInput, "nodes" | "edges"> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
const spec = () => sampleSpec() as unknown as Mutable;
const codes = (problems: ValidationProblem[]) => problems.map((p) => p.code);
const errorsOf = (problems: ValidationProblem[]) => problems.filter((p) => p.severity === "error");

describe("validateSpec", () => {
  it("accepts a sound workflow with no problems", () => {
    const result = validateSpec(sampleSpec());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.spec?.nodes).toHaveLength(12);
  });

  it("accepts a generated 200-node workflow", () => {
    const result = validateSpec(generateSpec(200));
    expect(errorsOf(result.problems)).toEqual([]);
    expect(result.spec!.nodes.length).toBeGreaterThanOrEqual(196);
  });

  it("points schema errors at the node id with the field", () => {
    const s = spec();
    s.nodes[3] = { ...s.nodes[3], prompt: "" };
    s.nodes[5] = { id: "weird", type: "dance" };
    const result = validateSpec(s);
    expect(result.ok).toBe(false);
    expect(result.spec).toBeUndefined();
    const prompt = result.problems.find((p) => p.nodeId === "ask_when");
    expect(prompt).toMatchObject({ code: "schema", severity: "error", path: "nodes.3.prompt" });
    expect(prompt!.message).toMatch(/^Node 'ask_when': prompt: /);
    expect(result.problems.find((p) => p.nodeId === "weird")!.message).toMatch(/type must be one of say, ask/);
  });

  it("names a missing entry, duplicate ids and edges to or from nothing", () => {
    const s = spec();
    s.entry = "start";
    s.nodes.push({ id: "greet", type: "say", text: "Again" });
    s.edges.push({ id: "e2", from: "greet", to: "nowhere" }, { id: "e99", from: "ghost", to: "greet" });
    const { problems } = validateSpec(s);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "missing_entry", message: "The entry node 'start' does not exist." }),
        expect.objectContaining({ code: "duplicate_node_id", nodeId: "greet" }),
        expect.objectContaining({ code: "duplicate_edge_id", edgeId: "e2" }),
        expect.objectContaining({
          code: "edge_to_unknown",
          edgeId: "e2",
          message: "Edge 'e2' goes to 'nowhere', but no node has that id.",
        }),
        expect.objectContaining({ code: "edge_from_unknown", edgeId: "e99" }),
      ])
    );
  });

  it("finds unknown slots with a readable message", () => {
    const s = spec();
    s.nodes[3] = { ...s.nodes[3], slot: "date" };
    const problem = validateSpec(s).problems.find((p) => p.code === "unknown_slot");
    expect(problem).toMatchObject({
      nodeId: "ask_when",
      severity: "error",
      message: "Node 'ask_when' asks for slot 'date' but no slot named 'date' is declared.",
    });
  });

  it("finds dead ends: ask without filled, say without next, action without ok, intent without route", () => {
    const s = spec();
    s.edges = s.edges.filter((e) => !["e6", "e2", "e10", "e5", "e4"].includes(e.id as string));
    const dead = validateSpec(s).problems.filter((p) => p.code === "dead_end");
    expect(dead.map((p) => p.nodeId).sort()).toEqual(["ask_when", "book", "greet", "what"]);
    expect(dead.find((p) => p.nodeId === "what")!.message).toBe("Node 'what' has no edge for intent 'question' and no 'fallback' edge.");
  });

  it("warns (does not fail) on an intent covered by fallback, a missing error edge and unreachable nodes", () => {
    const s = spec();
    s.edges = s.edges.filter((e) => e.id !== "e4" && e.id !== "e1b");
    s.nodes.push({ id: "orphan", type: "end", outcome: "completed" });
    const result = validateSpec(s);
    expect(result.ok).toBe(true);
    expect(codes(result.problems).sort()).toEqual(
      ["intent_without_edge", "no_error_edge", "unreachable", "unreachable", "unreachable"].sort()
    );
    // "answer" and "answered" were only reachable through the removed edge.
    expect(
      result.problems
        .filter((p) => p.code === "unreachable")
        .map((p) => p.nodeId)
        .sort()
    ).toEqual(["answer", "answered", "orphan"]);
  });

  it("finds unknown variables in templates, arguments and conditions", () => {
    const s = spec();
    s.nodes[1] = { id: "greet", type: "say", text: "Hi {{customer.name}} {{slots.colour}} {{vars.nothing.id}}" };
    s.nodes[6] = { ...s.nodes[6], args: { start: "{{slots.whenever}}" } };
    s.edges[8] = {
      ...s.edges[8],
      when: {
        any: [
          { var: "vars.booking.id", op: "exists" },
          { var: "mood", op: "truthy" },
        ],
      },
    };
    const messages = validateSpec(s)
      .problems.filter((p) => p.code === "unknown_variable")
      .map((p) => p.message);
    expect(messages).toEqual([
      "Node 'greet' text uses 'customer.name', but 'customer' is not a known name (use business, contact, caller, slots, vars, appointment, invoice, project, call).",
      "Node 'greet' text uses 'slots.colour', but no slot named 'colour' is declared.",
      "Node 'greet' text uses 'vars.nothing.id', but no action saves its result as 'nothing' (set saveAs on the action).",
      "Node 'book' argument uses 'slots.whenever', but no slot named 'whenever' is declared.",
      "Condition on edge 'e7' uses 'mood', but 'mood' is not a known name (use business, contact, caller, slots, vars, appointment, invoice, project, call).",
    ]);
  });

  it("reports template syntax errors", () => {
    const s = spec();
    s.nodes[1] = { id: "greet", type: "say", text: "Hi {{contact.firstName | shout}}" };
    expect(validateSpec(s).problems).toEqual([expect.objectContaining({ code: "template_syntax", nodeId: "greet" })]);
  });

  it("requires a default edge on a branch", () => {
    const s = spec();
    s.edges = s.edges.filter((e) => e.id !== "e8");
    const problems = validateSpec(s).problems;
    expect(problems).toContainEqual(expect.objectContaining({ code: "branch_without_default", nodeId: "known", severity: "error" }));
  });

  it("finds loops that never wait for the caller, but allows loops through an ask", () => {
    const s = spec();
    s.nodes.push({ id: "a", type: "say", text: "One" }, { id: "b", type: "branch" });
    s.edges.push({ id: "x1", from: "a", to: "b" }, { id: "x2", from: "b", to: "a" }, { id: "x3", from: "greet", to: "a", on: "next" });
    const loop = validateSpec(s).problems.find((p) => p.code === "loop_without_wait");
    expect(loop).toMatchObject({
      nodeId: "a",
      message: "Nodes 'a' -> 'b' form a loop that never waits for the caller; add an ask or intent node to it.",
    });

    // ask_when -> known -> ask_name -> ... -> back to ask_when waits on each turn: fine.
    const t = spec();
    t.edges.push({ id: "back", from: "book", to: "ask_when", on: "taken" });
    expect(codes(validateSpec(t).problems)).not.toContain("loop_without_wait");
  });

  it("checks settings nodes and warns on an outbound workflow without voicemail", () => {
    const s = spec();
    s.direction = "outbound";
    s.settings = { messageNode: "nope" };
    const problems = validateSpec(s).problems;
    expect(problems).toContainEqual(expect.objectContaining({ code: "missing_message_node", severity: "error" }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "no_voicemail_node", severity: "warning" }));
  });

  it("refuses ports a node never takes and edges out of an end node", () => {
    const s = spec();
    s.edges.push({ id: "p1", from: "ask_when", to: "book", on: "maybe" }, { id: "p2", from: "booked", to: "greet" });
    const problems = validateSpec(s).problems;
    expect(problems).toContainEqual(expect.objectContaining({ code: "unknown_port", edgeId: "p1", severity: "error" }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "edge_from_end", edgeId: "p2" }));
  });

  it("groups problems by node for the editor", () => {
    const s = spec();
    s.nodes[3] = { ...s.nodes[3], slot: "date" };
    const byNode = problemsByNode(validateSpec(s).problems);
    expect([...byNode.keys()]).toContain("ask_when");
  });

  it("warns about a slot nothing asks for or reads", () => {
    const s = spec();
    s.slots = [...(s.slots ?? []), { name: "extra", type: "text" }];
    expect(validateSpec(s).problems).toEqual([
      expect.objectContaining({ code: "unused_slot", severity: "warning", message: "Slot 'extra' is declared but no node asks for it or uses it." }),
    ]);
  });

  it("never throws on junk", () => {
    for (const junk of [null, 42, "spec", [], { nodes: "x" }]) expect(validateSpec(junk).ok).toBe(false);
  });
});
