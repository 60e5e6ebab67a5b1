// A circuit breaker for an external dependency (OpenAI, a speech provider, LiveKit, SMTP...).
// After `failureThreshold` consecutive failures it opens: calls fail fast (the caller uses its
// fallback at once instead of waiting for a timeout on every turn) until a back-off delay has
// passed, which doubles on each failed probe up to `maxBackoffMs`. Then one call is let through
// (half-open); success closes the breaker, failure opens it again for longer.
// State changes are reported (dependency-status.ts records them for the System status page).

export type BreakerState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  failureThreshold?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  onChange?: (event: BreakerEvent) => void;
}

export interface BreakerEvent {
  name: string;
  state: BreakerState;
  failures: number;
  lastError: string | null;
  retryAt: number | null;
}

export class CircuitOpenError extends Error {
  constructor(
    readonly dependency: string,
    readonly retryAt: number,
  ) {
    super(`${dependency} is unavailable (circuit open) until ${new Date(retryAt).toISOString()}`);
    this.name = "CircuitOpenError";
  }
}

export class CircuitBreaker {
  private _state: BreakerState = "closed";
  private failures = 0;
  private openings = 0;
  private retryAt = 0;
  private probing = false;
  private lastError: string | null = null;
  private readonly threshold: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly opts: BreakerOptions = {},
  ) {
    this.threshold = opts.failureThreshold ?? 3;
    this.baseBackoffMs = opts.baseBackoffMs ?? 5_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this._state === "open" && this.now() >= this.retryAt) return "half_open";
    return this._state;
  }

  /** Whether a call may go to the dependency now (false: use the fallback). */
  canAttempt(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "half_open" && !this.probing) return true;
    return false;
  }

  /** Runs `fn` through the breaker; throws CircuitOpenError without calling it while open. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.canAttempt()) throw new CircuitOpenError(this.name, this.retryAt);
    const probe = this.state === "half_open";
    if (probe) this.probing = true;
    try {
      const result = await fn();
      this.recordSuccess();
      return result;
    } catch (err) {
      this.recordFailure(err);
      throw err;
    } finally {
      if (probe) this.probing = false;
    }
  }

  recordSuccess(): void {
    const changed = this._state !== "closed";
    this._state = "closed";
    this.failures = 0;
    this.openings = 0;
    if (changed) this.emit();
  }

  recordFailure(err: unknown): void {
    this.failures++;
    this.lastError = describeError(err);
    const wasHalfOpen = this.state === "half_open";
    if (wasHalfOpen || this.failures >= this.threshold) {
      const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** this.openings);
      this.openings++;
      this._state = "open";
      this.retryAt = this.now() + backoff;
      this.emit();
    }
  }

  snapshot(): BreakerEvent {
    const state = this.state;
    return {
      name: this.name,
      state,
      failures: this.failures,
      lastError: this.lastError,
      retryAt: state === "closed" ? null : this.retryAt,
    };
  }

  private emit(): void {
    this.opts.onChange?.(this.snapshot());
  }
}

/** A short, secret-free description of an error for logs and the status page. */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  // Provider errors sometimes echo the request's credentials back.
  return message.replace(/(sk|key|token|secret)[-_]?[A-Za-z0-9_-]{8,}/gi, "$1-[redacted]").slice(0, 500);
}
