// The LangGraph checkpointer: PostgresSaver in its own schema ("langgraph"), thread id = call id.
// Its tables are not tenant tables (no tenantId, no RLS): it runs on the owner pool (systemPool),
// like graphile-worker, and the runtime only ever reads a thread after it has checked, under the
// tenant's row-level security, that the Call row with that id belongs to the tenant.
// setup() creates/migrates the schema; it runs once per process, lazily, on the first call.
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import type pg from "pg";
import { systemPool } from "../../server/db";

export const CHECKPOINT_SCHEMA = "langgraph";

/**
 * PostgresSaver whose put() writes the changed channels' blobs and the checkpoint in ONE
 * statement. The stock put() runs BEGIN, one INSERT per changed channel (a dozen per caller
 * turn for our state) and COMMIT: each a round trip on the turn's critical path. Same tables,
 * same rows, same conflict rules; reads are the stock implementation's.
 */
export class BatchedPostgresSaver extends PostgresSaver {
  private readonly batchedSql: string;
  private readonly writesSql: { upsert: string; insert: string };
  constructor(
    private readonly batchPool: pg.Pool,
    schema: string,
  ) {
    super(batchPool, undefined, { schema });
    this.batchedSql = `WITH blobs AS (
      INSERT INTO "${schema}".checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
      SELECT $1, $2, x.channel, x.version, x.type, x.blob
      FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[]) AS x(channel, version, type, blob)
      ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING
      RETURNING 1
    )
    INSERT INTO "${schema}".checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
    VALUES ($1, $2, $7, $8, $9, $10)
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
    DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`;
    const writes = (conflict: string) => `INSERT INTO "${schema}".checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
      SELECT $1, $2, $3, $4, x.idx, x.channel, x.type, x.blob
      FROM unnest($5::int[], $6::text[], $7::text[], $8::bytea[]) WITH ORDINALITY AS x(idx, channel, type, blob, ord)
      ORDER BY x.ord
      ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${conflict}`;
    this.writesSql = {
      upsert: writes("DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob"),
      insert: writes("DO NOTHING"),
    };
  }

  /**
   * The stock putWrites takes a pool client and runs BEGIN, one INSERT per write, COMMIT (three
   * round trips for the interrupt a caller turn ends with). Here: one INSERT ... SELECT FROM
   * unnest. Same rows and conflict rules: the stock upsert path keeps the LAST write per idx and
   * the insert path the FIRST, so duplicates within the batch are dropped the same way first
   * (one statement may not update the same row twice).
   */
  override async putWrites(...args: Parameters<PostgresSaver["putWrites"]>): ReturnType<PostgresSaver["putWrites"]> {
    const [config, writes, taskId] = args;
    const upsert = writes.every((w) => w[0] in WRITES_IDX_MAP);
    const self = this as unknown as {
      _dumpWrites(t: unknown, ns: unknown, id: unknown, task: string, w: typeof writes): Promise<[string, string, string, string, number, string, string, Uint8Array][]>;
    };
    const c = config.configurable ?? {};
    const dumped = await self._dumpWrites(c.thread_id, c.checkpoint_ns, c.checkpoint_id, taskId, writes);
    if (!dumped.length) return;
    const byIdx = new Map<number, (typeof dumped)[number]>();
    for (const w of dumped) if (upsert || !byIdx.has(w[4])) byIdx.set(w[4], w);
    // Map keeps first-insertion order; an upsert overwrite keeps the first position, harmless.
    const rows = [...byIdx.values()];
    await this.batchPool.query(upsert ? this.writesSql.upsert : this.writesSql.insert, [
      c.thread_id,
      c.checkpoint_ns,
      c.checkpoint_id,
      taskId,
      rows.map((w) => w[4]),
      rows.map((w) => w[5]),
      rows.map((w) => w[6]),
      rows.map((w) => Buffer.from(w[7])),
    ]);
  }

  override async put(...args: Parameters<PostgresSaver["put"]>): ReturnType<PostgresSaver["put"]> {
    const [config, checkpoint, metadata, newVersions] = args;
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id, checkpoint_ns = "", checkpoint_id } = config.configurable as { thread_id: string; checkpoint_ns?: string; checkpoint_id?: string };
    // The stock serialisation helpers (not part of the typed API).
    const self = this as unknown as {
      _dumpCheckpoint(c: unknown): unknown;
      _dumpBlobs(t: string, ns: string, values: unknown, versions: unknown): Promise<[string, string, string, string, string, Uint8Array | undefined][]>;
      _dumpMetadata(m: unknown): Promise<unknown>;
    };
    const serializedCheckpoint = self._dumpCheckpoint(checkpoint);
    const [blobs, serializedMetadata] = await Promise.all([
      self._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions),
      self._dumpMetadata(metadata),
    ]);
    await this.batchPool.query(this.batchedSql, [
      thread_id,
      checkpoint_ns,
      blobs.map((b) => b[2]),
      blobs.map((b) => b[3]),
      blobs.map((b) => b[4]),
      blobs.map((b) => (b[5] ? Buffer.from(b[5]) : null)),
      checkpoint.id,
      checkpoint_id ?? null,
      serializedCheckpoint,
      serializedMetadata,
    ]);
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }
}

let shared: { pool: pg.Pool; ready: Promise<PostgresSaver> } | undefined;

/** A ready PostgresSaver on the given pool (default: the owner pool of server/db). */
export async function createCheckpointer(pool: pg.Pool = systemPool()): Promise<PostgresSaver> {
  const saver = new BatchedPostgresSaver(pool, CHECKPOINT_SCHEMA);
  await saver.setup();
  return saver;
}

/** The process-wide checkpointer; set up on first use. */
export function checkpointer(): Promise<PostgresSaver> {
  const pool = systemPool();
  // A new pool (tests reconnecting, a disconnected db) gets a new saver.
  if (!shared || shared.pool !== pool) {
    const ready = createCheckpointer(pool);
    ready.catch(() => {
      if (shared?.ready === ready) shared = undefined;
    });
    shared = { pool, ready };
  }
  return shared.ready;
}

/** Drops every checkpoint of a call (e.g. when a test call is deleted). */
export async function deleteCallCheckpoints(callId: string): Promise<void> {
  const saver = await checkpointer();
  await saver.deleteThread(callId);
}
