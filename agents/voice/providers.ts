// Speech providers for a call: Deepgram (telephony model) then OpenAI for speech-to-text,
// ElevenLabs then OpenAI for text-to-speech, each pair behind LiveKit's fallback adapter so a
// failing provider switches to the next one mid-call instead of dropping the call.
// Which providers exist depends on the keys configured; a provider without a key is left out.
import { stt, tts, type VAD } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import * as elevenlabs from "@livekit/agents-plugin-elevenlabs";
import * as openai from "@livekit/agents-plugin-openai";
import { env } from "../../server/env";

/** The voice a business speaks with (Tenant.settings.persona). */
export interface Persona {
  name: string;
  /** ElevenLabs voice id; OpenAI voice name for the fallback. */
  elevenLabsVoiceId?: string;
  openAiVoice?: string;
  language?: string;
}

export const DEFAULT_PERSONA: Persona = { name: "Alex", openAiVoice: "alloy", language: "en" };

/** Told about every provider failure (the fallback adapter has already switched providers). */
export type ProviderErrorListener = (kind: "stt" | "tts", provider: string, error: unknown) => void;

export interface ProviderKeys {
  deepgramApiKey?: string;
  elevenLabsApiKey?: string;
  openAiApiKey?: string;
  /** Base URLs: only tests and self-hosted gateways set these. */
  elevenLabsBaseUrl?: string;
  openAiBaseUrl?: string;
}

/** The keys configured in the environment (validated once by server/env.ts). */
export function providerKeysFromEnv(): ProviderKeys {
  const e = env();
  return {
    deepgramApiKey: e.DEEPGRAM_API_KEY,
    elevenLabsApiKey: e.ELEVENLABS_API_KEY,
    openAiApiKey: e.OPENAI_API_KEY,
    openAiBaseUrl: e.OPENAI_BASE_URL,
  };
}

export class NoSpeechProviderError extends Error {
  constructor(kind: "speech-to-text" | "text-to-speech") {
    super(
      `No ${kind} provider is configured: set ${kind === "speech-to-text" ? "DEEPGRAM_API_KEY or OPENAI_API_KEY" : "ELEVENLABS_API_KEY or OPENAI_API_KEY"} to take real calls.`,
    );
    this.name = "NoSpeechProviderError";
  }
}

/** Text-to-speech: ElevenLabs first, OpenAI second, behind the fallback adapter. */
export function buildTts(
  keys: ProviderKeys,
  persona: Persona = DEFAULT_PERSONA,
  onProviderError: ProviderErrorListener = () => undefined,
): tts.TTS {
  const instances: tts.TTS[] = [];
  if (keys.elevenLabsApiKey) {
    instances.push(
      new elevenlabs.TTS({
        apiKey: keys.elevenLabsApiKey,
        ...(persona.elevenLabsVoiceId ? { voiceId: persona.elevenLabsVoiceId } : {}),
        ...(keys.elevenLabsBaseUrl ? { baseURL: keys.elevenLabsBaseUrl } : {}),
      }),
    );
  }
  if (keys.openAiApiKey) {
    instances.push(
      new openai.TTS({
        apiKey: keys.openAiApiKey,
        voice: (persona.openAiVoice ?? "alloy") as openai.TTSVoices,
        ...(keys.openAiBaseUrl ? { baseURL: keys.openAiBaseUrl } : {}),
      }),
    );
  }
  if (instances.length === 0) throw new NoSpeechProviderError("text-to-speech");
  // Retrying a failed provider costs the caller seconds of silence: switch at once, and look at
  // the failed one again after a minute. (Calls use the streaming path, which honours this; the
  // ElevenLabs plugin's one-shot synthesize() ignores it and retries 3 times, about 4 s.)
  const adapter = new tts.FallbackAdapter({ ttsInstances: instances, maxRetryPerTTS: 0, recoveryDelayMs: 60_000 });
  // The adapter re-emits each provider's failure as an 'error' event; unheard, Node would throw it.
  adapter.on("error", (ev: { label?: string; error?: unknown }) => onProviderError("tts", ev.label ?? "tts", ev.error));
  return adapter;
}

/** Speech-to-text: Deepgram's phone-call model first, OpenAI second (wrapped by the VAD). */
export function buildStt(
  keys: ProviderKeys,
  vad: VAD,
  persona: Persona = DEFAULT_PERSONA,
  onProviderError: ProviderErrorListener = () => undefined,
): stt.STT {
  const instances: stt.STT[] = [];
  if (keys.deepgramApiKey) {
    instances.push(
      new deepgram.STT({
        apiKey: keys.deepgramApiKey,
        model: "nova-2-phonecall",
        language: persona.language ?? "en",
        smartFormat: true,
        punctuate: true,
      }),
    );
  }
  if (keys.openAiApiKey) {
    instances.push(new openai.STT({ apiKey: keys.openAiApiKey, ...(keys.openAiBaseUrl ? { baseURL: keys.openAiBaseUrl } : {}) }));
  }
  if (instances.length === 0) throw new NoSpeechProviderError("speech-to-text");
  const adapter = new stt.FallbackAdapter({ sttInstances: instances, vad, maxRetryPerSTT: 0, attemptTimeoutMs: 5_000 });
  adapter.on("error", (ev: { label?: string; error?: unknown }) => onProviderError("stt", ev.label ?? "stt", ev.error));
  return adapter;
}

/** What a business's voice setup unlocks, for the System status and Phone numbers pages. */
export function speechReadiness(keys: ProviderKeys): { stt: string[]; tts: string[]; ready: boolean } {
  const sttList = [keys.deepgramApiKey && "Deepgram", keys.openAiApiKey && "OpenAI"].filter(Boolean) as string[];
  const ttsList = [keys.elevenLabsApiKey && "ElevenLabs", keys.openAiApiKey && "OpenAI"].filter(Boolean) as string[];
  return { stt: sttList, tts: ttsList, ready: sttList.length > 0 && ttsList.length > 0 };
}
