// Specs for tests and benchmarks: a small valid receptionist-like flow, and a generated large one
// (W3's compile bench can use `generateSpec` too).
import type { WorkflowSpecInput } from "./spec";

/** A small valid inbound workflow touching every node type. */
export function sampleSpec(): WorkflowSpecInput {
  return {
    schemaVersion: 1,
    name: "Front desk",
    direction: "inbound",
    entry: "lookup",
    slots: [
      { name: "when", type: "datetime" },
      { name: "name", type: "text" },
    ],
    nodes: [
      { id: "lookup", type: "action", action: "lookup_caller", saveAs: "caller_info" },
      {
        id: "greet",
        type: "say",
        text: ['Hi {{contact.firstName | default("there")}}, this is {{business.name}}.', "Hello, {{business.name}} here."],
      },
      {
        id: "what",
        type: "intent",
        prompt: "How can I help?",
        intents: [
          { name: "book", examples: ["book an appointment", "I need a cleaning"] },
          { name: "question", examples: ["what are your hours"] },
        ],
      },
      { id: "ask_when", type: "ask", slot: "when", prompt: "When suits you?", confirmText: "So {{slots.when | datetime}}." },
      { id: "known", type: "branch" },
      { id: "ask_name", type: "ask", slot: "name", prompt: "May I have your name?" },
      { id: "book", type: "action", action: "book_appointment", args: { start: "{{slots.when}}" }, saveAs: "booking" },
      { id: "answer", type: "answer" },
      { id: "person", type: "transfer" },
      { id: "message", type: "end", outcome: "message_taken", text: "I'll pass on your message." },
      { id: "booked", type: "end", outcome: "appointment_booked", text: "You're booked for {{vars.booking.start | datetime}}." },
      { id: "answered", type: "end", outcome: "question_answered" },
    ],
    edges: [
      { id: "e1", from: "lookup", to: "greet", on: "ok" },
      { id: "e1b", from: "lookup", to: "greet", on: "error" },
      { id: "e2", from: "greet", to: "what" },
      { id: "e3", from: "what", to: "ask_when", on: "book" },
      { id: "e4", from: "what", to: "answer", on: "question" },
      { id: "e5", from: "what", to: "person", on: "fallback" },
      { id: "e6", from: "ask_when", to: "known", on: "filled" },
      { id: "e6b", from: "ask_when", to: "person", on: "exhausted" },
      { id: "e7", from: "known", to: "book", when: { var: "contact.id", op: "exists" } },
      { id: "e8", from: "known", to: "ask_name" },
      { id: "e9", from: "ask_name", to: "book", on: "filled" },
      { id: "e9b", from: "ask_name", to: "person", on: "exhausted" },
      { id: "e10", from: "book", to: "booked", on: "ok" },
      { id: "e11", from: "book", to: "person", on: "error" },
      { id: "e12", from: "answer", to: "answered", on: "answered" },
      { id: "e13", from: "answer", to: "person", on: "no_answer" },
      { id: "e14", from: "person", to: "message", on: "failed" },
    ],
    settings: { messageNode: "message" },
  };
}

/**
 * A valid workflow of about `size` nodes: a chain of question blocks (intent -> ask -> branch
 * -> action -> say), each block looping back to its intent on a fallback, with templates and
 * conditions everywhere, so every rule has work to do.
 */
export function generateSpec(size: number): WorkflowSpecInput {
  const blocks = Math.max(1, Math.floor((size - 1) / 5));
  const slots: NonNullable<WorkflowSpecInput["slots"]> = [];
  const nodes: WorkflowSpecInput["nodes"] = [];
  const edges: NonNullable<WorkflowSpecInput["edges"]> = [];
  const edge = (from: string, to: string, on?: string, when?: unknown) =>
    edges.push({ id: `e${edges.length}`, from, to, ...(on ? { on } : {}), ...(when ? { when: when as never } : {}) });
  for (let b = 0; b < blocks; b++) {
    const slot = `s${b}`;
    slots.push({ name: slot, type: b % 3 === 0 ? "datetime" : b % 3 === 1 ? "yes_no" : "text" });
    nodes.push(
      {
        id: `intent${b}`,
        type: "intent",
        prompt: [`Step ${b}: what next, {{contact.firstName | default("friend")}}?`, `Block ${b}, {{business.name}}.`],
        intents: [
          { name: "go", examples: ["continue", "yes go on"] },
          { name: "skip", examples: ["skip this", "next one"] },
        ],
      },
      { id: `ask${b}`, type: "ask", slot, prompt: `Tell me about ${slot}, {{caller.phone}}.`, confirmText: `Noted {{slots.${slot}}}.` },
      { id: `branch${b}`, type: "branch" },
      {
        id: `act${b}`,
        type: "action",
        action: "notify_staff",
        args: { subject: `Block ${b}`, message: `{{slots.${slot}}} from {{contact.firstName}}` },
        saveAs: `r${b}`,
      },
      { id: `say${b}`, type: "say", text: `Thanks, {{vars.r${b}.id | default("ok")}} on {{call.startedAt | date}}.` }
    );
    const next = b + 1 < blocks ? `intent${b + 1}` : "done";
    edge(`intent${b}`, `ask${b}`, "go");
    edge(`intent${b}`, `say${b}`, "skip");
    edge(`intent${b}`, `intent${b}`, "fallback");
    edge(`ask${b}`, `branch${b}`, "filled");
    edge(`ask${b}`, next, "exhausted");
    edge(`branch${b}`, `act${b}`, undefined, {
      all: [{ var: `slots.${slot}`, op: "exists" }, { not: { var: "contact.id", op: "missing" } }],
    });
    edge(`branch${b}`, `say${b}`);
    edge(`act${b}`, `say${b}`, "ok");
    edge(`act${b}`, `say${b}`, "error");
    edge(`say${b}`, next);
  }
  nodes.push({ id: "done", type: "end", outcome: "completed", text: "Goodbye from {{business.name}}." });
  return { schemaVersion: 1, name: `Generated ${size}`, direction: "inbound", entry: "intent0", slots, nodes, edges };
}
