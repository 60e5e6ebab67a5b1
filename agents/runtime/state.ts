// The one LangGraph state annotation every compiled workflow uses. It is what the PostgreSQL
// checkpointer stores per call (thread id = call id), so everything here must be plain JSON.
import { Annotation } from "@langchain/langgraph";
import type { Outcome } from "../graphs/spec";

/** A buffer that collects lines during one caller turn; `reset` starts the next turn's. */
export interface BufferUpdate<T> {
  reset?: boolean;
  add?: T[];
}
function buffer<T>() {
  return Annotation<T[], BufferUpdate<T>>({
    reducer: (current, update) => (update.reset ? [] : current).concat(update.add ?? []),
    default: () => [],
  });
}
function merged<T>() {
  return Annotation<Record<string, T>, Record<string, T>>({
    reducer: (current, update) => ({ ...current, ...update }),
    default: () => ({}),
  });
}
function value<T>(initial: () => T) {
  return Annotation<T, T>({ reducer: (_current, update) => update, default: initial });
}

export interface CallContext {
  business?: Record<string, unknown>;
  contact?: Record<string, unknown> | null;
  appointment?: Record<string, unknown> | null;
  invoice?: Record<string, unknown> | null;
  project?: Record<string, unknown> | null;
  caller?: Record<string, unknown>;
  call?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One action the agent ran this turn (also stored as a CallAction row). */
export interface ActionRecord {
  type: string;
  nodeId: string;
  ok: boolean;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
}

/** A line of the conversation produced this turn (stored as CallTurn rows). */
export interface Line {
  role: "agent" | "caller" | "system";
  text: string;
  nodeId: string | null;
}

/** What the caller said, as handed to `Command({ resume })`. */
export interface CallerInput {
  utterance: string;
  confidence?: number;
  silence?: boolean;
}

export const CallState = Annotation.Root({
  /** Slot values by slot name (datetime/money as objects, the rest as plain values). */
  slots: merged<unknown>(),
  /** Action results by `saveAs` name. */
  vars: merged<unknown>(),
  /** business, contact, appointment, invoice, project, caller, call. */
  context: Annotation<CallContext, CallContext>({
    reducer: (current, update) => ({ ...current, ...update }),
    default: () => ({}),
  }),
  /** Failed attempts per waiting node id (reset when the node is entered again). */
  attempts: merged<number>(),
  outcome: value<Outcome | null>(() => null),
  ended: value<boolean>(() => false),
  /** Agent and caller lines of the current turn. */
  lines: buffer<Line>(),
  /** Node ids visited this turn. */
  path: buffer<string>(),
  /** Actions run this turn. */
  actions: buffer<ActionRecord>(),
  /** What the agent said in its last turn ("sorry?" repeats it). */
  lastSaid: value<string[]>(() => []),
  /** The port the last node left through; the router maps it to the next node. */
  port: value<string | null>(() => null),
  /** The node the call is waiting at (null while running or after the end). */
  waitingAt: value<string | null>(() => null),
  /** Caller turns taken so far (maxTurns). */
  turns: value<number>(() => 0),
  /** Rotates template variants and transitional phrases. */
  counter: value<number>(() => 0),
  /** Lines and actions recorded so far in the call: the next CallTurn / CallAction seq. */
  lineSeq: Annotation<number, number>({ reducer: (a, b) => a + b, default: () => 0 }),
  actionSeq: Annotation<number, number>({ reducer: (a, b) => a + b, default: () => 0 }),
  /** The caller's last utterance (answer nodes default to it). */
  lastUtterance: value<string>(() => ""),
  /** A transitional phrase to put before the next thing the agent says. */
  transition: value<string | null>(() => null),
});

export type CallStateValue = typeof CallState.State;
export type CallStateUpdate = typeof CallState.Update;
