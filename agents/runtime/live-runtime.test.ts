// The live runtime (the voice agent's): reply first, persist right after, in order; the call's
// checkpoint served from memory and written through to PostgreSQL.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { systemDb } from "../../server/db";
import { createCheckpointer } from "./checkpointer";
import { CallWriteError, createRuntime } from "./index";
import { business, FRONT_DESK, NOW } from "./test-fixtures";
import type { WriteFailure } from "./write-queue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every SQL round trip of this process (Prisma's pg adapter and the checkpointer use pg.Client#query). */
const clientQuery = pg.Client.prototype.query;
let roundTrips = 0;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  roundTrips++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;
afterEach(() => {
  failures = [];
});

let failures: WriteFailure[] = [];
const live = (checkpointer?: BaseCheckpointSaver) =>
  createRuntime({ checkpointer, live: { retryDelayMs: 5, onFailure: (f) => failures.push(f) } });

async function transcript(callId: string) {
  const call = await systemDb().call.findUniqueOrThrow({ where: { id: callId }, include: { turns: { orderBy: { seq: "asc" } }, actions: true } });
  return { call, turns: call.turns.map((t) => [t.seq, t.role, t.nodeId]) };
}

/** The checkpointed state of a call as another process sees it: PostgreSQL only. */
async function stateInPostgres(tenantId: string, callId: string) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  try {
    return await createRuntime({ checkpointer: await createCheckpointer(pool) }).inspect({ tenantId }, callId);
  } finally {
    await pool.end();
  }
}

