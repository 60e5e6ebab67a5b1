import { describe, expect, it } from "vitest";
import { ERROR, INTERRUPT, RESUME } from "@langchain/langgraph-checkpoint";
import { systemDb, systemPool, withTenant } from "../../server/db";
import { finishCall, recordTurn } from "../../server/calls/calls";
import { CHECKPOINT_SCHEMA, createCheckpointer } from "./checkpointer";

const cfg = (thread: string) => ({ configurable: { thread_id: thread, checkpoint_ns: "", checkpoint_id: "cp-1" } });

async function writesOf(thread: string) {
  const r = await systemPool().query<{ task_id: string; idx: number; channel: string; blob: Buffer | null }>(
    `SELECT task_id, idx, channel, blob FROM "${CHECKPOINT_SCHEMA}".checkpoint_writes WHERE thread_id = $1 ORDER BY task_id, idx`,
    [thread],
  );
  return r.rows.map((w) => ({ task: w.task_id, idx: w.idx, channel: w.channel, value: w.blob ? JSON.parse(w.blob.toString()) : null }));
}

describe("BatchedPostgresSaver.putWrites (one statement)", () => {
  it("stores every write like the stock saver: upsert keeps the last per idx, insert the first", async () => {
    const saver = await createCheckpointer();
    const thread = `t-${Math.random().toString(36).slice(2)}`;
    // Special channels only: the stock saver upserts, one INSERT per write, so the last wins.
    await saver.putWrites(cfg(thread), [[INTERRUPT, { a: 1 }], [INTERRUPT, { a: 2 }], [RESUME, "r1"]], "task-a");
    await saver.putWrites(cfg(thread), [[INTERRUPT, { a: 3 }]], "task-a");
    // Ordinary channels: plain insert, DO NOTHING on conflict: the first stays.
    await saver.putWrites(cfg(thread), [["slots", { x: 1 }], ["lines", ["hi"]], [ERROR, "boom"]], "task-b");
    await saver.putWrites(cfg(thread), [["slots", { x: 9 }]], "task-b");
    await saver.putWrites(cfg(thread), [], "task-c");
    expect(await writesOf(thread)).toEqual([
      { task: "task-a", idx: -4, channel: RESUME, value: "r1" },
      { task: "task-a", idx: -3, channel: INTERRUPT, value: { a: 3 } },
      { task: "task-b", idx: -1, channel: ERROR, value: "boom" },
      { task: "task-b", idx: 0, channel: "slots", value: { x: 1 } },
      { task: "task-b", idx: 1, channel: "lines", value: ["hi"] },
    ]);
    const tuple = await saver.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } });
    expect(tuple).toBeUndefined(); // writes alone make no checkpoint
    await saver.deleteThread(thread);
    expect(await writesOf(thread)).toEqual([]);
  });
});

describe("recordTurn / finishCall (raw statements)", () => {
  it("writes turns and actions once, under the tenant, and ends the call with its duration", async () => {
    const s = Math.random().toString(36).slice(2, 10);
    const tenant = await systemDb().tenant.create({ data: { name: `Rec ${s}`, slug: `rec-${s}` } });
    const other = await systemDb().tenant.create({ data: { name: `Other ${s}`, slug: `other-${s}` } });
    const answeredAt = new Date("2026-12-01T10:00:00.000Z");
    const call = await systemDb().call.create({
      data: { tenantId: tenant.id, direction: "test", simulated: true, status: "in_progress", startedAt: new Date("2026-12-01T09:59:50.000Z"), answeredAt },
    });
    const at = new Date("2026-12-01T10:00:05.123Z");
    const lines = [
      { seq: 0, role: "agent" as const, text: "Hello — it's \"quoted\" \\ and ünïcode", nodeId: "greet", at, latencyMs: 7 },
      { seq: 1, role: "caller" as const, text: "Hi", nodeId: null, at, latencyMs: null, data: { confidence: 0.9 } },
    ];
    const actions = [{ seq: 0, type: "find_slots", nodeId: "n1", ok: true, input: { day: "mon" }, result: { slots: [{ at: "x" }], n: 1 }, at }];
    await withTenant({ tenantId: tenant.id }, (tx) => recordTurn({ db: tx, tenantId: tenant.id, actorId: null }, call.id, lines, actions));
    // Replaying the same seq numbers adds nothing (skipDuplicates semantics).
    await withTenant({ tenantId: tenant.id }, (tx) => recordTurn({ db: tx, tenantId: tenant.id, actorId: null }, call.id, lines, actions));
    await withTenant({ tenantId: tenant.id }, (tx) => recordTurn({ db: tx, tenantId: tenant.id, actorId: null }, call.id, [], []));
    const turns = await systemDb().callTurn.findMany({ where: { callId: call.id }, orderBy: { seq: "asc" } });
    expect(turns.map((t) => ({ tenantId: t.tenantId, seq: t.seq, role: t.role, text: t.text, nodeId: t.nodeId, at: t.at.toISOString(), latencyMs: t.latencyMs, data: t.data }))).toEqual([
      { tenantId: tenant.id, seq: 0, role: "agent", text: lines[0]!.text, nodeId: "greet", at: at.toISOString(), latencyMs: 7, data: {} },
      { tenantId: tenant.id, seq: 1, role: "caller", text: "Hi", nodeId: null, at: at.toISOString(), latencyMs: null, data: { confidence: 0.9 } },
    ]);
    const acts = await systemDb().callAction.findMany({ where: { callId: call.id } });
    expect(acts.map((a) => ({ seq: a.seq, type: a.type, nodeId: a.nodeId, ok: a.ok, input: a.input, result: a.result, at: a.at.toISOString() }))).toEqual([
      { seq: 0, type: "find_slots", nodeId: "n1", ok: true, input: { day: "mon" }, result: { slots: [{ at: "x" }], n: 1 }, at: at.toISOString() },
    ]);
    // Row-level security: another tenant can neither write rows for this call nor end it.
    await expect(
      withTenant({ tenantId: other.id }, (tx) => recordTurn({ db: tx, tenantId: tenant.id, actorId: null }, call.id, [{ ...lines[1]!, seq: 5 }], [])),
    ).rejects.toThrow();
    await expect(withTenant({ tenantId: other.id }, (tx) => finishCall({ db: tx, tenantId: other.id, actorId: null }, call.id, { outcome: "completed", endedAt: at }))).rejects.toThrow(/not found/);

    const before = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    const endedAt = new Date(answeredAt.getTime() + 62_500); // 62.5 s: Math.round -> 63
    await withTenant({ tenantId: tenant.id }, (tx) => finishCall({ db: tx, tenantId: tenant.id, actorId: null }, call.id, { outcome: "voicemail", endedAt }));
    const ended = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect({ status: ended.status, outcome: ended.outcome, endedAt: ended.endedAt?.toISOString(), durationSec: ended.durationSec }).toEqual({
      status: "voicemail",
      outcome: "voicemail",
      endedAt: endedAt.toISOString(),
      durationSec: 63,
    });
    expect(ended.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(Math.abs(ended.updatedAt.getTime() - Date.now())).toBeLessThan(60_000); // stored as UTC
    const audit = await systemDb().auditLog.findMany({ where: { tenantId: tenant.id, targetId: call.id } });
    expect(audit.map((a) => a.action)).toEqual(["call.ended"]);
  });
});
