// Per-call ordered write queue: the writes that used to sit between the graph's reply and the
// caller (the checkpoint, the CallTurn/CallAction rows, the end of the call) run here instead,
// right after the reply, one at a time and in the order they were queued.
//
// - Order: a call's writes run strictly one after another (FIFO), so the checkpoint of turn N
//   lands before turn N+1's, and the end of the call (finishCall, which queues the post-call
//   job) lands after every turn row.
// - Failure: a write that fails is logged and retried once after `retryDelayMs`. If the retry
//   fails too, the error is reported (onError) and the queue STALLS with that write at its
//   head: later writes wait behind it (a checkpoint only stores the channels that changed, so
//   skipping one would leave a later checkpoint pointing at blobs that were never stored). The
//   next queued write (the next turn) and settle() try the stalled write again; settle()
//   rejects with a CallWriteError when something still could not be written.
// - The end of the call (finish()): a write that still fails is given up together with the
//   writes that depend on it (the later writes of its `chain`: the call's later checkpoints),
//   and the rest still runs (turn rows, the end of the call): they do not need the checkpoint.
//   finish() then rejects with a CallWriteError listing what was given up.
// - Nothing here blocks the caller: push() never throws and never waits; the writes start on
//   the next turn of the event loop, after the reply has been handed over.
import { logger } from "../../server/logger";

