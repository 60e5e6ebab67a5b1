// The one place configuration is read and validated. Every external service is optional;
// `capabilities()` tells the UI what each missing one would unlock.
import { existsSync } from "node:fs";
import { z } from "zod";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /**
   * Express "trust proxy": which hops may set X-Forwarded-For/-Proto. Login throttling per IP
   * depends on it: trust only the proxy in front of the app (fly.io: 1), never everything.
   */
  TRUST_PROXY: z.string().default("loopback"),
  /**
   * Signs the small UI cookies (toasts, theme is unsigned). Optional: when unset each process
   * makes a random one, which only means a pending toast is lost across a restart or between
   * machines. Set it (32+ characters) when running several web machines.
   */
  SESSION_SECRET: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.string().min(32, "must be at least 32 characters").optional())
    .optional(),
  /** Public base URL, used in e-mailed links and the Origin check. */
  APP_URL: optionalUrl,
  /** PostgreSQL owner connection. Unset: an embedded PostgreSQL is started under DATA_DIR. */
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().default(5433),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_URL: optionalUrl,
  EMAIL_FROM: z.string().default("Switchboard <no-reply@switchboard.local>"),
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Set to "false" to run only the web server (production runs jobs in their own process). */
  RUN_WORKER: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  /**
   * LiveKit (issue #5): the room server the phone agent and SIP trunks run through. URL, key and
   * secret together turn real calls on; unset, calls stay simulated (see docs/telephony.md).
   */
  LIVEKIT_URL: optionalUrl,
  LIVEKIT_API_KEY: optionalText,
  LIVEKIT_API_SECRET: optionalText,
  /** Default outbound SIP trunk ("ST_..."); a phone number may name its business's own. */
  LIVEKIT_SIP_OUTBOUND_TRUNK_ID: optionalText,
  /** The agent worker's registered name: only explicit dispatches to it start a phone agent. */
  LIVEKIT_AGENT_NAME: z.string().trim().min(1).default("switchboard"),
  /**
   * How the voice agent worker runs calls. "shared": many calls in one process, sharing the
   * loaded modules and one Silero VAD (a few MB per call). "process": @livekit/agents' own mode,
   * a prewarmed child process per call (about 300 MB each). See docs/performance.md.
   */
  AGENT_JOB_MODE: z.enum(["shared", "process"]).default("shared"),
  /** Shared mode: concurrent calls one agent process takes; it also reports itself full when its event loop is busy. */
  AGENT_MAX_CALLS: z.coerce.number().int().min(1).max(500).default(20),
  /** Set to "false" so `npm start` does not start the voice agent worker even with LiveKit configured. */
  RUN_AGENT: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /**
   * OpenAI (optional): LLM understanding of callers (local understanding stays the fallback),
   * call summaries and sentiment, answering-machine detection, and the second speech provider.
   */
  OPENAI_API_KEY: optionalText,
  /** An OpenAI-compatible gateway instead of api.openai.com (self-hosted proxies, tests). */
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_SUMMARY_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  /** Deepgram (optional): the telephony speech-to-text model for real calls. */
  DEEPGRAM_API_KEY: optionalText,
  /** ElevenLabs (optional): natural voices per business persona; OpenAI voices are the fallback. */
  ELEVENLABS_API_KEY: optionalText,
  /** Stripe (optional): payment links on collection calls (otherwise the invoice's own link). */
  STRIPE_SECRET_KEY: optionalText,
  /** Seed the demo business on an empty database ("false" to skip). */
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
let dotenvRead = false;

/** A `.env` file in the working directory fills in what the real environment leaves unset. */
function readDotenv() {
  if (dotenvRead) return;
  dotenvRead = true;
  if (process.env.VITEST || !existsSync(".env")) return;
  process.loadEnvFile(".env");
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env) readDotenv();
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The validated environment, read once. */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** Forget the cached environment (tests and the start script change it). */
export function resetEnvCache() {
  cached = undefined;
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

export interface Capability {
  key: string;
  label: string;
  configured: boolean;
  unlocks: string;
  envVars: string[];
}

/** What each optional service unlocks, for Settings and the System status page. */
export function capabilities(): Capability[] {
  const e = env();
  return [
    {
      key: "smtp",
      label: "E-mail delivery (SMTP)",
      configured: Boolean(e.SMTP_URL),
      unlocks: "Invites, password resets and call summaries are e-mailed instead of waiting in the in-app Outbox.",
      envVars: ["SMTP_URL", "EMAIL_FROM"],
    },
    {
      key: "livekit",
      label: "Phone calls (LiveKit + SIP trunk)",
      configured: Boolean(e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET),
      unlocks:
        "Real phone calls: your numbers answer with the AI receptionist, campaigns dial out, and the Test call page can talk by voice.",
      envVars: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_SIP_OUTBOUND_TRUNK_ID", "LIVEKIT_AGENT_NAME"],
    },
    {
      key: "openai",
      label: "OpenAI",
      configured: Boolean(e.OPENAI_API_KEY),
      unlocks:
        "LLM understanding of callers (the built-in local understanding is the fallback), call summaries and sentiment, answering-machine detection, and backup speech.",
      envVars: ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_SUMMARY_MODEL"],
    },
    {
      key: "deepgram",
      label: "Deepgram (speech-to-text)",
      configured: Boolean(e.DEEPGRAM_API_KEY),
      unlocks: "Deepgram's phone-call speech model on real calls; OpenAI speech-to-text is the fallback.",
      envVars: ["DEEPGRAM_API_KEY"],
    },
    {
      key: "elevenlabs",
      label: "ElevenLabs (voices)",
      configured: Boolean(e.ELEVENLABS_API_KEY),
      unlocks: "Natural voices chosen per business persona; OpenAI voices are the fallback.",
      envVars: ["ELEVENLABS_API_KEY"],
    },
    {
      key: "stripe",
      label: "Stripe (payment links)",
      configured: Boolean(e.STRIPE_SECRET_KEY),
      unlocks: "Stripe payment links on collection calls; otherwise the invoice's own payment link is sent.",
      envVars: ["STRIPE_SECRET_KEY"],
    },
  ];
}
