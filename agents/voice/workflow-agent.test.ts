import { EventEmitter } from "node:events";
import { initializeLogger, llm, voice } from "@livekit/agents";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { VoiceConversation, VoiceTurn } from "./conversation";
import { SpeechWatchdog } from "./speech-watchdog";
import { lastCallerText, WorkflowAgent } from "./workflow-agent";

beforeAll(() => initializeLogger({ pretty: false, level: "silent" }));

/** The graph answers in llmNode; the session still wants an LLM object to exist. */
class NoLLM extends llm.LLM {
  label() {
    return "test.none";
  }
  chat(): llm.LLMStream {
    throw new Error("not used: the workflow answers in llmNode");
  }
}

function turn(say: string[], extra: Partial<VoiceTurn> = {}): VoiceTurn {
  return { callId: "call-1", say, ended: false, outcome: null, nodeId: "n", actions: [], ...extra };
}

/** A scripted conversation: answers each caller line after `delayMs`. */
function scripted(replies: Record<string, VoiceTurn>, opts: { delayMs?: number } = {}) {
  const heard: string[] = [];
  const conversation: VoiceConversation = {
    async start() {
      return turn(["Thanks for calling Bright Smile Dental, how can I help?"]);
    },
    async turn(utterance) {
      heard.push(utterance);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      return replies[utterance] ?? turn(["Sorry, could you say that again?"]);
    },
  };
  return { conversation, heard };
}

const sessions: voice.AgentSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function startSession(agent: WorkflowAgent) {
  const session = new voice.AgentSession({ llm: new NoLLM() });
  sessions.push(session);
  await session.start({ agent });
  return session;
}

function assistantLines(session: voice.AgentSession): string[] {
  return session.chatCtx.items
    .filter((i) => i.type === "message" && (i as llm.ChatMessage).role === "assistant")
    .map((i) => (i as llm.ChatMessage).textContent ?? "");
}

