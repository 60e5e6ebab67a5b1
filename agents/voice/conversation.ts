// The voice layer's view of one call's workflow: start it, feed it caller turns, close it. The
// real one drives agents/runtime's live runtime (LangGraph; the call's checkpoint in memory,
// written through to PostgreSQL; turn rows stored right after each reply, in order); tests may
// pass their own.
import type { WorkflowSpec } from "../graphs/spec";
import { liveRuntime, type Runtime, type TurnResult } from "../runtime/index";

export type VoiceTurn = Pick<TurnResult, "callId" | "say" | "ended" | "outcome" | "nodeId" | "actions">;

export interface VoiceConversation {
  start(): Promise<VoiceTurn>;
  turn(utterance: string): Promise<VoiceTurn>;
  /**
   * The end of the call (the workflow ended, the caller hung up, the job shuts down): resolves
   * once everything the call produced is stored; rejects when a write could not be stored.
   * Idempotent: every caller gets the same promise.
   */
  close?(): Promise<void>;
  reportError?(err: unknown): void;
}

export type AnsweredBy = "human" | "voicemail";

export interface RuntimeConversationInput {
  tenantId: string;
  /** The published version to run; or `spec` for a call that carries its own (briefings, message taker). */
  workflowVersionId: string | null;
  spec?: WorkflowSpec | null;
  direction: "inbound" | "outbound" | "test";
  callerPhone?: string;
  contactId?: string;
  /** Outbound: the Call row created by the dispatcher; inbound: created by startCall. */
  callId?: string;
  /** Outbound: who picked up; may still be being decided (answering-machine detection). */
  answeredBy?: AnsweredBy | Promise<AnsweredBy>;
  onError?: (err: unknown) => void;
  /** Default: the process-wide live runtime (liveRuntime()); the bench compares runtimes. */
  runtime?: Runtime;
}

/** A conversation backed by the workflow runtime: every turn is checkpointed and stored. */
export function runtimeConversation(input: RuntimeConversationInput): VoiceConversation & { readonly callId: string | null; close(): Promise<void> } {
  let callId: string | null = input.callId ?? null;
  // A caller may speak before the opening is ready: their turn waits for the call to exist.
  let started: Promise<unknown> | null = null;
  let closing: Promise<void> | null = null;
  const ctx = { tenantId: input.tenantId };
  const runtime = input.runtime ?? liveRuntime();
  return {
    get callId() {
      return callId;
    },
    start() {
      const starting = (async () => {
        const result = await runtime.startCall(ctx, {
          ...(input.workflowVersionId ? { workflowVersionId: input.workflowVersionId } : { spec: input.spec ?? undefined }),
          direction: input.direction,
          callerPhone: input.callerPhone,
          contactId: input.contactId,
          callId: input.callId,
          answeredBy: await input.answeredBy,
        });
        callId = result.callId;
        return result;
      })();
      started = starting.catch(() => undefined);
      return starting;
    },
    async turn(utterance: string) {
      // An outbound call has its id before it starts: wait for the start in every case.
      if (started) await started;
      if (!callId) throw new Error("The call has not started");
      // An empty utterance is how the framework reports an end of turn with no words: silence.
      return runtime.takeTurn(ctx, { callId, utterance, silence: utterance.trim() === "" });
    },
    close() {
      closing ??= (async () => {
        // A start still running (an outbound call knows its id before it has started): its
        // greeting's rows are queued by the start, so wait for it before closing.
        if (started) await started;
        if (callId) await runtime.closeCall(callId);
      })();
      return closing;
    },
    reportError(err) {
      input.onError?.(err);
    },
  };
}

/**
 * The job's end closes the call too (agents/worker.ts registers this for every call). Normally
 * WorkflowAgent's exit has closed it already (close() is idempotent: this just waits for the same
 * promise), but an agent or session that threw may never get there, and its call would keep
 * its closing writes waiting and its runtime entry held for the life of the process.
 */
export function closeWithJob(job: { addShutdownCallback(callback: () => Promise<void>): void }, conversation: { close(): Promise<void> }, onError: (err: unknown) => void): void {
  job.addShutdownCallback(() => conversation.close().catch(onError));
}