export class CallWriteError extends Error {
  constructor(
    readonly callId: string,
    /** Labels of the writes that have not landed, oldest first. */
    readonly pending: string[],
    readonly cause: unknown,
  ) {
    super(`Call ${callId}: ${pending.length} write(s) not stored (${pending.join(", ")}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "CallWriteError";
  }
}

export interface WriteFailure {
  callId: string;
  label: string;
  attempt: number;
  error: unknown;
  /** true once the write has failed its retry too (the queue is stalled behind it). */
  final: boolean;
}

export interface CallWriteQueueOptions {
  /** Pause before the retry of a failed write. Default 50 ms. */
  retryDelayMs?: number;
  /** Every failed attempt (default: logged; the final failure at error level). */
  onFailure?: (failure: WriteFailure) => void;
}

interface Task {
  label: string;
  run: () => Promise<unknown>;
  attempts: number;
  /** Writes of one chain build on each other: one given up gives up the later ones (finish()). */
  chain?: string;
}

interface CallQueue {
  tasks: Task[];
  /** The running pump, if any. */
  pumping: Promise<void> | null;
  lastError: unknown;
}

function defaultOnFailure(f: WriteFailure) {
  const err = f.error instanceof Error ? f.error.message : String(f.error);
  if (f.final) logger.error({ callId: f.callId, write: f.label, attempt: f.attempt, err }, "call write failed after a retry; later writes of the call wait for it");
  else logger.warn({ callId: f.callId, write: f.label, attempt: f.attempt, err }, "call write failed; retrying");
}

export class CallWriteQueue {
  private readonly queues = new Map<string, CallQueue>();
  private readonly retryDelayMs: number;
  private readonly onFailure: (failure: WriteFailure) => void;

  constructor(options: CallWriteQueueOptions = {}) {
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.onFailure = options.onFailure ?? defaultOnFailure;
  }

  /**
   * Queues a write for the call; it runs after every write queued before it. `chain`: the write
   * depends on the earlier writes of the same chain (see finish()). Never throws.
   */
  push(callId: string, label: string, run: () => Promise<unknown>, chain?: string): void {
    const q = this.queue(callId);
    q.tasks.push({ label, run, attempts: 0, chain });
    // A stalled queue gets another try of its head now (the next turn retries the failed write).
    if (!q.pumping) this.pump(callId, q);
  }

  /** Writes of the call not yet stored (queued, running or stalled). */
  pending(callId: string): number {
    return this.queues.get(callId)?.tasks.length ?? 0;
  }

  /** Whether the call's queue is stalled behind a write that failed twice (writes left, no pump). */
  stalled(callId: string): boolean {
    const q = this.queues.get(callId);
    return q !== undefined && q.tasks.length > 0 && q.pumping === null;
  }

  /**
   * Resolves once every write queued so far has been tried (stored, or stalled after its
   * retry). Never rejects: for readers that only need the queue quiet (e.g. before reading the
   * call back from PostgreSQL).
   */
  async idle(callId: string): Promise<void> {
    let q: CallQueue | undefined;
    while ((q = this.queues.get(callId))?.pumping) await q.pumping;
  }

  /**
   * The end of the call: waits for every queued write; a stalled write gets one more try (with
   * its retry). Resolves when everything is stored, rejects with CallWriteError otherwise (the
   * writes stay queued: a later settle() tries again).
   */
  async settle(callId: string): Promise<void> {
    const q = this.queues.get(callId);
    if (!q) return;
    await this.idle(callId);
    if (q.tasks.length && !q.pumping) {
      this.pump(callId, q);
      await this.idle(callId);
    }
    if (q.tasks.length) throw new CallWriteError(callId, q.tasks.map((t) => t.label), q.lastError);
    if (this.queues.get(callId) === q && !q.tasks.length && !q.pumping) this.queues.delete(callId);
  }

  /**
   * The end of the call: like settle(), but a write that still fails after its extra try is
   * given up with the later writes of its chain (they build on it), and the other writes go on
   * (a failed checkpoint must not cost the call its turn rows and its end). Resolves when
   * everything was stored; otherwise rejects, once the rest has been tried, with a
   * CallWriteError listing what was given up. Nothing of the call stays queued.
   */
  async finish(callId: string): Promise<void> {
    const q = this.queues.get(callId);
    if (!q) return;
    const lost: string[] = [];
    let cause: unknown;
    let retried = false;
    for (;;) {
      await this.idle(callId);
      if (!q.tasks.length) break;
      if (!retried) {
        // The stalled write gets one more try (with its retry), as in settle().
        retried = true;
        this.pump(callId, q);
        continue;
      }
      const failed = q.tasks.shift()!;
      if (lost.length === 0) cause = q.lastError;
      lost.push(failed.label);
      if (failed.chain !== undefined) {
        const rest = q.tasks.filter((t) => t.chain !== failed.chain);
        lost.push(...q.tasks.filter((t) => t.chain === failed.chain).map((t) => t.label));
        q.tasks.splice(0, q.tasks.length, ...rest);
      }
      if (q.tasks.length) this.pump(callId, q);
    }
    if (this.queues.get(callId) === q && !q.pumping) this.queues.delete(callId);
    if (lost.length) throw new CallWriteError(callId, lost, cause);
  }

  private queue(callId: string): CallQueue {
    let q = this.queues.get(callId);
    if (!q) {
      q = { tasks: [], pumping: null, lastError: undefined };
      this.queues.set(callId, q);
    }
    return q;
  }

  private pump(callId: string, q: CallQueue): void {
    q.pumping = (async () => {
      // Start after the current turn of the event loop: the reply that queued this write is
      // handed to the caller first (a write's serialisation and its query would otherwise run
      // synchronously on the reply's path).
      await new Promise<void>((r) => setImmediate(r));
      while (q.tasks.length) {
        const task = q.tasks[0]!;
        if (!(await this.attempt(callId, q, task))) {
          // One immediate retry after a short pause.
          await new Promise((r) => setTimeout(r, this.retryDelayMs));
          if (!(await this.attempt(callId, q, task, true))) return;
        }
        q.tasks.shift();
      }
      q.lastError = undefined;
    })().finally(() => {
      q.pumping = null;
      if (!q.tasks.length && this.queues.get(callId) === q) this.queues.delete(callId);
    });
  }

  private async attempt(callId: string, q: CallQueue, task: Task, last = false): Promise<boolean> {
    task.attempts++;
    try {
      await task.run();
      return true;
    } catch (error) {
      q.lastError = error;
      try {
        this.onFailure({ callId, label: task.label, attempt: task.attempts, error, final: last });
      } catch {
        // A reporting hook must not break the queue.
      }
      return false;
    }
  }
}
