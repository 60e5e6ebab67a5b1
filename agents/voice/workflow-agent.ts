// The LiveKit Agent whose "LLM" is the conversation graph: each caller turn runs one workflow
// turn (agents/runtime) and streams what the workflow says. It never goes quiet: when a turn has
// produced nothing after HOLDING_AFTER_MS it says a short holding line first (a slow provider,
// a long action), and the session-level watchdog (speech-watchdog.ts) covers turns where the
// framework itself never asked us for a reply.
import { ReadableStream } from "node:stream/web";
import { llm, voice } from "@livekit/agents";
import type { VoiceConversation, VoiceTurn } from "./conversation";
import type { TurnLedger } from "./speech-watchdog";

/** How long a caller may wait for the first word of a reply (issue #5: 2 seconds). */
export const HOLDING_AFTER_MS = 2_000;

const HOLDING_LINES = ["One moment, please.", "Just a second while I check that.", "Bear with me a moment."];

export interface WorkflowAgentOptions {
  conversation: VoiceConversation;
  /**
   * Called once the workflow has ended the call: its last words are queued and everything the
   * call produced is stored (conversation.close(), so a transfer briefing reads the transcript).
   */
  onEnded?: (turn: VoiceTurn) => void;
  /** Called once the call has started (its Call row exists). */
  onStarted?: (turn: VoiceTurn) => void;
  /** Called for every turn result (transcript storage happens in the runtime; this is for telemetry). */
  onTurn?: (turn: VoiceTurn, timings: { firstChunkMs: number; heldMs: number | null }) => void;
  holdingAfterMs?: number;
}

/** The text of the newest caller message in the chat context, or "" (silence). */
export function lastCallerText(chatCtx: llm.ChatContext): string {
  for (let i = chatCtx.items.length - 1; i >= 0; i--) {
    const item = chatCtx.items[i] as { type?: string; role?: string; textContent?: string };
    if (item.type === "message" && item.role === "user") return item.textContent ?? "";
    if (item.type === "message" && item.role === "assistant") return "";
  }
  return "";
}

export class WorkflowAgent extends voice.Agent implements TurnLedger {
  inFlight: string | null = null;
  lastAnswered: { utterance: string; reply: string } | null = null;
  private readonly conversation: VoiceConversation;
  private readonly opts: WorkflowAgentOptions;
  private holdingIndex = 0;
  private ended = false;
  private closed: Promise<void> | null = null;

  constructor(opts: WorkflowAgentOptions) {
    // Instructions are unused (no LLM prompt: the workflow decides what is said) but required.
    super({ instructions: "Speak exactly the text the workflow gives you." });
    this.conversation = opts.conversation;
    this.opts = opts;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** The opening of the call: greeting (inbound) or disclosure (outbound). */
  async onEnter(): Promise<void> {
    let first: VoiceTurn;
    try {
      first = await this.conversation.start();
    } catch (err) {
      // The caller must hear something even when the call could not be set up.
      this.conversation.reportError?.(err);
      this.session.say("Sorry, we're having trouble right now. Please call again in a few minutes.", { allowInterruptions: false });
      this.ended = true;
      this.opts.onEnded?.({ callId: "", say: [], ended: true, outcome: null, nodeId: null, actions: [] });
      return;
    }
    this.opts.onStarted?.(first);
    const text = first.say.join(" ").trim();
    if (text) this.session.say(text, { allowInterruptions: true });
    if (first.ended) this.finish(first);
  }

  async llmNode(chatCtx: llm.ChatContext): Promise<ReadableStream<string>> {
    const utterance = lastCallerText(chatCtx);
    const startedAt = performance.now();
    const holdingAfterMs = this.opts.holdingAfterMs ?? HOLDING_AFTER_MS;
    const turn = this.ended ? Promise.resolve(null) : this.conversation.turn(utterance);
    const agent = this;
    this.inFlight = utterance;

    return new ReadableStream<string>({
      async start(controller) {
        let heldAt: number | null = null;
        const timer = setTimeout(() => {
          heldAt = performance.now();
          controller.enqueue(agent.nextHoldingLine() + " ");
        }, holdingAfterMs);
        try {
          const result = await turn;
          clearTimeout(timer);
          const firstChunkMs = performance.now() - startedAt;
          if (result) {
            const text = result.say.join(" ").trim();
            agent.lastAnswered = { utterance, reply: text };
            if (text) controller.enqueue(text);
            agent.opts.onTurn?.(result, { firstChunkMs, heldMs: heldAt === null ? null : heldAt - startedAt });
            if (result.ended) agent.finish(result);
          }
        } catch (err) {
          clearTimeout(timer);
          // A failed turn must still be answered: apologise and let the caller try again.
          controller.enqueue("Sorry, I didn't catch that. Could you say it again?");
          agent.conversation.reportError?.(err);
        } finally {
          if (agent.inFlight === utterance) agent.inFlight = null;
          controller.close();
        }
      },
    });
  }

  private nextHoldingLine(): string {
    const line = HOLDING_LINES[this.holdingIndex % HOLDING_LINES.length]!;
    this.holdingIndex++;
    return line;
  }

  /** The session is closing (hang-up, shutdown): the call's writes land before it is gone. */
  async onExit(): Promise<void> {
    await this.close();
  }

  private close(): Promise<void> {
    this.closed ??= (this.conversation.close?.() ?? Promise.resolve()).catch((err) => this.conversation.reportError?.(err));
    return this.closed;
  }

  private finish(turn: VoiceTurn): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.conversation.close) {
      this.opts.onEnded?.(turn);
      return;
    }
    void this.close().then(() => this.opts.onEnded?.(turn));
  }
}
