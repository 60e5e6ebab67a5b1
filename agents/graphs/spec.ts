// WorkflowSpec: a conversation workflow as versioned JSON (nodes + edges), the contract between
// the editor, the validator, the LangGraph compiler, templates and the simulator.
// Structural rules live here (zod); graph rules (reachability, dead ends, unknown variables,
// loops that never wait) live in validate.ts, which reports every problem with its node id.
import { z } from "zod";

export const SPEC_SCHEMA_VERSION = 1 as const;

/** What a slot holds once the caller has filled it (see agents/nlu for the extracted values). */
export const SLOT_TYPES = [
  "datetime", // a moment or range ("next Tuesday afternoon", "the 3rd at 10")
  "date",
  "time",
  "yes_no",
  "choice", // one of the slot's `choices`
  "number",
  "money", // "a hundred and fifty", "$150.50"
  "email",
  "phone",
  "text", // free text, kept as said
] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

/** How a call ended. Campaign follow-ups and analytics key on these. */
export const OUTCOMES = [
  "confirmed",
  "rescheduled",
  "cancelled",
  "voicemail",
  "wrong_person",
  "promise_to_pay",
  "paid",
  "dispute",
  "callback_requested",
  "lead_captured",
  "appointment_booked",
  "question_answered",
  "status_given",
  "message_taken",
  "transferred",
  "opted_out",
  "no_response",
  "completed", // a conversation that ended normally with none of the above
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Every outcome a call can carry: a workflow's end node sets one of OUTCOMES; a call that ended
 * before reaching an end node (the caller hung up mid-conversation, the agent stopped) is marked
 * "ended_early" by its post-call work (server/post-call/post-call.ts), so it can be found and
 * called back rather than showing no outcome. Not offered to end nodes.
 */
export const CALL_OUTCOMES = [...OUTCOMES, "ended_early"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Built-in tools an `action` node can run; each is implemented on the real services. */
export const ACTIONS = [
  "lookup_caller", // contact by phone; fills contact, nextAppointment, balance, projects
  "find_slots", // args: service?, staff?, after? (slot/datetime), count? -> vars[saveAs] = slots
  "book_appointment", // args: slot (a chosen slot) or start, service?, staff?
  "reschedule_appointment", // args: appointment?, slot|start
  "cancel_appointment", // args: appointment?
  "confirm_appointment", // args: appointment?
  "invoice_balance", // args: invoice? -> amount due, due date, currency
  "record_promise", // args: amount, date, invoice?
  "send_payment_link", // args: invoice?, channel? ("email"|"sms")
  "record_dispute", // args: reason, invoice?
  "project_status", // args: project? -> name, status, update, due date
  "search_knowledge", // args: question -> passages
  "create_lead", // args: answers (slot names), source? -> score, priority
  "flag_urgent", // args: reason -> notifies staff at once (e-mail)
  "notify_staff", // args: subject, message
  "add_to_dnc", // the caller's number goes on the business's do-not-call list
  "transfer", // same as a transfer node, callable mid-flow
  "take_message", // args: message (slot), callbackNumber?
] as const;
export type ActionName = (typeof ACTIONS)[number];

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "Ids start with a letter and use letters, digits, _ and -");

/**
 * A text the agent says, with `{{ path | filter }}` placeholders over the call context:
 * business.*, contact.*, caller.*, slots.*, vars.* (action results), appointment.*,
 * invoice.*, project.*, call.*. Filters: time, date, datetime, day, money, upper, lower,
 * default("x"). An array gives variants the runtime rotates through so the agent does not
 * repeat itself word for word.
 */
export const templateText = z.union([z.string().min(1).max(2000), z.array(z.string().min(1).max(2000)).min(1).max(10)]);
export type TemplateText = z.infer<typeof templateText>;

/** A condition over the call context, used on `branch` edges and node guards. */
export type Condition =
  | { var: string; op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "in" | "contains"; value: unknown }
  | { var: string; op: "exists" | "missing" | "truthy" | "falsy" }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
// Built once; only the recursive positions are lazy. (A z.lazy around the whole union would
// rebuild every schema object on each parse: most of the time validating a large spec.)
const nested: z.ZodType<Condition> = z.lazy(() => condition);
export const condition: z.ZodType<Condition> = z.union([
  z
    .object({
      var: z.string().min(1),
      op: z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains"]),
      value: z.unknown(),
    })
    .strict(),
  z.object({ var: z.string().min(1), op: z.enum(["exists", "missing", "truthy", "falsy"]) }).strict(),
  z.object({ all: z.array(nested).min(1) }).strict(),
  z.object({ any: z.array(nested).min(1) }).strict(),
  z.object({ not: nested }).strict(),
]) as z.ZodType<Condition>;

export const slotDef = z
  .object({
    name: id,
    type: z.enum(SLOT_TYPES),
    description: z.string().max(500).optional(),
    /** For `choice`: the options, each with optional synonyms the caller may say. */
    choices: z.array(z.object({ value: z.string().min(1), synonyms: z.array(z.string()).default([]) })).optional(),
  })
  .strict();
export type SlotDef = z.infer<typeof slotDef>;

const position = z.object({ x: z.number(), y: z.number() }).strict();
const nodeBase = {
  id,
  label: z.string().max(120).optional(),
  position: position.optional(),
};

/** Says something, then follows its `next` edge. Does not wait for the caller. */
export const sayNode = z.object({ ...nodeBase, type: z.literal("say"), text: templateText }).strict();

/** Asks for one slot and waits. Edges: `filled`, `exhausted` (attempts ran out). */
export const askNode = z
  .object({
    ...nodeBase,
    type: z.literal("ask"),
    slot: id,
    prompt: templateText,
    reprompt: templateText.optional(),
    maxAttempts: z.number().int().min(1).max(5).default(2),
    /** Say this back once filled, e.g. "So that's {{slots.when | datetime}}." */
    confirmText: templateText.optional(),
  })
  .strict();

export const intentDef = z
  .object({
    name: id,
    description: z.string().max(300).optional(),
    examples: z.array(z.string().min(1).max(200)).min(1).max(50),
  })
  .strict();

/** Waits for the caller and routes on what they want. Edges: one per intent name, `fallback`. */
export const intentNode = z
  .object({
    ...nodeBase,
    type: z.literal("intent"),
    prompt: templateText.optional(),
    reprompt: templateText.optional(),
    maxAttempts: z.number().int().min(1).max(5).default(2),
    intents: z.array(intentDef).min(1).max(30),
  })
  .strict();

/** Routes on conditions: edges with `when` are tried in order; the edge without `when` is the default. */
export const branchNode = z.object({ ...nodeBase, type: z.literal("branch") }).strict();

/** Runs a built-in tool. Edges: `ok`, `error`, and action-specific ones (`none`, `not_found`, `taken`). */
export const actionNode = z
  .object({
    ...nodeBase,
    type: z.literal("action"),
    action: z.enum(ACTIONS),
    /** Argument values: literals, or templates such as "{{slots.when}}". */
    args: z.record(z.string(), z.unknown()).default({}),
    /** The action's result is stored at vars.<saveAs>. */
    saveAs: id.optional(),
  })
  .strict();

/** Answers from the knowledge base, grounded in passages. Edges: `answered`, `no_answer`. */
export const answerNode = z
  .object({
    ...nodeBase,
    type: z.literal("answer"),
    /** The question; default: the caller's last utterance. */
    question: z.string().max(500).optional(),
    noAnswerText: templateText.optional(),
  })
  .strict();

/** Hands the caller to a person. Edge: `failed` (no number configured, or the transfer failed). */
export const transferNode = z
  .object({
    ...nodeBase,
    type: z.literal("transfer"),
    mode: z.enum(["cold", "warm"]).default("cold"),
    /** Number to transfer to; default: the business's transfer number. */
    to: z.string().optional(),
    text: templateText.optional(),
  })
  .strict();

/** Ends the call with an outcome. No outgoing edges. */
export const endNode = z
  .object({ ...nodeBase, type: z.literal("end"), outcome: z.enum(OUTCOMES), text: templateText.optional() })
  .strict();

export const workflowNode = z.discriminatedUnion("type", [
  sayNode,
  askNode,
  intentNode,
  branchNode,
  actionNode,
  answerNode,
  transferNode,
  endNode,
]);
export type WorkflowNode = z.infer<typeof workflowNode>;
export type NodeType = WorkflowNode["type"];
export type NodeOf<T extends NodeType> = Extract<WorkflowNode, { type: T }>;

/**
 * A directed edge. `on` names the port it leaves from: `next` (say), `filled`/`exhausted` (ask),
 * an intent name or `fallback` (intent), `ok`/`error`/... (action), `answered`/`no_answer`
 * (answer), `failed` (transfer). Branch edges use `when` (tried in order) and one default without.
 */
export const workflowEdge = z
  .object({
    id,
    from: id,
    to: id,
    on: z.string().min(1).max(64).default("next"),
    when: condition.optional(),
    label: z.string().max(120).optional(),
  })
  .strict();
export type WorkflowEdge = z.infer<typeof workflowEdge>;

export const workflowSpec = z
  .object({
    schemaVersion: z.literal(SPEC_SCHEMA_VERSION),
    name: z.string().min(1).max(120),
    description: z.string().max(2000).default(""),
    direction: z.enum(["inbound", "outbound"]),
    /** Where every call starts. */
    entry: id,
    slots: z.array(slotDef).max(100).default([]),
    nodes: z.array(workflowNode).min(1).max(500),
    edges: z.array(workflowEdge).max(2000).default([]),
    settings: z
      .object({
        /** Outbound: where the call goes when an answering machine picks up. */
        voicemailNode: id.optional(),
        /** Where "a real person, please" goes when the business has no transfer number. */
        messageNode: id.optional(),
        /** Outbound opening disclosure (who, on whose behalf, automated, recorded). Default on. */
        disclosure: z.boolean().default(true),
        /** Hard cap on caller turns before the call wraps up politely. */
        maxTurns: z.number().int().min(1).max(200).default(40),
      })
      .strict()
      .default({}),
  })
  .strict();
export type WorkflowSpec = z.infer<typeof workflowSpec>;
export type WorkflowSpecInput = z.input<typeof workflowSpec>;

/**
 * A scenario test a workflow author keeps with the workflow: scripted caller turns and what must
 * happen. Also the body of a `call:sim` scenario file (plus `workflow`, `tenant`, ...).
 */
export const scenarioSetup = z
  .object({
    contact: z.record(z.string(), z.unknown()).optional(),
    appointments: z
      .array(z.object({ startsIn: z.string(), service: z.string().optional(), staff: z.string().optional() }).passthrough())
      .default([]),
    invoices: z
      .array(
        z
          .object({
            number: z.string(),
            amountDue: z.string(),
            currency: z.string().default("USD"),
            dueDaysAgo: z.number().int().default(0),
          })
          .passthrough(),
      )
      .default([]),
    projects: z
      .array(z.object({ name: z.string(), status: z.string().optional(), update: z.string().optional() }).passthrough())
      .default([]),
    knowledge: z.array(z.object({ title: z.string(), body: z.string() })).default([]),
  })
  .strict()
  .default({});

export const scenarioExpectation = z
  .object({
    outcome: z.enum(OUTCOMES).optional(),
    /** Each listed action must have happened (partial match on its details). */
    actions: z.array(z.object({ type: z.string() }).passthrough()).default([]),
    /** Substrings (case-insensitive) that some agent line must contain. */
    says: z.array(z.string()).default([]),
    /** Substrings no agent line may contain (e.g. health details on a voicemail). */
    neverSays: z.array(z.string()).default([]),
    ended: z.boolean().optional(),
  })
  .strict();

export const workflowScenario = z
  .object({
    name: z.string().min(1).max(200),
    direction: z.enum(["inbound", "outbound"]).optional(),
    /** Caller number; a known contact when setup.contact is given. */
    caller: z.string().optional(),
    now: z.string().datetime({ offset: true }).optional(),
    /** Outbound only: "human" (default) or "voicemail" (answering machine picks up). */
    answeredBy: z.enum(["human", "voicemail"]).default("human"),
    setup: scenarioSetup,
    turns: z.array(z.string()).max(100),
    expect: scenarioExpectation,
  })
  .strict();
export type WorkflowScenario = z.infer<typeof workflowScenario>;
