// "The agent never goes quiet." The most reported failure of voice agents is dead air after a
// caller finishes speaking: a speech handle stuck after an interruption or a tool call, a reply
// that was generated but never played, a turn the framework never handed to the LLM node. This
// watchdog listens to the session: when the caller has finished a turn and no agent speech has
// started within the limit, it says a holding line and recovers the turn — replays the reply the
// workflow already produced, or asks for one when the turn never reached the workflow.
import { voice } from "@livekit/agents";
import { HOLDING_AFTER_MS } from "./workflow-agent";

/** What the watchdog needs from the agent: which caller turns the workflow has answered. */
export interface TurnLedger {
  /** The caller text of the turn in flight, or null. */
  readonly inFlight: string | null;
  /** The last caller text the workflow answered, and what it answered. */
  readonly lastAnswered: { utterance: string; reply: string } | null;
}

/** The slice of AgentSession the watchdog uses (an EventEmitter plus three calls). */
export interface WatchedSession {
  on(event: string, listener: (ev: any) => void): unknown;
  off(event: string, listener: (ev: any) => void): unknown;
  say(text: string, options?: { allowInterruptions?: boolean }): unknown;
  generateReply(options?: { userInput?: string }): unknown;
  interrupt(options?: { force?: boolean }): unknown;
}

export type WatchdogAction =
  | { kind: "replayed"; utterance: string }
  | { kind: "regenerated"; utterance: string }
  | { kind: "held"; utterance: string };

export class SpeechWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private pendingUtterance = "";
  private readonly listeners: [string, (ev: any) => void][] = [];
  readonly actions: WatchdogAction[] = [];

  constructor(
    private readonly session: WatchedSession,
    private readonly ledger: TurnLedger,
    private readonly opts: { limitMs?: number; holdingLine?: string; onRecover?: (a: WatchdogAction) => void } = {},
  ) {
    this.listen(voice.AgentSessionEventTypes.UserInputTranscribed, (ev: { transcript: string; isFinal: boolean }) => {
      if (!ev.isFinal || !ev.transcript.trim()) return;
      this.pendingUtterance = ev.transcript;
      this.arm();
    });
    this.listen(voice.AgentSessionEventTypes.AgentStateChanged, (ev: { newState: string }) => {
      if (ev.newState === "speaking") this.disarm();
    });
    this.listen(voice.AgentSessionEventTypes.UserStateChanged, (ev: { newState: string }) => {
      // The caller speaking again starts a new turn: the old deadline no longer applies.
      if (ev.newState === "speaking") this.disarm();
    });
    this.listen(voice.AgentSessionEventTypes.Close, () => this.stop());
  }

  stop(): void {
    this.disarm();
    for (const [event, fn] of this.listeners) this.session.off(event, fn);
    this.listeners.length = 0;
  }

  private listen(event: string, fn: (ev: any) => void): void {
    this.session.on(event, fn);
    this.listeners.push([event, fn]);
  }

  private arm(): void {
    this.disarm();
    this.timer = setTimeout(() => this.recover(), this.opts.limitMs ?? HOLDING_AFTER_MS);
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private recover(): void {
    this.timer = null;
    const utterance = this.pendingUtterance;
    let action: WatchdogAction;
    if (this.ledger.inFlight !== null) {
      // The workflow is still working on it; the agent's own holding line covers a slow turn,
      // but a stuck speech handle would swallow that line too, so say one here as well.
      this.forceQuiet();
      this.session.say(this.opts.holdingLine ?? "One moment, please.", { allowInterruptions: true });
      action = { kind: "held", utterance };
    } else if (this.ledger.lastAnswered?.utterance === utterance) {
      // Answered but never heard (a speech handle stuck after an interruption): say it again.
      this.forceQuiet();
      this.session.say(this.ledger.lastAnswered.reply, { allowInterruptions: true });
      action = { kind: "replayed", utterance };
    } else {
      // The turn never reached the workflow: hold, then ask for the reply.
      this.forceQuiet();
      this.session.say(this.opts.holdingLine ?? "One moment, please.", { allowInterruptions: true });
      this.session.generateReply({ userInput: utterance });
      action = { kind: "regenerated", utterance };
    }
    this.actions.push(action);
    this.opts.onRecover?.(action);
  }

  /** Clears whatever speech is stuck; a session with nothing to interrupt throws, which is fine. */
  private forceQuiet(): void {
    try {
      const fut = this.session.interrupt({ force: true }) as { await?: Promise<unknown> } | undefined;
      void fut?.await?.catch(() => undefined);
    } catch {
      // Nothing was playing.
    }
  }
}
