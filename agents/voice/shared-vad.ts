// One Silero VAD model per agent process, a light VAD object per call over it.
//
// agents-plugin-silero 1.9's VAD keeps every stream it ever made (`#streams`, for
// updateOptions) and never forgets one: harmless when a process serves one call
// (@livekit/agents' process-per-job mode), a leak of every call's VAD stream, audio frames and,
// through them, its session and JobContext when one process serves many calls
// (AGENT_JOB_MODE=shared). So the process loads the ONNX model once (the inference session, the
// memory that matters) and each call gets its own `silero.VAD` over that session: the call's
// streams live and die with it. Per-stream state (RNN state, buffers) was per call already.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as silero from "@livekit/agents-plugin-silero";

type Session = ConstructorParameters<typeof silero.VAD>[0];
export type SileroOptions = ConstructorParameters<typeof silero.VAD>[1];

/** The plugin's defaults (agents-plugin-silero 1.9 vad.js defaultVADOptions), what VAD.load() uses. */
export const SILERO_DEFAULTS: SileroOptions = {
  minSpeechDuration: 50,
  minSilenceDuration: 550,
  prefixPaddingDuration: 500,
  maxBufferedSpeech: 60_000,
  activationThreshold: 0.5,
  sampleRate: 16_000,
  forceCPU: true,
};

/** The plugin's own session factory (dist/onnx_model.js, not exported): same model file, same ONNX options. */
async function newInferenceSession(forceCPU: boolean): Promise<Session> {
  const dist = dirname(createRequire(import.meta.url).resolve("@livekit/agents-plugin-silero"));
  const mod = (await import(pathToFileURL(join(dist, "onnx_model.js")).href)) as { newInferenceSession?: (forceCPU: boolean) => Promise<Session> };
  if (typeof mod.newInferenceSession !== "function") throw new Error("@livekit/agents-plugin-silero changed: dist/onnx_model.js has no newInferenceSession; check agents/voice/shared-vad.ts");
  return mod.newInferenceSession(forceCPU);
}

export class SharedSileroVad {
  /** Calls served so far (one VAD object each). */
  calls = 0;
  private constructor(
    /** The loaded model, shared by every call of this process. */
    readonly session: Session,
    readonly options: SileroOptions,
  ) {}

  /** Load the model once per process (the agent's prewarm). */
  static async load(opts: Partial<SileroOptions> = {}): Promise<SharedSileroVad> {
    const options = { ...SILERO_DEFAULTS, ...opts };
    return new SharedSileroVad(await newInferenceSession(options.forceCPU), options);
  }

  /** A VAD for one call, over the shared model; dropped with the call (with its streams). */
  forCall(): silero.VAD {
    this.calls++;
    return new silero.VAD(this.session, { ...this.options });
  }
}
