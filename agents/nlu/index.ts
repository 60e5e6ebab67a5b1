// Understanding (NLU) for the workflow runtime: see types.ts for the contract.
import type { CountryCode } from "libphonenumber-js";
import { createLlmUnderstanding, type LlmUnderstandingOptions } from "./llm";
import { createLocalUnderstanding, localUnderstanding } from "./local";
import type { Understanding } from "./types";
import { reportDependency } from "../../server/system/dependency-status";
import { env } from "../../server/env";

export * from "./types";
export { detectGlobal, PHANTOM_CONFIDENCE } from "./global";
export { localUnderstanding, createLocalUnderstanding, createLlmUnderstanding };

/**
 * The LLM understanding (timeout + circuit breaker, local fallback) when an OpenAI key is given
 * or OPENAI_API_KEY is set; otherwise the local one.
 */
export function createUnderstanding(opts?: {
  openAiApiKey?: string;
  baseUrl?: string;
  timeoutMs?: number;
  model?: string;
  defaultRegion?: CountryCode;
  breaker?: LlmUnderstandingOptions["breaker"];
  onFallback?: LlmUnderstandingOptions["onFallback"];
}): Understanding {
  const apiKey = opts?.openAiApiKey ?? env().OPENAI_API_KEY;
  if (!apiKey) return opts?.defaultRegion ? createLocalUnderstanding({ defaultRegion: opts.defaultRegion }) : localUnderstanding;
  return createLlmUnderstanding({
    apiKey,
    baseUrl: opts?.baseUrl ?? env().OPENAI_BASE_URL,
    timeoutMs: opts?.timeoutMs,
    model: opts?.model ?? env().OPENAI_MODEL,
    defaultRegion: opts?.defaultRegion,
    breaker: { onChange: (event) => void reportDependency(event), ...opts?.breaker },
    onFallback: opts?.onFallback,
  });
}