describe("WorkflowAgent", () => {
  it("greets, then answers each caller turn with the workflow's words", async () => {
    const { conversation, heard } = scripted({
      "I'd like to book a cleaning": turn(["Sure. What day suits you?"]),
    });
    const agent = new WorkflowAgent({ conversation });
    const session = await startSession(agent);
    const result = session.run({ userInput: "I'd like to book a cleaning" });
    await result.wait();
    result.expect.nextEvent().isMessage({ role: "assistant" });
    expect(heard).toEqual(["I'd like to book a cleaning"]);
    expect(assistantLines(session)).toEqual([
      "Thanks for calling Bright Smile Dental, how can I help?",
      "Sure. What day suits you?",
    ]);
  });

  it("says a holding line when the workflow takes longer than the limit, then the answer", async () => {
    const { conversation } = scripted({ "where is my invoice": turn(["You owe $240, due on the 3rd."]) }, { delayMs: 300 });
    const timings: (number | null)[] = [];
    const agent = new WorkflowAgent({ conversation, holdingAfterMs: 100, onTurn: (_t, t) => timings.push(t.heldMs) });
    const session = await startSession(agent);
    await session.run({ userInput: "where is my invoice" }).wait();
    const last = assistantLines(session).at(-1)!;
    expect(last).toMatch(/^(One moment, please\.|Just a second while I check that\.|Bear with me a moment\.) You owe \$240/);
    expect(timings[0]).not.toBeNull();
  });

  it("does not hold when the workflow answers in time", async () => {
    const { conversation } = scripted({ yes: turn(["Great, you're confirmed."]) }, { delayMs: 5 });
    const agent = new WorkflowAgent({ conversation, holdingAfterMs: 500 });
    const session = await startSession(agent);
    await session.run({ userInput: "yes" }).wait();
    expect(assistantLines(session).at(-1)).toBe("Great, you're confirmed.");
  });

  it("reports the end of the call once, after the last words", async () => {
    const ended: VoiceTurn[] = [];
    const { conversation } = scripted({
      "that's all": turn(["Thanks for calling, goodbye."], { ended: true, outcome: "completed" }),
    });
    const agent = new WorkflowAgent({ conversation, onEnded: (t) => ended.push(t) });
    const session = await startSession(agent);
    await session.run({ userInput: "that's all" }).wait();
    expect(ended.map((t) => t.outcome)).toEqual(["completed"]);
    expect(agent.hasEnded).toBe(true);
    expect(assistantLines(session).at(-1)).toBe("Thanks for calling, goodbye.");
  });

  it("answers a failed turn with an apology instead of silence", async () => {
    const conversation: VoiceConversation = {
      start: async () => turn(["Hello."]),
      turn: async () => {
        throw new Error("database went away");
      },
    };
    const errors: unknown[] = [];
    conversation.reportError = (e) => errors.push(e);
    const session = await startSession(new WorkflowAgent({ conversation }));
    await session.run({ userInput: "hello?" }).wait();
    expect(assistantLines(session).at(-1)).toMatch(/didn't catch that/);
    expect(errors).toHaveLength(1);
  });

  it("reads the newest caller message and treats an agent line after it as silence", () => {
    const ctx = llm.ChatContext.empty();
    ctx.addMessage({ role: "user", content: "first" });
    ctx.addMessage({ role: "assistant", content: "ok" });
    ctx.addMessage({ role: "user", content: "second" });
    expect(lastCallerText(ctx)).toBe("second");
    ctx.addMessage({ role: "assistant", content: "reply" });
    expect(lastCallerText(ctx)).toBe("");
  });
});

/** A stand-in for the session's event surface, recording what the watchdog asks of it. */
class FakeSession extends EventEmitter {
  said: string[] = [];
  regenerated: string[] = [];
  interrupts = 0;
  say(text: string) {
    this.said.push(text);
  }
  generateReply(o?: { userInput?: string }) {
    this.regenerated.push(o?.userInput ?? "");
  }
  interrupt() {
    this.interrupts++;
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const finalTranscript = (s: FakeSession, text: string) =>
  s.emit(voice.AgentSessionEventTypes.UserInputTranscribed, { transcript: text, isFinal: true });

describe("SpeechWatchdog", () => {
  it("replays an answer that was produced but never spoken (stuck speech handle)", async () => {
    const s = new FakeSession();
    const ledger = { inFlight: null, lastAnswered: { utterance: "cancel it", reply: "Done, it's cancelled." } };
    const dog = new SpeechWatchdog(s, ledger, { limitMs: 30 });
    finalTranscript(s, "cancel it");
    await wait(60);
    expect(s.said).toEqual(["Done, it's cancelled."]);
    expect(s.interrupts).toBe(1);
    expect(dog.actions).toEqual([{ kind: "replayed", utterance: "cancel it" }]);
    dog.stop();
  });

  it("asks for the reply when the turn never reached the workflow", async () => {
    const s = new FakeSession();
    const dog = new SpeechWatchdog(s, { inFlight: null, lastAnswered: null }, { limitMs: 30 });
    finalTranscript(s, "book me in");
    await wait(60);
    expect(s.said).toEqual(["One moment, please."]);
    expect(s.regenerated).toEqual(["book me in"]);
    dog.stop();
  });

  it("holds while the workflow is still working on the turn", async () => {
    const s = new FakeSession();
    const dog = new SpeechWatchdog(s, { inFlight: "what's my balance", lastAnswered: null }, { limitMs: 30 });
    finalTranscript(s, "what's my balance");
    await wait(60);
    expect(s.said).toEqual(["One moment, please."]);
    expect(s.regenerated).toEqual([]);
    dog.stop();
  });

  it("stays quiet when the agent starts speaking in time, or the caller keeps talking", async () => {
    const s = new FakeSession();
    const dog = new SpeechWatchdog(s, { inFlight: null, lastAnswered: null }, { limitMs: 40 });
    finalTranscript(s, "hello");
    s.emit(voice.AgentSessionEventTypes.AgentStateChanged, { oldState: "thinking", newState: "speaking" });
    finalTranscript(s, "are you there");
    s.emit(voice.AgentSessionEventTypes.UserStateChanged, { oldState: "listening", newState: "speaking" });
    await wait(80);
    expect(s.said).toEqual([]);
    expect(dog.actions).toEqual([]);
    dog.stop();
  });
});
