// Calls side by side in ONE agent process (issue #5: per-call memory under 50 MB).
//
// @livekit/agents 1.9 runs every job (call) in its own child process (ipc/proc_pool.js forks
// ipc/job_proc_lazy_main.js per job): node + our modules + its own Silero VAD, about 300 MB RSS
// per call. Here the worker's ProcPool is swapped for a SharedJobPool: the agent's `prewarm`
// runs once (one Silero VAD, one set of loaded modules) and each job runs `entry(ctx)` in this
// process with its own Room and JobContext, following the framework's own in-process runner
// (dist/console.js) and its job lifecycle (dist/ipc/job_proc_lazy_main.js startJob):
//   - ctx.room: a Room per job; ctx.job: the dispatch's metadata; ctx.proc.userData: shared;
//   - the job ends on ctx.shutdown(), on the room disconnecting, on the server's termination
//     request, or when entry throws; then: session closed (finalizeSession), room disconnected,
//     shutdown callbacks run, exactly as in a job process;
//   - a failing call ends only that call: entry rejections, and uncaught errors raised inside
//     a job's async context (AsyncLocalStorage), end that job; the others go on;
//   - drain: AgentServer.drain() joins every running job (processes = the running jobs).
// The seam: AgentServer keeps its pool in a private field, so the ProcPool class's methods are
// delegated to the SharedJobPool (installSharedJobPool). That class is internal to agents-js:
// the install checks the version (1.9.x) and the methods it replaces, and refuses otherwise.
// AGENT_JOB_MODE=process keeps the framework's process-per-job mode (agents/worker.ts).
import { EventEmitter, once } from "node:events";
import { createRequire } from "node:module";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  getJobContext,
  InferenceRunner,
  JobContext,
  JobProcess,
  log,
  runWithJobContextAsync,
  version as agentsVersion,
  type AgentDefinition,
  type JobRequest,
  type RunningJobInfo,
} from "@livekit/agents";
import type { ipc } from "@livekit/agents";
import { Room, RoomEvent } from "@livekit/rtc-node";

type Logger = ReturnType<typeof log>;
type InferenceExecutor = ipc.InferenceExecutor;

/** The subset of a Room the executor and JobContext use (tests pass a fake one). */
export type JobRoom = Room;

/** Same values as ipc/job_executor's JobStatus (not exported by the package). */
export enum JobStatus {
  RUNNING = 0,
  FAILED = 1,
  SUCCESS = 2,
}

// ---- the framework's job lifecycle helpers (dist/job_lifecycle.js, not exported) -------------

interface Lifecycle {
  finalizeSession(ctx: JobContext, onSessionEnd: AgentDefinition["onSessionEnd"], sessionEndTimeout: number, logger: Logger): Promise<void>;
  runShutdownCallbacks(callbacks: (() => Promise<void>)[], logger: Logger): Promise<void>;
  waitForEntrypointShutdown(entry: Promise<unknown>, logger: Logger): Promise<void>;
  flushJobLogs(logger: Logger): Promise<void>;
  DEFAULT_SESSION_END_TIMEOUT: number;
}

export const SUPPORTED_AGENTS_VERSION = /^1\.9\./;

/** dist/<file> of the installed @livekit/agents, as the same ES module instance the package uses. */
async function agentsInternal<T>(file: string): Promise<T> {
  if (!SUPPORTED_AGENTS_VERSION.test(agentsVersion)) {
    throw new Error(`AGENT_JOB_MODE=shared is built for @livekit/agents 1.9.x (installed: ${agentsVersion}); check agents/voice/job-executor.ts against the new version, or set AGENT_JOB_MODE=process`);
  }
  const dist = dirname(createRequire(import.meta.url).resolve("@livekit/agents"));
  return (await import(pathToFileURL(join(dist, file)).href)) as T;
}

let lifecycle: Promise<Lifecycle> | undefined;
const loadLifecycle = () => (lifecycle ??= agentsInternal<Lifecycle>("job_lifecycle.js"));

// ---- one job (call) in this process ------------------------------------------------------------

export interface ExecutorDeps {
  agent: AgentDefinition;
  proc: JobProcess;
  inferenceExecutor: InferenceExecutor;
  /** Max time for the agent's onSessionEnd (the framework's sessionEndTimeout). */
  sessionEndTimeout: number;
  /** Max time close() waits for the job to wind down before abandoning it. */
  closeTimeout: number;
  createRoom: () => JobRoom;
}

/**
 * Runs one job in this process; the same surface as the framework's JobProcExecutor
 * (ipc.JobExecutor: start, initialize, launchJob, join, close, runningJob, status).
 */
