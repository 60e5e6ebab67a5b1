// The voice layer's view of one call's workflow: start it, feed it caller turns. The real one
// drives agents/runtime (LangGraph, checkpointed per call); tests may pass their own.
import type { WorkflowSpec } from "../graphs/spec";
import { startCall, takeTurn, type TurnResult } from "../runtime/index";

export type VoiceTurn = Pick<TurnResult, "callId" | "say" | "ended" | "outcome" | "nodeId" | "actions">;

export interface VoiceConversation {
  start(): Promise<VoiceTurn>;
  turn(utterance: string): Promise<VoiceTurn>;
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
}

/** A conversation backed by the workflow runtime: every turn is checkpointed and stored. */
export function runtimeConversation(input: RuntimeConversationInput): VoiceConversation & { readonly callId: string | null } {
  let callId: string | null = input.callId ?? null;
  // A caller may speak before the opening is ready: their turn waits for the call to exist.
  let started: Promise<unknown> | null = null;
  const ctx = { tenantId: input.tenantId };
  return {
    get callId() {
      return callId;
    },
    start() {
      const starting = (async () => {
        const result = await startCall(ctx, {
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
      if (!callId && started) await started;
      if (!callId) throw new Error("The call has not started");
      // An empty utterance is how the framework reports an end of turn with no words: silence.
      return takeTurn(ctx, { callId, utterance, silence: utterance.trim() === "" });
    },
    reportError(err) {
      input.onError?.(err);
    },
  };
}
