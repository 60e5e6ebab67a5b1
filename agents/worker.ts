// The LiveKit agent worker: `npm run agent` (the `agent` process group on fly), and started by
// `npm start` when LiveKit is configured. Calls run side by side in this one process
// (AGENT_JOB_MODE=shared, the default, up to AGENT_MAX_CALLS) or, with AGENT_JOB_MODE=process,
// in a child process each as @livekit/agents does by default. One job per call: identify the call, load its
// business, workflow version and caller, then run a voice session whose replies come from the
// conversation graph. agentName is set, so only explicit dispatches (our placement service and
// our SIP dispatch rules) reach this worker.
import { fileURLToPath } from "node:url";
import { cli, defineAgent, llm, voice, WorkerOptions, type JobContext, type JobProcess } from "@livekit/agents";
import * as openai from "@livekit/agents-plugin-openai";
import { env } from "../server/env";
import { logger as rootLogger } from "../server/logger";
import { attachRoom, loadCallSetup, recordProviderFailure } from "./voice/call-setup";
import { closeWithJob, runtimeConversation, type AnsweredBy } from "./voice/conversation";
import { requireLivekit } from "../server/telephony/livekit";
import { hangUp } from "./voice/hang-up";
import { performTransfer, requestedTransfer } from "./voice/handover";
import { identifyCall } from "./voice/identify";
import { installSharedJobPool, SharedJobPool, skipUnusedEotInferenceProcess } from "./voice/job-executor";
import { SharedSileroVad } from "./voice/shared-vad";
import { buildStt, buildTts, providerKeysFromEnv } from "./voice/providers";
import { SpeechWatchdog } from "./voice/speech-watchdog";
import { WorkflowAgent } from "./voice/workflow-agent";

export const AGENT_NAME = process.env.LIVEKIT_AGENT_NAME || "switchboard";

/** The session wants an LLM object; replies come from WorkflowAgent.llmNode, never from here. */
class WorkflowLLM extends llm.LLM {
  label() {
    return "switchboard.workflow";
  }
  chat(): llm.LLMStream {
    throw new Error("Replies come from the conversation graph (WorkflowAgent.llmNode)");
  }
}