export class InProcessJobExecutor {
  started = false;
  userArguments: unknown;
  #deps: ExecutorDeps;
  #status = JobStatus.RUNNING;
  #runningJob: RunningJobInfo | undefined;
  #ctx: JobContext | undefined;
  #room: JobRoom | undefined;
  #closeEvent = new EventEmitter();
  #closeReason: string | undefined;
  #crashed = false;
  #finished = false;
  #done!: () => void;
  #joined = new Promise<void>((resolve) => (this.#done = resolve));
  #logger: Logger | undefined;

  constructor(deps: ExecutorDeps) {
    this.#deps = deps;
  }

  get status(): JobStatus {
    return this.#status;
  }
  get runningJob(): RunningJobInfo | undefined {
    return this.#runningJob;
  }
  get context(): JobContext | undefined {
    return this.#ctx;
  }
  /** Why the job ended (or is ending): "room disconnected", "shutdown request", "job crashed", ... */
  get closeReason(): string | undefined {
    return this.#closeReason;
  }
  get finished(): boolean {
    return this.#finished;
  }

  async start(): Promise<void> {
    this.started = true;
  }
  async initialize(): Promise<void> {}

  async join(): Promise<void> {
    await this.#joined;
  }

  async launchJob(info: RunningJobInfo): Promise<void> {
    if (this.#runningJob) throw new Error("executor already has a running job");
    this.started = true;
    this.#runningJob = info;
    this.#status = JobStatus.RUNNING;
    this.#logger = log().child({ jobId: info.job.id, room: info.job.room?.name });
    const lc = await loadLifecycle();
    const room = this.#deps.createRoom();
    this.#room = room;
    let connected = false;
    let shuttingDown = false;
    room.on(RoomEvent.Disconnected, () => {
      if (!shuttingDown) this.#requestClose("room disconnected");
    });
    const ctx = new JobContext(
      this.#deps.proc,
      info,
      room,
      () => (connected = true),
      (reason) => {
        shuttingDown = true;
        this.#requestClose(reason || "shutdown request");
      },
      this.#deps.inferenceExecutor,
    );
    ctx._simulationEndFnc = this.#deps.agent.onSimulationEnd;
    this.#ctx = ctx;
    this.#run(lc, ctx, room, () => connected, () => (shuttingDown = true)).catch((error: unknown) => {
      log().error({ error }, "job runner failed");
      this.#finish(JobStatus.FAILED);
    });
  }

  /** Ends the job as a crash (its own error): used for errors raised inside the job's context. */
  crash(error: unknown, how = "call failed"): void {
    (this.#logger ??= log()).error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, `${how}: ending this call only`);
    this.#crashed = true;
    this.#requestClose("job crashed");
  }

  /** Ask the job to end (server termination, drain of an idle executor, worker close). */
  close(reason = "shutdown request"): Promise<void> {
    if (!this.#runningJob || this.#finished) return this.#joined;
    this.#requestClose(reason);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.#deps.closeTimeout);
      timer.unref?.();
    });
    return Promise.race([this.#joined.then(() => "done" as const), timeout]).then(async (result) => {
      clearTimeout(timer);
      if (result === "timeout") {
        // A job process would be killed here; in one process the job is abandoned instead.
        (this.#logger ??= log()).error({ timeout: this.#deps.closeTimeout }, "job shutdown is taking too much time; abandoning it");
        await this.#room?.disconnect().catch(() => undefined);
        this.#finish(JobStatus.FAILED);
      }
    });
  }

  #requestClose(reason: string) {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    this.#closeEvent.emit("close", reason);
  }

  #finish(status: JobStatus) {
    if (this.#finished) return;
    this.#finished = true;
    this.#status = status;
    this.#done();
  }

  async #run(lc: Lifecycle, ctx: JobContext, room: JobRoom, isConnected: () => boolean, markShuttingDown: () => void) {
    const logger = (this.#logger ??= log());
    const { agent, sessionEndTimeout } = this.#deps;
    const unconnected = setTimeout(() => {
      if (!isConnected() && this.#closeReason === undefined) logger.warn("room not connected 10 seconds after the job's entry was called: did it forget ctx.connect()?");
    }, 10_000);
    unconnected.unref?.();
    try {
      const closed = this.#closeReason !== undefined ? Promise.resolve() : once(this.#closeEvent, "close").then(() => undefined);
      const entry = runWithJobContextAsync(ctx, async () => agent.entry(ctx));
      entry.catch((error: unknown) => this.crash(error, "the call's entry failed"));
      await closed;
      markShuttingDown();
      logger.debug({ reason: this.#closeReason }, "job shutting down");
      await lc.waitForEntrypointShutdown(entry, logger);
    } finally {
      clearTimeout(unconnected);
    }
    try {
      await runWithJobContextAsync(ctx, async () => {
        await lc.finalizeSession(ctx, agent.onSessionEnd, sessionEndTimeout, logger);
        try {
          await room.disconnect();
        } catch (error) {
          logger.error({ error }, "error while disconnecting room");
        }
        await lc.runShutdownCallbacks(ctx.shutdownCallbacks, logger);
      });
    } catch (error) {
      logger.error({ error }, "error while ending the job");
    } finally {
      try {
        await lc.flushJobLogs(logger);
      } finally {
        // The call is over. Long-lived things created during it (a pooled database connection,
        // a cached promise) keep its async context, hence this JobContext: let go of the heavy
        // parts so that they do not keep the session and its history alive.
        ctx.shutdownCallbacks.length = 0;
        ctx._primaryAgentSession = undefined;
        this.#finish(this.#crashed ? JobStatus.FAILED : JobStatus.SUCCESS);
      }
    }
  }
}

// ---- the pool: all jobs of this worker process --------------------------------------------------

export interface SharedJobPoolOptions {
  /** The agent (defineAgent result); or loaded from the worker's agent file when omitted. */
  agent?: AgentDefinition;
  /** Concurrent calls this process takes; more are rejected (and the load reads full). */
  maxJobs: number;
  /** Defaults below are the framework's (ServerOptions); the worker's own values replace them. */
  sessionEndTimeout?: number;
  closeTimeout?: number;
  inferenceExecutor?: InferenceExecutor;
  createRoom?: () => JobRoom;
  /** The server's load threshold: at maxJobs calls the reported load equals it (full). */
  loadThreshold?: number;
}

/** The ProcPool fields the framework fills from ServerOptions (ipc/proc_pool.js). */
interface ProcPoolFields {
  agent: string;
  closeTimeout: number;
  sessionEndTimeout: number;
  inferenceExecutor?: InferenceExecutor;
}

const ASSIGNMENT_WAIT_MS = 10_000; // the server's assignment timeout is 7.5 s

class NoInferenceExecutor implements InferenceExecutor {
  async doInference(method: string): Promise<unknown> {
    throw new Error(`inference ${method}: no inference executor in this worker`);
  }
}

export class SharedJobPool {
  /** The one JobProcess every job shares: userData holds the prewarmed VAD. */
  readonly proc = new JobProcess();
  readonly maxJobs: number;
  readonly loadThreshold: number;
  #opts: SharedJobPoolOptions;
  #agent: AgentDefinition | undefined;
  #agentFile: string | undefined;
  #executors: InProcessJobExecutor[] = [];
  #byContext = new WeakMap<JobContext, InProcessJobExecutor>();
  #ready: Promise<void> | undefined;
  #reservations: number[] = [];
  #closed = false;
  #guarded = false;
  /** The framework's logger, read when used: cli.runApp initializes it after this pool exists. */
  get #logger(): Logger {
    return log();
  }
  /** Prewarm runs: 1 for the life of the process, however many calls. */
  prewarmCount = 0;

  constructor(opts: SharedJobPoolOptions) {
    if (!Number.isInteger(opts.maxJobs) || opts.maxJobs < 1) throw new Error("maxJobs must be a positive integer");
    this.#opts = { ...opts };
    this.#agent = opts.agent;
    this.maxJobs = opts.maxJobs;
    this.loadThreshold = opts.loadThreshold ?? 0.7;
  }

  /** Takes the worker's settings (agent file, timeouts, inference executor) from its ProcPool. */
  adopt(pool: ProcPoolFields) {
    this.#agentFile ??= pool.agent;
    this.#opts.sessionEndTimeout ??= pool.sessionEndTimeout;
    this.#opts.closeTimeout ??= pool.closeTimeout;
    this.#opts.inferenceExecutor ??= pool.inferenceExecutor;
  }

  /** Running jobs (what AgentServer reads as its "processes": activeJobs, drain). */
  get processes(): InProcessJobExecutor[] {
    return this.#executors;
  }
  get activeJobs(): number {
    return this.#executors.length;
  }

  /** Prewarm once (Silero VAD) before the first call arrives. */
  start(): void {
    void this.ready().catch((error: unknown) => this.#logger.error({ error }, "prewarm failed; it is retried when a call arrives"));
  }

  ready(): Promise<void> {
    this.#ready ??= this.#prewarm().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #prewarm() {
    const agent = await this.#loadAgent();
    this.prewarmCount++;
    await agent.prewarm?.(this.proc);
    this.#logger.info({ maxJobs: this.maxJobs }, "agent prewarmed: calls run in this process (AGENT_JOB_MODE=shared)");
  }

  async #loadAgent(): Promise<AgentDefinition> {
    if (this.#agent) return this.#agent;
    if (!this.#agentFile) throw new Error("no agent: pass `agent`, or run under the worker (its ProcPool names the file)");
    const mod = (await import(pathToFileURL(this.#agentFile).href)) as { default?: AgentDefinition & { default?: AgentDefinition } };
    const agent = mod.default && typeof mod.default.entry === "function" ? mod.default : mod.default?.default;
    if (!agent || typeof agent.entry !== "function") throw new Error(`Unable to load agent: missing or invalid default export in ${this.#agentFile}`);
    this.#agent = agent;
    return agent;
  }

  async launchJob(info: RunningJobInfo): Promise<InProcessJobExecutor> {
    if (this.#closed) throw new Error("the agent worker is shutting down");
    this.#reservations.shift();
    await this.ready();
    const lc = await loadLifecycle();
    const executor = new InProcessJobExecutor({
      agent: (await this.#loadAgent()) as AgentDefinition,
      proc: this.proc,
      inferenceExecutor: this.#opts.inferenceExecutor ?? new NoInferenceExecutor(),
      sessionEndTimeout: this.#opts.sessionEndTimeout ?? lc.DEFAULT_SESSION_END_TIMEOUT,
      closeTimeout: this.#opts.closeTimeout ?? 60_000,
      createRoom: this.#opts.createRoom ?? (() => new Room()),
    });
    this.#executors.push(executor);
    void executor.join().then(() => {
      const i = this.#executors.indexOf(executor);
      if (i !== -1) this.#executors.splice(i, 1);
      this.#logger.debug({ jobId: info.job.id, status: JobStatus[executor.status], reason: executor.closeReason, activeJobs: this.#executors.length }, "job ended");
    });
    try {
      await executor.launchJob(info);
    } catch (error) {
      // Never started (the room could not be created...): its slot is free again.
      const i = this.#executors.indexOf(executor);
      if (i !== -1) this.#executors.splice(i, 1);
      throw error;
    }
    if (executor.context) this.#byContext.set(executor.context, executor);
    return executor;
  }

  getByJobId(id: string): InProcessJobExecutor | null {
    return this.#executors.find((x) => x.runningJob?.job.id === id) ?? null;
  }

  /** Ends every running job (worker close after drain, or a forced stop). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled(this.#executors.map((x) => x.close("shutdown request")));
    this.unguard();
  }

  // ---- admission: LiveKit asks before it assigns a job ------------------------------------------

  #pending(now = Date.now()) {
    this.#reservations = this.#reservations.filter((t) => now - t < ASSIGNMENT_WAIT_MS);
    return this.#reservations.length;
  }

  /**
   * Load for the server: max(busy, calls' share of maxJobs scaled to the threshold), so it reads
   * full at maxJobs calls, or earlier when the process is busy.
   */
  load(busy: number): number {
    const calls = ((this.activeJobs + this.#pending()) / this.maxJobs) * this.loadThreshold;
    return Math.min(1, Math.max(busy, calls));
  }

  #elu: EventLoopUtilization | undefined;
  /**
   * ServerOptions.loadFunc (every 2.5 s). "Busy" is this process's event-loop utilisation since
   * the last report: all calls share one JavaScript thread, so that, not the machine's CPU, is
   * what fills up first (a saturated loop delays every call's audio and replies).
   */
  readonly loadFunc = async (): Promise<number> => {
    const now = performance.eventLoopUtilization();
    const busy = this.#elu ? performance.eventLoopUtilization(now, this.#elu).utilization : 0;
    this.#elu = now;
    return this.load(busy);
  };

  /** ServerOptions.requestFunc: accept while there is room (the load update lags 2.5 s), else reject. */
  readonly requestFunc = async (req: JobRequest): Promise<void> => {
    if (this.#closed || this.activeJobs + this.#pending() >= this.maxJobs) {
      this.#logger.info({ jobId: req.id, activeJobs: this.activeJobs, maxJobs: this.maxJobs }, "at capacity: job rejected (another worker takes it)");
      await req.reject();
      return;
    }
    this.#reservations.push(Date.now());
    await req.accept();
  };

  // ---- one failing call must not take the others down ---------------------------------------------

  /** The running job whose async context this code runs in, if any. */
  currentJob(): InProcessJobExecutor | undefined {
    const ctx = getJobContext(false);
    return ctx ? this.#byContext.get(ctx) : undefined;
  }

  /**
   * process 'uncaughtException': in a job process it would end that one call (the process dies);
   * here the job whose context raised it is ended and the others go on. An error outside any
   * job's context is logged and the worker goes on.
   */
  readonly onUncaughtException = (error: unknown): void => {
    const job = this.currentJob();
    if (job && !job.finished) return job.crash(error, "uncaught error in a call");
    this.#logger.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "uncaught error outside any call; the worker goes on");
  };

  /** process 'unhandledRejection': logged, as the framework's job process does (it does not end the job). */
  readonly onUnhandledRejection = (reason: unknown): void => {
    const job = this.currentJob();
    this.#logger.warn({ jobId: job?.runningJob?.job.id, err: reason instanceof Error ? reason.message : String(reason) }, "unhandled promise rejection");
  };

  guard(): void {
    if (this.#guarded) return;
    this.#guarded = true;
    process.on("uncaughtException", this.onUncaughtException);
    process.on("unhandledRejection", this.onUnhandledRejection);
  }

  unguard(): void {
    if (!this.#guarded) return;
    this.#guarded = false;
    process.off("uncaughtException", this.onUncaughtException);
    process.off("unhandledRejection", this.onUnhandledRejection);
  }
}

// ---- the seam: the worker's ProcPool delegates to the shared pool ---------------------------------

type ProcPoolClass = { prototype: Record<string, unknown> };
const SHARED = Symbol.for("switchboard.sharedJobPool");
const REPLACED = ["start", "launchJob", "getByJobId", "close"] as const;

/**
 * Makes every ProcPool of @livekit/agents (the AgentServer's, one per worker) run its jobs in
 * `pool`, in this process, instead of forking a process per job. Returns an undo function.
 */
export async function installSharedJobPool(pool: SharedJobPool, opts: { guardProcess?: boolean } = {}): Promise<() => void> {
  const { ProcPool } = await agentsInternal<{ ProcPool: ProcPoolClass }>("ipc/proc_pool.js");
  const proto = ProcPool.prototype;
  const missing = [...REPLACED, "processes"].filter((m) => !(m in proto));
  if (missing.length) throw new Error(`@livekit/agents ProcPool has changed (missing ${missing.join(", ")}); set AGENT_JOB_MODE=process`);
  if ((proto as Record<symbol, unknown>)[SHARED]) throw new Error("a shared job pool is already installed");
  const saved = new Map<string, PropertyDescriptor>();
  for (const name of [...REPLACED, "processes"]) saved.set(name, Object.getOwnPropertyDescriptor(proto, name)!);
  const bound = (self: unknown) => {
    pool.adopt(self as ProcPoolFields);
    return pool;
  };
  Object.defineProperties(proto, {
    [SHARED]: { value: pool, configurable: true },
    processes: { configurable: true, get() { return bound(this).processes; } },
    start: { configurable: true, writable: true, value(this: unknown) { bound(this).start(); } },
    launchJob: { configurable: true, writable: true, async value(this: unknown, info: RunningJobInfo) { await bound(this).launchJob(info); } },
    getByJobId: { configurable: true, writable: true, value(this: unknown, id: string) { return bound(this).getByJobId(id); } },
    close: { configurable: true, writable: true, value(this: unknown) { return bound(this).close(); } },
  });
  if (opts.guardProcess !== false) pool.guard();
  return () => {
    for (const [name, desc] of saved) Object.defineProperty(proto, name, desc);
    delete (proto as Record<symbol, unknown>)[SHARED];
    pool.unguard();
  };
}

/**
 * agents-js 1.9 starts one extra "inference" child process per worker when the native
 * @livekit/local-inference package is installed, for its local audio end-of-turn model
 * ("lk_eot_audio"): about 350 MB RSS measured here. Switchboard's sessions do not use that model
 * (no `turnDetection` on the AgentSession: VAD + STT endpointing), so the process is skipped:
 * the worker only registers the runner when none is registered under that name, and only
 * starts the process when a runner is listed (Object.keys): a non-enumerable placeholder does
 * both. Call before the worker is constructed. Remove the call if the EOT model is ever used.
 */
export function skipUnusedEotInferenceProcess(method = "lk_eot_audio"): void {
  const runners = InferenceRunner.registeredRunners;
  if (Object.prototype.hasOwnProperty.call(runners, method)) return;
  Object.defineProperty(runners, method, { value: "disabled: not used by Switchboard", enumerable: false, configurable: true });
}