describe("live runtime (voice agent): reply first, persist right after", () => {
  it("answers before the turn is stored, and the whole transcript and the end are in the database once the call is closed", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const rt = live();
    const first = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", callerPhone: "+12125550100", now: NOW });
    expect(first.say).toEqual([`Thanks for calling ${biz.name}.`, "How can I help?"]);
    const t1 = await rt.takeTurn(ctx, { callId: first.callId, utterance: "I'd like to leave my name", now: NOW });
    expect(t1.say).toEqual(["What's your name?"]);
    // The reply is back; its checkpoint and turn rows are still on their way.
    expect(rt.pendingWrites(first.callId)).toBeGreaterThan(0);
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "Dana Scully", now: NOW });
    const end = await rt.takeTurn(ctx, { callId: first.callId, utterance: "no, not really", now: NOW });
    expect(end).toMatchObject({ ended: true, outcome: "callback_requested" });
    expect(end.actions).toEqual([expect.objectContaining({ type: "notify_staff", ok: true })]);
    // Ended by the graph: still held (its writes may be on their way) until its owner closes it,
    // and further turns are refused meanwhile.
    expect(rt.holds(first.callId)).toBe(true);
    await expect(rt.takeTurn(ctx, { callId: first.callId, utterance: "hello?", now: NOW })).rejects.toThrow(/ended/);

    await rt.closeCall(first.callId);
    expect(rt.holds(first.callId)).toBe(false);
    expect(rt.pendingWrites(first.callId)).toBe(0);
    const { call, turns } = await transcript(first.callId);
    expect(call).toMatchObject({ status: "completed", outcome: "callback_requested" });
    expect(call.endedAt).not.toBeNull();
    expect(turns).toEqual([
      [0, "agent", "hello"],
      [1, "agent", "route"],
      [2, "caller", "route"],
      [3, "agent", "askName"],
      [4, "caller", "askName"],
      [5, "agent", "askHappy"],
      [6, "caller", "askHappy"],
      [7, "agent", "sorry"],
    ]);
    expect(call.actions).toEqual([expect.objectContaining({ seq: 0, type: "notify_staff", ok: true })]);
    // PostgreSQL has the last checkpoint too (another process would see the call as ended).
    expect(await stateInPostgres(biz.id, first.callId)).toMatchObject({ ended: true, outcome: "callback_requested", slots: { name: "Dana Scully", happy: false } });
    // The ended call is refused, as by the default runtime.
    await expect(rt.takeTurn(ctx, { callId: first.callId, utterance: "hello?" })).rejects.toThrow(/ended/);
    expect(failures).toEqual([]);
  });

  it("the default runtime (nobody closes its calls) lets go of a call the graph ended, and refuses further turns", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const rt = createRuntime();
    const first = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "test", now: NOW });
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "leave my name", now: NOW });
    expect(rt.holds(first.callId)).toBe(true);
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "Dana", now: NOW });
    const end = await rt.takeTurn(ctx, { callId: first.callId, utterance: "no, not really", now: NOW });
    expect(end.ended).toBe(true);
    expect(rt.holds(first.callId)).toBe(false);
    await expect(rt.takeTurn(ctx, { callId: first.callId, utterance: "hello?", now: NOW })).rejects.toThrow(/ended/);
  });

  it("makes no SQL round trip between a caller turn without actions and its reply", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const rt = live();
    const first = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "leave my name", now: NOW });
    await rt.settle(first.callId); // the previous turn's writes are not this turn's
    roundTrips = 0;
    const t = await rt.takeTurn(ctx, { callId: first.callId, utterance: "Fox Mulder", now: NOW });
    const onPath = roundTrips;
    expect(t.slots.name).toBe("Fox Mulder");
    await rt.settle(first.callId);
    const behind = roundTrips - onPath;
    expect(onPath).toBe(0);
    // ... and they happened right after: checkpoint, pending writes, the turn-rows transaction.
    expect(behind).toBeGreaterThanOrEqual(3);

    // The default runtime (text test page) still stores before it returns.
    const dflt = createRuntime();
    const other = await dflt.startCall(ctx, { spec: FRONT_DESK, direction: "test", now: NOW });
    await dflt.takeTurn(ctx, { callId: other.callId, utterance: "leave my name", now: NOW });
    roundTrips = 0;
    await dflt.takeTurn(ctx, { callId: other.callId, utterance: "Fox Mulder", now: NOW });
    expect(roundTrips).toBeGreaterThanOrEqual(3);
    await rt.closeCall(first.callId);
  });

  it("resumes from PostgreSQL when the in-memory copy is gone (a restart, or the call released)", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const before = live();
    const first = await before.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    await before.takeTurn(ctx, { callId: first.callId, utterance: "I want to leave my details", now: NOW });
    await before.settle(first.callId);

    // A new process: new pool, new PostgreSQL saver, new in-memory saver, nothing cached.
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    try {
      const after = live(await createCheckpointer(pool));
      const t = await after.takeTurn(ctx, { callId: first.callId, utterance: "Fox Mulder", now: NOW });
      expect(t).toMatchObject({ nodeId: "askHappy", slots: { name: "Fox Mulder" } });
      // Released mid-call (memory dropped): the next turn reads the checkpoint back from PostgreSQL.
      await after.closeCall(first.callId);
      const end = await after.takeTurn(ctx, { callId: first.callId, utterance: "yes, very", now: NOW });
      expect(end).toMatchObject({ ended: true, outcome: "completed" });
      expect(end.say[0]).toMatch(/Wonderful, goodbye!$/);
      await after.closeCall(first.callId);
    } finally {
      await pool.end();
    }
    const { call, turns } = await transcript(first.callId);
    expect(call.outcome).toBe("completed");
    expect(turns.map((t) => t[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(failures).toEqual([]);
  });

  it("keeps the order of a call's writes behind a slow checkpoint write", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const base = await createCheckpointer();
    const put = base.put.bind(base);
    const order: string[] = [];
    let slow = true;
    base.put = async (...args: Parameters<typeof put>) => {
      const id = args[1].id;
      if (slow) {
        slow = false;
        await sleep(150); // the first checkpoint takes its time
      }
      const r = await put(...args);
      order.push(`checkpoint ${id}`);
      return r;
    };
    const rt = live(base);
    const first = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    // The caller talks on; each reply comes from memory while the first write is still running.
    const t1 = await rt.takeTurn(ctx, { callId: first.callId, utterance: "leave my name", now: NOW });
    const t2 = await rt.takeTurn(ctx, { callId: first.callId, utterance: "Dana", now: NOW });
    expect(t1.nodeId).toBe("askName");
    expect(t2).toMatchObject({ nodeId: "askHappy", slots: { name: "Dana" } });
    expect(order).toEqual([]);
    expect(rt.pendingWrites(first.callId)).toBeGreaterThanOrEqual(6); // 3 x (checkpoint, writes, rows)
    await rt.settle(first.callId);
    // Three checkpoints (start, turn 1, turn 2), stored in the order they were made.
    expect(order).toHaveLength(3);
    expect([...order].sort()).toEqual(order); // checkpoint ids are time-ordered
    // PostgreSQL holds the latest state: another process continues where the caller is.
    expect(await stateInPostgres(biz.id, first.callId)).toMatchObject({ waitingAt: "askHappy", slots: { name: "Dana" } });
    const { turns } = await transcript(first.callId);
    expect(turns.map((t) => t[0])).toEqual([0, 1, 2, 3, 4, 5]);
    await rt.closeCall(first.callId);
  });

  it("retries a failed write and reports it; a write that keeps failing is surfaced when the call ends", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const base = await createCheckpointer();
    const put = base.put.bind(base);
    let failNext = 0;
    base.put = async (...args: Parameters<typeof put>) => {
      if (failNext > 0) {
        failNext--;
        throw new Error("connection terminated unexpectedly");
      }
      return put(...args);
    };
    const rt = live(base);

    // One failure: logged, retried, stored.
    const a = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    failNext = 1;
    await rt.takeTurn(ctx, { callId: a.callId, utterance: "leave my name", now: NOW });
    await rt.closeCall(a.callId);
    expect(failures).toEqual([expect.objectContaining({ callId: a.callId, label: "checkpoint", attempt: 1, final: false })]);
    expect(await stateInPostgres(biz.id, a.callId)).toMatchObject({ waitingAt: "askName" });
    expect((await transcript(a.callId)).turns).toHaveLength(4);

    // Failing for good: the caller is still answered; the end of the call reports what is missing.
    failures = [];
    const b = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    await rt.settle(b.callId);
    failNext = 1_000;
    const t = await rt.takeTurn(ctx, { callId: b.callId, utterance: "leave my name", now: NOW });
    expect(t.say).toEqual(["What's your name?"]);
    expect(rt.pendingWrites(b.callId)).toBeGreaterThan(0);
    // During the call the order is kept: nothing queued behind the failed checkpoint is written.
    await expect(rt.settle(b.callId)).rejects.toBeInstanceOf(CallWriteError);
    expect((await transcript(b.callId)).turns).toHaveLength(2);
    const err = await rt.closeCall(b.callId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallWriteError);
    // Only the checkpoint chain is lost; the turn rows do not depend on it and were written.
    expect((err as CallWriteError).pending).toEqual(["checkpoint"]);
    expect((err as CallWriteError).message).toMatch(/connection terminated/);
    expect(failures.some((f) => f.callId === b.callId && f.final)).toBe(true);
    expect((await transcript(b.callId)).turns).toHaveLength(4);
    expect(rt.pendingWrites(b.callId)).toBe(0);
    expect(rt.holds(b.callId)).toBe(false);
  });

  it("a checkpoint write that fails for good does not cost the call its turn rows and its end", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const base = await createCheckpointer();
    const put = base.put.bind(base);
    // The checkpoint of the first caller turn cannot be stored, however often it is tried.
    let failing = false;
    let doomed: string | null = null;
    base.put = async (...args: Parameters<typeof put>) => {
      if (failing && doomed === null) doomed = args[1].id;
      if (args[1].id === doomed) throw new Error("value too long for type");
      return put(...args);
    };
    const rt = live(base);
    const first = await rt.startCall(ctx, { spec: FRONT_DESK, direction: "inbound", callerPhone: "+12125550100", now: NOW });
    await rt.settle(first.callId);
    failing = true;
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "I'd like to leave my name", now: NOW });
    await rt.takeTurn(ctx, { callId: first.callId, utterance: "Dana Scully", now: NOW });
    const end = await rt.takeTurn(ctx, { callId: first.callId, utterance: "no, not really", now: NOW });
    expect(end).toMatchObject({ ended: true, outcome: "callback_requested" });

    const err = await rt.closeCall(first.callId).catch((e: unknown) => e);
    // Reported: the failed checkpoint and the later ones of the call (they build on it).
    expect(err).toBeInstanceOf(CallWriteError);
    expect((err as CallWriteError).pending[0]).toBe("checkpoint");
    expect((err as CallWriteError).pending.every((l) => l.startsWith("checkpoint"))).toBe(true);
    expect((err as CallWriteError).message).toMatch(/value too long/);
    expect(failures.some((f) => f.callId === first.callId && f.label === "checkpoint" && f.final)).toBe(true);
    // ... and the call's turn rows, its action and its end were written all the same.
    const { call, turns } = await transcript(first.callId);
    expect(call).toMatchObject({ status: "completed", outcome: "callback_requested" });
    expect(call.endedAt).not.toBeNull();
    expect(turns.map((t) => t[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(call.actions).toEqual([expect.objectContaining({ type: "notify_staff", ok: true })]);
    expect(rt.pendingWrites(first.callId)).toBe(0);
    expect(rt.holds(first.callId)).toBe(false);
  });
});
