import { describe, expect, it } from "vitest";
import { workflowSpec, type WorkflowSpec } from "../../../agents/graphs/spec";
import { sampleSpec } from "../../../agents/graphs/test-specs";
import { validateSpec } from "../../../agents/graphs/validate";
import { addEdge, autoLayout, edgeLabel, freshId, moveNodes, needsLayout, newNode, NODE_TYPES, portsOf, removeElements, replaceNode } from "./graph";
import { historyReducer, initHistory, type History } from "./history";

const spec = (): WorkflowSpec => workflowSpec.parse(sampleSpec());

describe("workflow editor graph helpers", () => {
  it("offers the ports each node type routes on", () => {
    const s = spec();
    const port = (id: string) => portsOf(s.nodes.find((n) => n.id === id)!, s.edges);
    expect(port("greet")).toEqual(["next"]);
    expect(port("ask_when")).toEqual(["filled", "exhausted"]);
    expect(port("what")).toEqual(["book", "question", "fallback"]);
    expect(port("book")).toEqual(["ok", "error", "taken"]);
    expect(port("answer")).toEqual(["answered", "no_answer"]);
    expect(port("person")).toEqual(["failed"]);
    expect(port("booked")).toEqual([]);
  });

  it("keeps a port an edge already uses even when the node type does not list it", () => {
    const s = spec();
    const greet = s.nodes.find((n) => n.id === "greet")!;
    expect(portsOf(greet, [...s.edges, { id: "odd", from: "greet", to: "what", on: "custom" }])).toEqual(["next", "custom"]);
  });

  it("lays out every node without overlaps, and the layout keeps the spec valid", () => {
    const s = spec();
    expect(needsLayout(s)).toBe(true);
    const laid = autoLayout(s);
    expect(needsLayout(laid)).toBe(false);
    const boxes = laid.nodes.map((n) => n.position!);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(Math.abs(a.x - b.x) >= 240 || Math.abs(a.y - b.y) >= 84, `${laid.nodes[i]!.id} overlaps ${laid.nodes[j]!.id}`).toBe(true);
      }
    // The entry comes first (top), the ends below it.
    const y = (id: string) => laid.nodes.find((n) => n.id === id)!.position!.y;
    expect(y("lookup")).toBeLessThan(y("booked"));
    expect(validateSpec(laid).ok).toBe(true);
  });

  it("renaming a node carries its edges, the entry and settings along", () => {
    const s = spec();
    const person = s.nodes.find((n) => n.id === "message")!;
    const renamed = replaceNode(s, "message", { ...person, id: "take_message" });
    expect(renamed.settings.messageNode).toBe("take_message");
    expect(renamed.edges.find((e) => e.id === "e14")!.to).toBe("take_message");
    const entry = replaceNode(s, "lookup", { ...s.nodes[0]!, id: "start" });
    expect(entry.entry).toBe("start");
    expect(validateSpec(entry).ok).toBe(true);
  });

  it("connecting a port again replaces its edge, except on branches", () => {
    const s = spec();
    const once = addEdge(s, "greet", "answer", "next");
    expect(once.edges.filter((e) => e.from === "greet")).toHaveLength(1);
    expect(once.edges.find((e) => e.from === "greet")!.to).toBe("answer");
    const branch = addEdge(s, "known", "answer", "next");
    expect(branch.edges.filter((e) => e.from === "known")).toHaveLength(3);
  });

  it("deleting a node deletes its edges; the validator then reports what broke", () => {
    const s = spec();
    const without = removeElements(s, ["ask_name"], []);
    expect(without.edges.some((e) => e.from === "ask_name" || e.to === "ask_name")).toBe(false);
    const result = validateSpec(without);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.nodeId === "known")).toBe(true);
  });

  it("new nodes get unique ids and parse as spec nodes", () => {
    let s = spec();
    for (const type of NODE_TYPES) {
      const node = newNode(s, type, { x: 0, y: 0 });
      expect(s.nodes.some((n) => n.id === node.id)).toBe(false);
      s = { ...s, nodes: [...s.nodes, node] };
    }
    expect(workflowSpec.safeParse(s).success).toBe(true);
    expect(freshId(s, "say")).toBe("say_2");
    expect(freshId(s, "9 lives")).toBe("lives");
  });

  it("labels edges with their port, and branch edges with their condition", () => {
    const s = spec();
    const e = (id: string) => s.edges.find((x) => x.id === id)!;
    expect(edgeLabel(e("e3"), "intent")).toBe("book");
    expect(edgeLabel(e("e2"), "say")).toBe("");
    expect(edgeLabel(e("e7"), "branch")).toBe("contact.id is set");
    expect(edgeLabel(e("e8"), "branch")).toBe("otherwise");
  });

  it("moves nodes to rounded positions", () => {
    const moved = moveNodes(autoLayout(spec()), new Map([["greet", { x: 10.6, y: -3.2 }]]));
    expect(moved.nodes.find((n) => n.id === "greet")!.position).toEqual({ x: 11, y: -3 });
  });
});

describe("editor undo history", () => {
  const edit = (h: History<number>, value: number, coalesce?: string) => historyReducer(h, { type: "edit", value, coalesce });

  it("undoes and redoes edits in order, and a new edit clears redo", () => {
    let h = initHistory(0);
    h = edit(h, 1);
    h = edit(h, 2);
    h = historyReducer(h, { type: "undo" });
    expect(h.present).toBe(1);
    h = historyReducer(h, { type: "redo" });
    expect(h.present).toBe(2);
    h = historyReducer(h, { type: "undo" });
    h = edit(h, 5);
    expect(h.future).toEqual([]);
    expect(historyReducer(h, { type: "redo" }).present).toBe(5);
  });

  it("merges consecutive edits with the same key into one step (typing, dragging)", () => {
    let h = initHistory(0);
    h = edit(h, 1, "node:text");
    h = edit(h, 2, "node:text");
    h = edit(h, 3, "node:text");
    h = edit(h, 4, "other");
    expect(h.past).toEqual([0, 3]);
    h = historyReducer(h, { type: "undo" });
    h = historyReducer(h, { type: "undo" });
    expect(h.present).toBe(0);
    // After an undo the same key starts a new step.
    h = edit(h, 7, "other");
    h = edit(h, 8, "other");
    expect(h.past).toEqual([0]);
  });

  it("ignores edits that change nothing and undo with nothing to undo", () => {
    const h = initHistory(1);
    expect(edit(h, 1)).toBe(h);
    expect(historyReducer(h, { type: "undo" })).toBe(h);
  });
});
