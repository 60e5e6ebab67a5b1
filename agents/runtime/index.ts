// The workflow runtime: startCall / takeTurn (see /work contracts: "runtime API").
//
// startCall creates (or takes over) the Call row pinned to the workflow version, compiles the
// version's spec to a LangGraph graph (cached per version) and runs it to its first wait.
// takeTurn resumes the call's thread (thread id = call id) with `Command({ resume })`. The state
// is checkpointed in PostgreSQL (schema "langgraph") at every wait (durability "exit": once per
// turn), so any process, after a restart, continues the call. Each turn's lines and actions are
// stored as CallTurn / CallAction rows; the end sets Call.outcome/status/endedAt.
//
// Live calls (createRuntime({ live: true }), the voice agent: a call lives in one process for its
// whole life): the reply comes first and the persistence right after. The checkpoint is served
// from memory and written through to PostgreSQL (live-checkpointer.ts), and the turn's
// CallTurn/CallAction rows and the end of the call go through the same per-call ordered write
// queue (write-queue.ts), behind the reply. closeCall() (the end of the call) waits for them.
// The default runtime (text test page, simulator, tests) still stores everything before it
// returns, so any process reading PostgreSQL right after a turn sees it.
import { createHash } from "node:crypto";
import { Command, type BaseCheckpointSaver } from "@langchain/langgraph";
import { workflowSpec, type Outcome, type WorkflowSpec } from "../graphs/spec";
import { createUnderstanding } from "../nlu/index";
import type { Understanding } from "../nlu/types";
import { contactContext, loadContactExtras, runBuiltinAction } from "../actions/index";
import { withTenant, type Tx } from "../../server/db";
import { finishCall, openCall, recordTurn, type TurnAction, type TurnLine } from "../../server/calls/calls";
import { findContactByPhone } from "../../server/contacts/search";
import { checkpointer } from "./checkpointer";
import { compileWorkflow, type NodeDeps } from "./compile";
import { installFastLangChainContext } from "./langchain-fast-context";
import { WriteThroughSaver } from "./live-checkpointer";
import { CallWriteQueue, type CallWriteQueueOptions } from "./write-queue";
import type { CallContext, CallStateValue } from "./state";

export type { Outcome };
export { CallWriteError } from "./write-queue";

export interface TurnResult {
  callId: string;
  say: string[];
  nodeId: string | null;
  waiting: boolean;
  ended: boolean;
  outcome: Outcome | null;
  actions: { type: string; ok: boolean; [k: string]: unknown }[];
  slots: Record<string, unknown>;
  /** Spec node ids visited this turn. */
  path: string[];
}

export interface StartCallInput {
  workflowVersionId?: string;
  /** An unpublished spec (simulator, test page on a draft); stored in Call.metadata.spec. */
  spec?: WorkflowSpec;
  /** The workflow a draft spec belongs to (recorded on the Call). */
  workflowId?: string;
  direction: "inbound" | "outbound" | "test";
  callerPhone?: string;
  contactId?: string;
  now?: Date;
  callId?: string;
  simulated?: boolean;
  answeredBy?: "human" | "voicemail";
}

export interface TakeTurnInput {
  callId: string;
  utterance: string;
  confidence?: number;
  silence?: boolean;
  now?: Date;
}

export class CallRuntimeError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "ENDED" | "NO_SPEC",
    message: string,
  ) {
    super(message);
    this.name = "CallRuntimeError";
  }
}

export interface RuntimeOptions {
  understanding?: Understanding;
  /** Default: the process-wide PostgresSaver (agents/runtime/checkpointer.ts). */
  checkpointer?: BaseCheckpointSaver;
  /**
   * Calls live in this process (the voice agent): checkpoints served from memory and written
   * through, turn rows written behind the reply on a per-call ordered queue. `true` or the
   * queue's options. Callers must end each call with closeCall().
   */
  live?: boolean | CallWriteQueueOptions;
}

type Graph = ReturnType<ReturnType<typeof compileWorkflow>["graph"]["compile"]>;

interface CallInfo {
  tenantId: string;
  key: string;
  spec: WorkflowSpec;
  /** The graph ended the call (a live call stays in memory until closeCall()). */
  ended?: boolean;
}

export function specKey(spec: WorkflowSpec): string {
  return "spec:" + createHash("sha1").update(JSON.stringify(spec)).digest("hex");
}

/** Reads a published version's spec (W1's WorkflowVersion table), under the tenant's RLS. */
export async function loadVersionSpec(tx: Tx, versionId: string): Promise<{ workflowId: string | null; spec: WorkflowSpec }> {
  const rows = await tx.$queryRaw<{ workflowId: string | null; spec: unknown }[]>`
    SELECT "workflowId", spec FROM "WorkflowVersion" WHERE id = ${versionId} LIMIT 1`;
  const row = rows[0];
  if (!row) throw new CallRuntimeError("NO_SPEC", `Workflow version ${versionId} not found`);
  return { workflowId: row.workflowId, spec: workflowSpec.parse(row.spec) };
}

