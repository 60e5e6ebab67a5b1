// Shared by the runtime tests: a business with an owner, and a front-desk workflow with one of
// each node type.
import { systemDb } from "../../server/db";
import type { WorkflowSpec, WorkflowSpecInput } from "../graphs/spec";
import { workflowSpec } from "../graphs/spec";

export const NOW = new Date("2026-12-07T15:00:00Z"); // a Monday, 10:00 in New York

export async function business(settings: Record<string, string | boolean> = {}) {
  const s = Math.random().toString(36).slice(2, 10);
  const sys = systemDb();
  const tenant = await sys.tenant.create({ data: { name: `Acme ${s}`, slug: `acme-${s}`, timezone: "America/New_York", settings } });
  const user = await sys.user.create({ data: { email: `owner-${s}@acme.test`, name: "Owner", passwordHash: "x" } });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "owner" } });
  return tenant;
}

export const spec = (input: WorkflowSpecInput): WorkflowSpec => workflowSpec.parse(input);

/** One of each node type: intent -> ask -> branch -> end / action -> answer -> transfer. */
export const FRONT_DESK = spec({
  schemaVersion: 1,
  name: "Front desk",
  direction: "inbound",
  entry: "hello",
  slots: [
    { name: "name", type: "text" },
    { name: "happy", type: "yes_no" },
  ],
  nodes: [
    { id: "hello", type: "say", text: "Thanks for calling {{business.name}}." },
    {
      id: "route",
      type: "intent",
      prompt: "How can I help?",
      reprompt: "Sorry, do you want to leave your name, ask a question or speak to the manager?",
      intents: [
        { name: "name", examples: ["leave my name", "I want to leave my details"] },
        { name: "question", examples: ["I have a question", "what are your opening hours", "where do I park"] },
        { name: "manager", examples: ["I need the manager", "the manager about a complaint"] },
      ],
    },
    { id: "askName", type: "ask", slot: "name", prompt: "What's your name?", reprompt: "Could you tell me your name?" },
    { id: "askHappy", type: "ask", slot: "happy", prompt: "Thanks {{slots.name}}. Are you happy with us?", maxAttempts: 2 },
    { id: "check", type: "branch" },
    { id: "good", type: "end", outcome: "completed", text: "Wonderful, goodbye!" },
    { id: "bad", type: "action", action: "notify_staff", args: { subject: "Unhappy caller", message: "{{slots.name}} is unhappy" }, saveAs: "notified" },
    { id: "sorry", type: "end", outcome: "callback_requested", text: "I'm sorry to hear that. Someone will call you." },
    { id: "kb", type: "answer", noAnswerText: "I don't know that one." },
    { id: "kbDone", type: "end", outcome: "question_answered", text: "Anything else? Goodbye." },
    { id: "mgr", type: "transfer", to: "+12125550199", text: "Putting you through." },
    { id: "gaveUp", type: "end", outcome: "no_response", text: "Let's try another time." },
  ],
  edges: [
    { id: "e1", from: "hello", to: "route" },
    { id: "e2", from: "route", to: "askName", on: "name" },
    { id: "e3", from: "route", to: "kb", on: "question" },
    { id: "e4", from: "route", to: "mgr", on: "manager" },
    { id: "e4b", from: "route", to: "gaveUp", on: "fallback" },
    { id: "e5", from: "askName", to: "askHappy", on: "filled" },
    { id: "e5b", from: "askName", to: "gaveUp", on: "exhausted" },
    { id: "e6", from: "askHappy", to: "check", on: "filled" },
    { id: "e6b", from: "askHappy", to: "gaveUp", on: "exhausted" },
    { id: "e7", from: "check", to: "good", when: { var: "slots.happy", op: "eq", value: true } },
    { id: "e8", from: "check", to: "bad" },
    { id: "e9", from: "bad", to: "sorry", on: "ok" },
    { id: "e9b", from: "bad", to: "sorry", on: "error" },
    { id: "e10", from: "kb", to: "kbDone", on: "answered" },
    { id: "e11", from: "kb", to: "kbDone", on: "no_answer" },
  ],
});
