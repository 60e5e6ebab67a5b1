// Removes LangChain's per-runnable tracing bookkeeping from the caller turn when nothing traces.
//
// LangGraph runs every node, channel write and router through
// `AsyncLocalStorageProviderSingleton.runWithConfig` (@langchain/core). With no callbacks and
// LangSmith tracing off, that still configures a callback manager (reading half a dozen
// environment variables) and builds a LangSmith `RunTree` with `tracingEnabled: false` (a UUIDv7
// from crypto.getRandomValues, a microsecond date string, project/env lookups) only to carry the
// config in AsyncLocalStorage: ~15% of the graph's CPU per turn. Passing `callbacks: []` does not
// avoid it (measured), and there is no option for it.
//
// Here, when neither LangSmith tracing nor verbose logging is switched on in the environment at
// start-up, a call with no callback handlers, no inherited tracing run tree and no context
// variables (the only inputs through which the stock code could pick up a tracer or hook) stores
// a plain object carrying the same config (`extra[lc:child_config]`) and `tracingEnabled: false`,
// which is what every reader (getRunnableConfig, interrupt(), getTraceableRunTree) looks at.
// Anything else goes to the stock implementation. `LANGCHAIN_FAST_CONTEXT=0` turns this off.
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

const LC_CHILD_KEY = Symbol.for("lc:child_config");
const CONTEXT_VARIABLES_KEY = Symbol.for("lc:context_variables");
const TRACING_ENV = ["LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGSMITH_TRACING", "LANGCHAIN_TRACING", "LANGCHAIN_VERBOSE"];

let installed = false;

function tracingRequested(): boolean {
  return TRACING_ENV.some((name) => {
    const v = process.env[name];
    return v !== undefined && v !== "" && v !== "false";
  });
}

function hasHandlers(callbacks: unknown): boolean {
  if (callbacks === undefined || callbacks === null) return false;
  if (Array.isArray(callbacks)) return callbacks.length > 0;
  const handlers = (callbacks as { handlers?: unknown[] }).handlers;
  return !Array.isArray(handlers) || handlers.length > 0;
}

/** Installs the fast path once per process (no-op when tracing is on or it is disabled). */
export function installFastLangChainContext(): boolean {
  if (installed) return true;
  if (process.env.LANGCHAIN_FAST_CONTEXT === "0" || tracingRequested()) return false;
  const provider = AsyncLocalStorageProviderSingleton as unknown as {
    getInstance(): { getStore(): unknown; run<T>(store: unknown, cb: () => T): T };
    runWithConfig<T>(config: unknown, callback: () => T, avoidCreatingRootRunTree?: boolean): T;
  };
  const stock = provider.runWithConfig.bind(provider);
  provider.runWithConfig = function runWithConfig<T>(config: unknown, callback: () => T, avoidCreatingRootRunTree?: boolean): T {
    const cfg = config as { callbacks?: unknown } | undefined;
    const storage = provider.getInstance();
    const previous = storage.getStore() as Record<string | symbol, unknown> | undefined;
    if (
      avoidCreatingRootRunTree ||
      hasHandlers(cfg?.callbacks) ||
      (previous !== undefined && (previous.tracingEnabled !== false || previous[CONTEXT_VARIABLES_KEY] !== undefined))
    ) {
      return stock(config, callback, avoidCreatingRootRunTree);
    }
    return storage.run({ name: "<runnable_lambda>", tracingEnabled: false, extra: { [LC_CHILD_KEY]: config } }, callback);
  };
  installed = true;
  return true;
}