const agent = defineAgent({
  prewarm: async (proc: JobProcess) => {
    // Loading the VAD model takes a moment: do it once per process, before calls arrive. In
    // shared mode every call of the process runs over this one model (agents/voice/shared-vad.ts).
    proc.userData.vad = await SharedSileroVad.load();
  },
  entry: async (ctx: JobContext) => {
    await ctx.connect();
    const sipParticipant = ctx.job.metadata?.includes("callId") ? null : await ctx.waitForParticipant();
    const identity = identifyCall(ctx.job.metadata, sipParticipant?.attributes ?? null);
    const setup = await loadCallSetup(identity);
    const log = rootLogger.child({ callId: setup.callId ?? undefined, tenantId: setup.tenantId, room: ctx.room.name });

    const keys = providerKeysFromEnv();
    const onProviderError = (kind: "stt" | "tts", provider: string, error: unknown) => {
      log.warn({ kind, provider, err: error instanceof Error ? error.message : String(error) }, "speech provider failed, switched");
      void recordProviderFailure(provider, error);
    };
    const vad = (ctx.proc.userData.vad as SharedSileroVad).forCall();
    const tts = buildTts(keys, setup.persona, onProviderError);
    const session = new voice.AgentSession({
      vad,
      stt: buildStt(keys, vad, setup.persona, onProviderError),
      tts,
      llm: new WorkflowLLM(),
      // Barge-in: a caller who starts talking stops the agent.
      voiceOptions: { allowInterruptions: true },
      // The caller has gone quiet for this long: the workflow hears it as silence (a reprompt).
      userAwayTimeout: setup.silenceTimeoutSeconds,
    });

    // Outbound: an answering machine takes the workflow's voicemail path. Detection needs an LLM
    // (OpenAI); without one, or when it cannot decide in time, the callee is treated as a person.
    let answered!: (who: AnsweredBy) => void;
    const answeredBy = new Promise<AnsweredBy>((resolve) => (answered = resolve));
    if (setup.direction !== "outbound") answered("human");

    const conversation = runtimeConversation({
      tenantId: setup.tenantId,
      workflowVersionId: setup.workflowVersionId,
      spec: setup.spec,
      direction: setup.direction,
      callerPhone: setup.callerPhone,
      contactId: setup.contactId ?? undefined,
      callId: setup.callId ?? undefined,
      answeredBy,
      onError: (err) => log.error({ err }, "workflow turn failed"),
    });
    // Registered before anything below can throw: a crashed call still gets its closing writes.
    closeWithJob(ctx, conversation, (err) => log.error({ err }, "the call's closing writes failed"));

    const end = async (reason: string) => {
      log.info({ reason }, "hanging up");
      await hangUp(ctx.room.name ?? "");
    };

    const agent = new WorkflowAgent({
      conversation,
      onStarted: (first) => {
        if (ctx.room.name) void attachRoom(setup.tenantId, first.callId, ctx.room.name).catch((err) => log.warn({ err }, "could not link the call to its room"));
      },
      // Let the last words play, then hand over (transfer) or hang up by deleting the room.
      onEnded: (last) => {
        const request = requestedTransfer(last);
        void session.waitForIdle().then(async () => {
          if (!request) return end("workflow ended");
          const result = await performTransfer(requireLivekit(), {
            request,
            callId: last.callId,
            tenantId: setup.tenantId,
            roomName: ctx.room.name ?? "",
            callerIdentity: sipParticipant?.identity ?? null,
            tts,
          });
          if (result.ok) {
            log.info({ mode: result.mode }, "transferred");
            // Cold: the REFER took the caller's leg away. Warm: the person is with the caller now.
            if (result.mode === "cold") await end("transferred");
            else session.shutdown?.({ drain: false });
            return;
          }
          log.warn({ reason: result.reason, message: result.message }, "transfer failed");
          session.say("I'm sorry, I couldn't reach anyone just now. We have your details and will call you back. Goodbye.", { allowInterruptions: false });
          await session.waitForIdle();
          await end("transfer failed");
        }, () => end("workflow ended"));
      },
    });

    session.on(voice.AgentSessionEventTypes.UserStateChanged, (ev) => {
      if (ev.newState === "away" && !agent.hasEnded) session.generateReply({ userInput: "" });
    });

    await session.start({ agent, room: ctx.room });
    if (setup.direction === "outbound") {
      if (keys.openAiApiKey) {
        const amd = new voice.AMD(session, { llm: new openai.LLM({ apiKey: keys.openAiApiKey, model: "gpt-4o-mini" }), suppressCompatibilityWarning: true });
        const undecided = setTimeout(() => answered("human"), 6_000);
        amd
          .execute()
          .then(async (p) => {
            answered(p.isMachine ? "voicemail" : "human");
            // The LiveKit webhook reads this to record the call as reaching voicemail.
            if (p.isMachine) await ctx.room.localParticipant?.setAttributes({ "switchboard.answeredBy": "voicemail" });
          })
          .catch((err) => {
            log.warn({ err: String(err) }, "answering-machine detection failed; treating the callee as a person");
            answered("human");
          })
          .finally(() => clearTimeout(undecided));
      } else {
        answered("human");
      }
    }
    const watchdog = new SpeechWatchdog(session, agent, {
      onRecover: (action) => log.warn({ action }, "no agent speech after the caller's turn: recovered"),
    });

    const maxLength = setTimeout(() => {
      session.say("I'm sorry, I have to end the call here. Thank you for calling, goodbye.", { allowInterruptions: false });
      void session.waitForIdle().then(() => end("maximum call length"));
    }, setup.maxCallSeconds * 1000);
    maxLength.unref();

    ctx.addShutdownCallback(async () => {
      clearTimeout(maxLength);
      watchdog.stop();
    });
  },
});

export default agent;

// On a deploy fly kills the machine kill_timeout (300 s, fly.toml) after SIGTERM. agents-js would
// wait an hour for running calls; stopping the wait at 240 s leaves the calls' closing writes
// (turns, end of call, post-call job) a minute to finish before the kill.
const DRAIN_TIMEOUT_MS = 240_000;

// Run as the entry (`npm run agent`), never when imported (tests, npm start's supervisor).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = fileURLToPath(import.meta.url);
  const { AGENT_JOB_MODE, AGENT_MAX_CALLS } = env();
  // No local end-of-turn model here: do not start agents-js' inference process for it (~350 MB).
  skipUnusedEotInferenceProcess();
  if (AGENT_JOB_MODE === "shared") {
    // Calls run side by side in this process: one prewarmed Silero VAD, the modules loaded once,
    // a few MB per call (docs/performance.md, "Voice agent"). See agents/voice/job-executor.ts.
    const pool = new SharedJobPool({ agent, maxJobs: AGENT_MAX_CALLS });
    await installSharedJobPool(pool);
    cli.runApp(
      new WorkerOptions({
        agent: file,
        agentName: AGENT_NAME,
        requestFunc: pool.requestFunc,
        loadFunc: pool.loadFunc,
        loadThreshold: pool.loadThreshold,
        drainTimeout: DRAIN_TIMEOUT_MS,
      }),
    );
  } else {
    // @livekit/agents' own mode: a prewarmed child process per call (about 300 MB each).
    cli.runApp(new WorkerOptions({ agent: file, agentName: AGENT_NAME, drainTimeout: DRAIN_TIMEOUT_MS }));
  }
}
