// The checkpointer of calls that live in this process (the voice agent: one call = one job
// process for its whole life): reads are served from memory, writes go to memory at once and
// through to PostgreSQL behind the reply, in order, on the call's write queue.
//
// - getTuple: from memory. The first read of a thread this process does not hold yet (a call
//   started elsewhere, a restart, a call released earlier) waits until the thread's queued
//   writes have been tried, then reads PostgreSQL and keeps the result.
// - put / putWrites: stored in memory (LangGraph's MemorySaver, so the copy semantics are the
//   reference implementation's) and queued for the PostgreSQL saver. The next turn's checkpoint
//   is queued behind this one; the end of the call settles the queue (CallWriteQueue.settle).
// - Other processes (the text test page, a restarted worker) keep reading PostgreSQL: a call
//   must only be served by one live saver at a time, which is how LiveKit dispatches jobs.
// Thread ids are call ids, so the queue is the runtime's per-call queue: checkpoint rows and
// CallTurn rows of a call land in the order they were produced.
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  MemorySaver,
  getCheckpointId,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import type { CallWriteQueue } from "./write-queue";

export interface LiveSaverOptions {
  /** Threads kept in memory at most (oldest idle ones are dropped first). Default 1000. */
  maxThreads?: number;
}

export class WriteThroughSaver extends BaseCheckpointSaver {
  private readonly memory = new MemorySaver();
  /** Threads whose latest checkpoint is in memory (or known not to exist), oldest use first. */
  private readonly held = new Map<string, true>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly maxThreads: number;

  constructor(
    readonly base: BaseCheckpointSaver,
    readonly queue: CallWriteQueue,
    options: LiveSaverOptions = {},
  ) {
    super(base.serde);
    this.maxThreads = options.maxThreads ?? 1000;
  }

  /** Whether the thread's latest checkpoint is in memory. */
  holds(threadId: string): boolean {
    return this.held.has(threadId);
  }

  /** Drops the thread's in-memory copy (its queued writes still land: a later read waits for them). */
  release(threadId: string): void {
    this.held.delete(threadId);
    void this.memory.deleteThread(threadId);
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return this.base.getTuple(config);
    if (!this.held.has(threadId)) await this.load(threadId);
    else this.touch(threadId);
    const found = await this.memory.getTuple(config);
    if (found) return found;
    // Older checkpoints or sub-graph namespaces this process never wrote: PostgreSQL has them.
    if (getCheckpointId(config) || (config.configurable?.checkpoint_ns ?? "") !== "") {
      await this.queue.idle(threadId);
      return this.base.getTuple(config);
    }
    return undefined;
  }

  override async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    // History: PostgreSQL, once this thread's queued writes have been tried.
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId !== undefined) await this.queue.idle(threadId);
    yield* this.base.list(config, options);
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return this.base.put(config, checkpoint, metadata, newVersions);
    // Queued before anything is awaited: the queue order is the order LangGraph called us in.
    // The write runs later, so it gets its own deep copy: LangGraph's copy (copyCheckpoint) is
    // shallow, and a nested value (a slot map, the context) changed in place meanwhile would
    // otherwise be written changed. structuredClone fits: a call's checkpoint holds plain data
    // only (the state's JSON values, channel versions; no Send or class instances: compile.ts).
    const cp = structuredClone(checkpoint);
    const meta = structuredClone(metadata);
    const versions = { ...newVersions };
    // Chain "checkpoint": a checkpoint stores only the channels that changed, so a later one
    // builds on this one (CallWriteQueue.finish gives them up together).
    this.queue.push(threadId, "checkpoint", () => this.base.put(config, cp, meta, versions), "checkpoint");
    if (!this.held.has(threadId)) this.hold(threadId);
    return this.memory.put(config, checkpoint, metadata);
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return this.base.putWrites(config, writes, taskId, taskPath);
    const copy = writes.map(([channel, value]) => [channel, value] as PendingWrite);
    this.queue.push(threadId, "checkpoint writes", () => this.base.putWrites(config, copy, taskId, taskPath), "checkpoint");
    if (!this.held.has(threadId)) this.hold(threadId);
    return this.memory.putWrites(config, writes, taskId, taskPath);
  }

  override async deleteThread(threadId: string): Promise<void> {
    await this.queue.idle(threadId);
    this.release(threadId);
    await this.base.deleteThread(threadId);
  }

  override getNextVersion(current: number | undefined): number {
    return this.base.getNextVersion(current);
  }

  private touch(threadId: string) {
    this.held.delete(threadId);
    this.held.set(threadId, true);
  }

  private hold(threadId: string) {
    this.held.set(threadId, true);
    if (this.held.size <= this.maxThreads) return;
    for (const id of this.held.keys()) {
      if (this.held.size <= this.maxThreads) break;
      if (id !== threadId && this.queue.pending(id) === 0) this.release(id);
    }
  }

  /** Reads the thread's latest checkpoint (and its pending writes) from PostgreSQL into memory. */
  private load(threadId: string): Promise<void> {
    let loading = this.loading.get(threadId);
    if (!loading) {
      loading = (async () => {
        // A released thread may still have writes on their way: PostgreSQL must have them first.
        await this.queue.idle(threadId);
        const tuple = await this.base.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: "" } });
        if (this.held.has(threadId)) return; // written meanwhile (put) — memory is newer
        if (tuple) {
          const parentId = tuple.parentConfig?.configurable?.checkpoint_id as string | undefined;
          await this.memory.put({ configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: parentId } }, tuple.checkpoint, tuple.metadata ?? ({ source: "input", step: -1, parents: {} } as CheckpointMetadata));
          const byTask = new Map<string, PendingWrite[]>();
          for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
            const list = byTask.get(taskId) ?? [];
            list.push([channel, value]);
            byTask.set(taskId, list);
          }
          for (const [taskId, writes] of byTask) await this.memory.putWrites(tuple.config, writes, taskId);
        }
        this.hold(threadId);
      })().finally(() => this.loading.delete(threadId));
      this.loading.set(threadId, loading);
    }
    return loading;
  }
}