async function businessContext(tx: Tx, tenantId: string): Promise<Record<string, unknown>> {
  const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, timezone: true, country: true, industry: true, settings: true } });
  if (!t) throw new CallRuntimeError("NOT_FOUND", "Business not found");
  const s = (t.settings ?? {}) as Record<string, unknown>;
  return {
    id: t.id,
    name: t.name,
    timeZone: t.timezone,
    country: t.country,
    industry: t.industry,
    currency: typeof s.currency === "string" ? s.currency : t.country === "US" ? "USD" : undefined,
    phone: typeof s.phone === "string" ? s.phone : undefined,
    transferNumber: typeof s.transferNumber === "string" && s.transferNumber ? s.transferNumber : undefined,
    recordCalls: s.recordCalls === true,
    assistantName: typeof s.assistantName === "string" ? s.assistantName : undefined,
    qualifyingQuestions: Array.isArray(s.qualifyingQuestions) ? s.qualifyingQuestions.filter((q) => typeof q === "string") : [],
  };
}

export function createRuntime(options: RuntimeOptions = {}) {
  // No LangSmith RunTree / callback-manager bookkeeping per graph step unless tracing is on.
  installFastLangChainContext();
  // The LLM understanding (timeout + circuit breaker, local fallback) when OPENAI_API_KEY is set.
  const understanding = options.understanding ?? createUnderstanding();
  const graphs = new Map<string, Graph>();
  const calls = new Map<string, CallInfo>();
  const liveOptions = options.live ? (options.live === true ? {} : options.live) : null;
  const queue = liveOptions ? new CallWriteQueue(liveOptions) : null;
  let liveSaver: WriteThroughSaver | null = null;
  let saver: Promise<BaseCheckpointSaver> | undefined;

  function savers(): Promise<BaseCheckpointSaver> {
    if (!saver) {
      const ready = (async () => {
        const base = options.checkpointer ?? (await checkpointer());
        if (!queue) return base;
        liveSaver = new WriteThroughSaver(base, queue);
        return liveSaver;
      })();
      // A failed set-up (database down) is tried again by the next call.
      ready.catch(() => {
        if (saver === ready) saver = undefined;
      });
      saver = ready;
    }
    return saver;
  }

  async function graphFor(key: string, spec: WorkflowSpec): Promise<Graph> {
    let g = graphs.get(key);
    if (!g) {
      const cp = await savers();
      g = compileWorkflow(spec).graph.compile({ checkpointer: cp }) as Graph;
      if (graphs.size > 200) graphs.delete(graphs.keys().next().value!);
      graphs.set(key, g);
    }
    return g;
  }

  function remember(callId: string, info: CallInfo) {
    if (calls.size > 5000) calls.delete(calls.keys().next().value!);
    calls.set(callId, info);
  }

  function deps(tenantId: string, callId: string, now: Date): NodeDeps {
    return {
      understanding,
      now: () => now,
      runAction: (req) => runBuiltinAction({ tenantId, callId, now }, req),
    };
  }

  async function run(tenantId: string, callId: string, graph: Graph, input: unknown, now: Date, started: number): Promise<TurnResult> {
    const state = (await graph.invoke(input as never, {
      configurable: { thread_id: callId },
      context: deps(tenantId, callId, now),
      durability: "exit",
      recursionLimit: 500,
    } as never)) as CallStateValue & { __interrupt__?: unknown[] };
    const latencyMs = Math.round(performance.now() - started);
    const at = now;
    const lineBase = state.lineSeq - state.lines.length;
    const lines: TurnLine[] = state.lines.map((l, i) => ({
      seq: lineBase + i,
      role: l.role,
      text: l.text,
      nodeId: l.nodeId,
      at,
      latencyMs: l.role === "agent" ? latencyMs : null,
    }));
    const actionBase = state.actionSeq - state.actions.length;
    const actions: TurnAction[] = state.actions.map((a, i) => ({ seq: actionBase + i, type: a.type, nodeId: a.nodeId, ok: a.ok, input: a.input, result: a.result, at }));
    const persist = () =>
      withTenant({ tenantId }, async (tx) => {
        const ctx = { db: tx, tenantId, actorId: null };
        await recordTurn(ctx, callId, lines, actions);
        if (state.ended) await finishCall(ctx, callId, { outcome: state.outcome, endedAt: now });
      });
    if (queue) {
      // Behind the reply, after this turn's checkpoint (queued by the saver during invoke).
      queue.push(callId, state.ended ? "turn + end of call" : "turn", persist);
    } else {
      await persist();
    }
    if (state.ended) {
      // Live: the call stays held until its owner's closeCall() (its writes are still on their
      // way); further turns are refused meanwhile. The default runtime has stored everything and
      // nobody closes its calls: it closes an ended one itself.
      const info = calls.get(callId);
      if (info) info.ended = true;
      if (!queue) await closeCall(callId);
    }
    const waiting = !state.ended && Array.isArray(state.__interrupt__) && state.__interrupt__.length > 0;
    const path = state.path.filter((p) => !p.startsWith("__")).map((p) => (p.endsWith("__wait") ? p.slice(0, -6) : p));
    return {
      callId,
      say: state.lines.filter((l) => l.role === "agent").map((l) => l.text),
      nodeId: waiting ? state.waitingAt : (path[path.length - 1] ?? null),
      waiting,
      ended: state.ended,
      outcome: state.outcome,
      actions: state.actions.map((a) => ({ ...a.result, type: a.type, ok: a.ok, nodeId: a.nodeId })),
      slots: state.slots,
      path: [...new Set(path)],
    };
  }

  async function startCall(ctx: { tenantId: string }, input: StartCallInput): Promise<TurnResult> {
    const started = performance.now();
    const now = input.now ?? new Date();
    const prepared = await withTenant({ tenantId: ctx.tenantId }, async (tx) => {
      let spec: WorkflowSpec;
      let workflowId: string | null = input.workflowId ?? null;
      if (input.spec) spec = workflowSpec.parse(input.spec);
      else if (input.workflowVersionId) ({ spec, workflowId } = await loadVersionSpec(tx, input.workflowVersionId));
      else throw new CallRuntimeError("NO_SPEC", "startCall needs a workflowVersionId or a spec");
      const business = await businessContext(tx, ctx.tenantId);
      const svc = { db: tx, tenantId: ctx.tenantId, actorId: null, now: () => now };
      let contact: Record<string, unknown> | null = null;
      let extras: Awaited<ReturnType<typeof loadContactExtras>> | null = null;
      if (input.contactId) {
        const c = await tx.contact.findFirst({ where: { id: input.contactId, tenantId: ctx.tenantId } });
        if (c) contact = contactContext(c);
      } else if (input.callerPhone) {
        const c = await findContactByPhone(svc, input.callerPhone);
        if (c) contact = contactContext(c);
      }
      if (contact) extras = await loadContactExtras(svc, String(contact.id));
      const call = await openCall(
        { db: tx, tenantId: ctx.tenantId, actorId: null },
        {
          id: input.callId,
          direction: input.direction,
          simulated: input.simulated ?? input.direction === "test",
          workflowId,
          workflowVersionId: input.workflowVersionId ?? null,
          contactId: (contact?.id as string | undefined) ?? null,
          fromNumber: input.direction === "outbound" ? "" : (input.callerPhone ?? ""),
          toNumber: input.direction === "outbound" ? (input.callerPhone ?? (contact?.phone as string | undefined) ?? "") : "",
          startedAt: now,
          metadata: { answeredBy: input.answeredBy ?? "human", ...(input.spec ? { spec } : {}) },
        },
      );
      const context: CallContext = {
        business,
        contact,
        appointment: extras?.appointment ?? null,
        invoice: extras?.invoice ?? null,
        project: extras?.project ?? null,
        balance: extras?.balance ?? null,
        projects: extras?.projects ?? [],
        caller: { phone: input.callerPhone ?? (contact?.phone as string | undefined) ?? "", known: Boolean(contact) },
        call: { id: call.id, direction: input.direction, answeredBy: input.answeredBy ?? "human", startedAt: now.toISOString() },
      };
      return { spec, call, context };
    });
    const key = input.workflowVersionId && !input.spec ? input.workflowVersionId : specKey(prepared.spec);
    remember(prepared.call.id, { tenantId: ctx.tenantId, key, spec: prepared.spec });
    const graph = await graphFor(key, prepared.spec);
    return run(ctx.tenantId, prepared.call.id, graph, { context: prepared.context }, now, started);
  }

  async function callInfo(tenantId: string, callId: string): Promise<CallInfo> {
    const cached = calls.get(callId);
    if (cached && cached.tenantId === tenantId) {
      if (cached.ended) throw new CallRuntimeError("ENDED", "The call has ended");
      return cached;
    }
    // Live: the Call row may still have writes of this process on their way (the end of it).
    if (queue) await queue.idle(callId);
    const info = await withTenant({ tenantId }, async (tx) => {
      const call = await tx.call.findUnique({ where: { id: callId }, select: { workflowVersionId: true, metadata: true, endedAt: true } });
      if (!call) throw new CallRuntimeError("NOT_FOUND", `Call ${callId} not found`);
      if (call.endedAt) throw new CallRuntimeError("ENDED", "The call has ended");
      const meta = (call.metadata ?? {}) as Record<string, unknown>;
      if (meta.spec) {
        const spec = workflowSpec.parse(meta.spec);
        return { tenantId, key: specKey(spec), spec };
      }
      if (!call.workflowVersionId) throw new CallRuntimeError("NO_SPEC", "The call has no workflow");
      const { spec } = await loadVersionSpec(tx, call.workflowVersionId);
      return { tenantId, key: call.workflowVersionId, spec };
    });
    remember(callId, info);
    return info;
  }

  async function takeTurn(ctx: { tenantId: string }, input: TakeTurnInput): Promise<TurnResult> {
    const started = performance.now();
    const info = await callInfo(ctx.tenantId, input.callId);
    const graph = await graphFor(info.key, info.spec);
    return run(
      ctx.tenantId,
      input.callId,
      graph,
      new Command({ resume: { utterance: input.utterance, confidence: input.confidence, silence: input.silence ?? false } }),
      input.now ?? new Date(),
      started,
    );
  }

  /** The checkpointed state of a call (for inspection: test page, debugging). */
  async function inspect(ctx: { tenantId: string }, callId: string) {
    const info = await callInfo(ctx.tenantId, callId).catch(async (err) => {
      if (err instanceof CallRuntimeError && err.code === "ENDED") {
        const call = await withTenant(ctx, (tx) => tx.call.findUnique({ where: { id: callId }, select: { workflowVersionId: true, metadata: true } }));
        const meta = (call?.metadata ?? {}) as Record<string, unknown>;
        const spec = meta.spec ? workflowSpec.parse(meta.spec) : (await withTenant(ctx, (tx) => loadVersionSpec(tx, call!.workflowVersionId!))).spec;
        return { tenantId: ctx.tenantId, key: meta.spec ? specKey(spec) : call!.workflowVersionId!, spec };
      }
      throw err;
    });
    const graph = await graphFor(info.key, info.spec);
    const snapshot = await graph.getState({ configurable: { thread_id: callId } });
    return snapshot.values as CallStateValue;
  }

  /**
   * Live calls: waits until every write of the call (checkpoints, turn rows, the end) is stored.
   * Rejects with CallWriteError when a write could not be stored even after its retries. A
   * no-op for the default runtime (it stores before it returns).
   */
  async function settle(callId: string): Promise<void> {
    await queue?.settle(callId);
  }

  /**
   * The end of a call in this process (hang-up, transfer, the workflow's end, the job's
   * shutdown): waits for the call's writes, then frees what the call held in memory. A write
   * that still fails is given up with the writes that build on it (later checkpoints); the
   * others (turn rows, the end of the call) are still written. Rejects with CallWriteError
   * listing what was given up (each was reported when it failed).
   */
  async function closeCall(callId: string): Promise<void> {
    try {
      await queue?.finish(callId);
    } finally {
      calls.delete(callId);
      liveSaver?.release(callId);
    }
  }

  return {
    startCall,
    takeTurn,
    inspect,
    settle,
    closeCall,
    /** Whether calls live in this process (see RuntimeOptions.live). */
    live: queue !== null,
    /** Live runtime: writes of the call not stored yet (for tests and diagnostics). */
    pendingWrites: (callId: string) => queue?.pending(callId) ?? 0,
    /** Whether the runtime still holds the call in memory (for tests and diagnostics). */
    holds: (callId: string) => calls.has(callId) || (liveSaver?.holds(callId) ?? false),
    clearCaches: () => {
      graphs.clear();
      calls.clear();
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;

let defaultRuntime: Runtime | undefined;
function runtime(): Runtime {
  defaultRuntime ??= createRuntime();
  return defaultRuntime;
}

let sharedLiveRuntime: Runtime | undefined;
/** The process-wide live runtime (the voice agent's calls; see RuntimeOptions.live). */
export function liveRuntime(): Runtime {
  sharedLiveRuntime ??= createRuntime({ live: true });
  return sharedLiveRuntime;
}

export function startCall(ctx: { tenantId: string }, input: StartCallInput): Promise<TurnResult> {
  return runtime().startCall(ctx, input);
}
export function takeTurn(ctx: { tenantId: string }, input: TakeTurnInput): Promise<TurnResult> {
  return runtime().takeTurn(ctx, input);
}
export function inspectCall(ctx: { tenantId: string }, callId: string) {
  return runtime().inspect(ctx, callId);
}
