// What the System status page shows: each external dependency, whether it is configured, what
// it unlocks, and its breaker's last state and error. Breakers and fallback adapters report
// here from any process (web, jobs, agent worker); the table is the meeting point.
import { systemDb } from "../db";
import { capabilities } from "../env";
import { logger } from "../logger";
import { describeError, type BreakerEvent } from "./circuit-breaker";

export interface DependencyInfo {
  name: string;
  title: string;
  configured: boolean;
  unlocks: string;
}

/** Each breaker name, the capability (server/env.ts) it belongs to, and its title. */
const DEPENDENCIES: { name: string; capability: string; title: string }[] = [
  { name: "livekit", capability: "livekit", title: "LiveKit (telephony)" },
  { name: "openai.llm", capability: "openai", title: "OpenAI (understanding and summaries)" },
  { name: "deepgram.stt", capability: "deepgram", title: "Deepgram (speech-to-text)" },
  { name: "elevenlabs.tts", capability: "elevenlabs", title: "ElevenLabs (voices)" },
  { name: "openai.speech", capability: "openai", title: "OpenAI (backup speech)" },
  { name: "smtp", capability: "smtp", title: "SMTP (e-mail)" },
  { name: "stripe", capability: "stripe", title: "Stripe (payment links)" },
];

/** Every optional external service, whether it is configured, and what it unlocks. */
export function knownDependencies(): DependencyInfo[] {
  const caps = new Map(capabilities().map((c) => [c.key, c]));
  return DEPENDENCIES.map((d) => {
    const cap = caps.get(d.capability);
    return { name: d.name, title: d.title, configured: cap?.configured ?? false, unlocks: cap?.unlocks ?? "" };
  });
}

/** Records a breaker's state change. Never throws: status reporting must not break a call. */
export async function reportDependency(event: BreakerEvent, at = new Date()): Promise<void> {
  const failing = event.state !== "closed";
  try {
    await systemDb().$executeRaw`
      INSERT INTO "DependencyStatus" ("name", "state", "failures", "lastError", "lastErrorAt", "lastOkAt", "retryAt", "updatedAt")
      VALUES (${event.name}, ${event.state}, ${event.failures}, ${event.lastError},
              ${failing ? at : null}, ${failing ? null : at}, ${event.retryAt ? new Date(event.retryAt) : null}, ${at})
      ON CONFLICT ("name") DO UPDATE SET
        "state" = EXCLUDED."state",
        "failures" = EXCLUDED."failures",
        "lastError" = COALESCE(EXCLUDED."lastError", "DependencyStatus"."lastError"),
        "lastErrorAt" = COALESCE(EXCLUDED."lastErrorAt", "DependencyStatus"."lastErrorAt"),
        "lastOkAt" = COALESCE(EXCLUDED."lastOkAt", "DependencyStatus"."lastOkAt"),
        "retryAt" = EXCLUDED."retryAt",
        "updatedAt" = EXCLUDED."updatedAt"`;
  } catch (err) {
    logger.warn({ err: describeError(err), dependency: event.name }, "could not record dependency status");
  }
}

/** The status name of a LiveKit plugin label ("elevenlabs.TTS" -> "elevenlabs.tts", "openai.STT" -> "openai.speech"). */
export function dependencyNameOfProvider(label: string): string {
  const lower = label.toLowerCase();
  if (lower.startsWith("openai.")) return "openai.speech";
  return lower;
}

/** A single failure that a fallback absorbed (e.g. a speech provider switched mid-call). */
export function reportDependencyFailure(name: string, err: unknown, at = new Date()): Promise<void> {
  return reportDependency({ name, state: "open", failures: 1, lastError: describeError(err), retryAt: null }, at);
}

export interface DependencyRow extends DependencyInfo {
  state: "closed" | "open" | "half_open" | "unknown";
  failures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastOkAt: Date | null;
  retryAt: Date | null;
}

/** The System status page's rows: every known dependency, plus any other that has reported. */
export async function dependencyStatus(): Promise<DependencyRow[]> {
  const rows = await systemDb().dependencyStatus.findMany();
  const byName = new Map(rows.map((r) => [r.name, r]));
  const known = knownDependencies();
  const out: DependencyRow[] = known.map((d) => {
    const r = byName.get(d.name);
    return {
      ...d,
      state: r ? (r.state as DependencyRow["state"]) : "unknown",
      failures: r?.failures ?? 0,
      lastError: r?.lastError ?? null,
      lastErrorAt: r?.lastErrorAt ?? null,
      lastOkAt: r?.lastOkAt ?? null,
      retryAt: r?.retryAt ?? null,
    };
  });
  for (const r of rows) {
    if (known.some((d) => d.name === r.name)) continue;
    out.push({ name: r.name, title: r.name, configured: true, unlocks: "", state: r.state as DependencyRow["state"], failures: r.failures, lastError: r.lastError, lastErrorAt: r.lastErrorAt, lastOkAt: r.lastOkAt, retryAt: r.retryAt });
  }
  return out;
}
