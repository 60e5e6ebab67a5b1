import { describe, expect, it } from "vitest";
import { workflowSpec, type WorkflowSpec } from "./spec";
import { diffSpecs } from "./diff";
import { sampleSpec } from "./test-specs";

const parse = (): WorkflowSpec => workflowSpec.parse(sampleSpec());

describe("diffSpecs", () => {
  it("finds nothing between equal specs, even with keys in another order or nodes moved", () => {
    const a = parse();
    const b = parse();
    b.nodes[0] = { ...b.nodes[0]!, position: { x: 10, y: 20 } };
    b.settings = { maxTurns: b.settings.maxTurns, disclosure: b.settings.disclosure, messageNode: b.settings.messageNode };
    const diff = diffSpecs(a, b);
    expect(diff.same).toBe(true);
    expect(diff.summary).toEqual([]);
    expect(diffSpecs(a, b, { positions: true }).nodes.changed).toEqual([
      { id: "lookup", type: "action", changes: [{ field: "position", before: undefined, after: { x: 10, y: 20 } }] },
    ]);
  });

  it("lists added, removed and changed nodes, edges, slots and settings with readable lines", () => {
    const a = parse();
    const b = parse();
    b.name = "Front desk v2";
    const ask = b.nodes.find((n) => n.id === "ask_when")!;
    Object.assign(ask, { prompt: "What day works?", maxAttempts: 3 });
    b.nodes = b.nodes.filter((n) => n.id !== "answered");
    b.nodes.push({ id: "thanks", type: "say", text: "Thanks!" });
    b.edges = b.edges.filter((e) => e.id !== "e12");
    b.edges.push({ id: "e20", from: "answer", to: "thanks", on: "answered" });
    b.edges.find((e) => e.id === "e2")!.to = "thanks";
    b.slots.push({ name: "email", type: "email" });
    b.slots[1] = { ...b.slots[1]!, description: "Caller's full name" };
    b.settings.maxTurns = 20;

    const diff = diffSpecs(a, b);
    expect(diff.same).toBe(false);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["thanks"]);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["answered"]);
    expect(diff.nodes.changed).toEqual([
      {
        id: "ask_when",
        type: "ask",
        changes: [
          { field: "prompt", before: "When suits you?", after: "What day works?" },
          { field: "maxAttempts", before: 2, after: 3 },
        ],
      },
    ]);
    expect(diff.summary).toEqual([
      'Changed name: "Front desk" -> "Front desk v2"',
      "Added say node 'thanks'",
      "Removed end node 'answered'",
      "Changed node 'ask_when': prompt, maxAttempts",
      "Added edge 'e20' answer -> thanks on answered",
      "Removed edge 'e12' answer -> answered on answered",
      "Changed edge 'e2': to",
      "Added slot 'email' (email)",
      "Changed slot 'name': description",
      "Changed setting maxTurns: 40 -> 20",
    ]);
  });
});
