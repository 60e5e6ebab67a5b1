// Calls: the Call row, its turns (what each side said) and the actions the agent took. The
// workflow runtime (agents/runtime) writes them every turn; telephony (#5) and outbound (#6)
// read and extend them through these functions. All of it runs inside withTenant (RLS).
import { z } from "zod";
import type { Prisma, Tx } from "../db";
import type { CallDirection, CallStatus } from "../db/generated/client";
import { enqueuePostCall } from "../post-call/enqueue";
import { recordAudit } from "../audit/log";

export interface CallContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export interface NewCall {
  id?: string;
  direction: CallDirection;
  simulated?: boolean;
  workflowId?: string | null;
  workflowVersionId?: string | null;
  contactId?: string | null;
  fromNumber?: string;
  toNumber?: string;
  startedAt?: Date;
  metadata?: Record<string, unknown>;
}

/**
 * Creates the Call row, or (outbound: the dispatcher created it already) takes the existing one
 * over: it becomes in progress, answered now, pinned to the workflow version.
 */
export async function openCall(ctx: CallContext, input: NewCall) {
  const now = input.startedAt ?? new Date();
  const data = {
    status: "in_progress" as CallStatus,
    simulated: input.simulated ?? false,
    workflowId: input.workflowId ?? null,
    workflowVersionId: input.workflowVersionId ?? null,
    contactId: input.contactId ?? null,
    answeredAt: now,
  };
  if (input.id) {
    const existing = await ctx.db.call.findUnique({ where: { id: input.id }, select: { id: true, metadata: true, contactId: true, fromNumber: true, toNumber: true } });
    if (existing) {
      return ctx.db.call.update({
        where: { id: input.id },
        data: {
          ...data,
          contactId: input.contactId ?? existing.contactId,
          fromNumber: input.fromNumber || existing.fromNumber,
          toNumber: input.toNumber || existing.toNumber,
          metadata: { ...((existing.metadata ?? {}) as Record<string, unknown>), ...(input.metadata ?? {}) } as Prisma.InputJsonValue,
        },
      });
    }
  }
  const call = await ctx.db.call.create({
    data: {
      ...data,
      id: input.id,
      tenantId: ctx.tenantId,
      direction: input.direction,
      fromNumber: input.fromNumber ?? "",
      toNumber: input.toNumber ?? "",
      startedAt: now,
      metadata: (input.metadata ?? {}) as Prisma.InputJsonValue,
    },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "call.started",
    targetType: "Call",
    targetId: call.id,
    meta: { direction: call.direction, simulated: call.simulated, workflowVersionId: call.workflowVersionId },
  });
  return call;
}

export interface TurnLine {
  seq: number;
  role: "agent" | "caller" | "system";
  text: string;
  nodeId: string | null;
  at: Date;
  latencyMs?: number | null;
  data?: Record<string, unknown>;
}
export interface TurnAction {
  seq: number;
  type: string;
  nodeId: string | null;
  ok: boolean;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
  at: Date;
}

/**
 * Stores one turn's lines and actions (seq numbers come from the checkpointed state) in ONE
 * statement (both inserts from JSON recordsets), instead of one Prisma createMany per table:
 * one round trip and no Prisma query compilation on the turn's path. Same rows as createMany
 * with skipDuplicates (ON CONFLICT DO NOTHING); runs in the caller's tenant transaction (RLS).
 */
export async function recordTurn(ctx: CallContext, callId: string, lines: TurnLine[], actions: TurnAction[]) {
  if (!lines.length && !actions.length) return;
  const lineRows = lines.map((l) => ({
    seq: l.seq,
    role: l.role,
    text: l.text,
    nodeId: l.nodeId,
    at: l.at.toISOString(),
    latencyMs: l.latencyMs ?? null,
    data: l.data ?? {},
  }));
  const actionRows = actions.map((a) => ({
    seq: a.seq,
    type: a.type,
    nodeId: a.nodeId,
    ok: a.ok,
    input: a.input,
    result: a.result,
    at: a.at.toISOString(),
  }));
  await ctx.db.$executeRaw`
    WITH turns AS (
      INSERT INTO "CallTurn" (id, "tenantId", "callId", seq, role, text, "nodeId", at, "latencyMs", data)
      SELECT 'ct' || replace(gen_random_uuid()::text, '-', ''), ${ctx.tenantId}, ${callId}, x.seq, x.role, x.text, x."nodeId", x.at, x."latencyMs", COALESCE(x.data, '{}'::jsonb)
      FROM jsonb_to_recordset(${JSON.stringify(lineRows)}::jsonb)
        AS x(seq int, role text, text text, "nodeId" text, at timestamptz, "latencyMs" int, data jsonb)
      ON CONFLICT DO NOTHING
      RETURNING 1
    ), acts AS (
      INSERT INTO "CallAction" (id, "tenantId", "callId", seq, type, "nodeId", ok, input, result, at)
      SELECT 'ca' || replace(gen_random_uuid()::text, '-', ''), ${ctx.tenantId}, ${callId}, x.seq, x.type, x."nodeId", x.ok, COALESCE(x.input, '{}'::jsonb), COALESCE(x.result, '{}'::jsonb), x.at
      FROM jsonb_to_recordset(${JSON.stringify(actionRows)}::jsonb)
        AS x(seq int, type text, "nodeId" text, ok boolean, input jsonb, result jsonb, at timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM turns) + (SELECT count(*) FROM acts)`;
}

/**
 * Marks the call ended with its outcome: one UPDATE (duration from answeredAt, else startedAt,
 * computed by PostgreSQL like Math.round would) instead of a read and an update.
 */
export async function finishCall(ctx: CallContext, callId: string, input: { outcome: string | null; endedAt: Date; status?: CallStatus }) {
  const status: CallStatus = input.status ?? (input.outcome === "voicemail" ? "voicemail" : "completed");
  const rows = await ctx.db.$queryRaw<{ id: string; status: CallStatus; durationSec: number }[]>`
    UPDATE "Call" SET
      outcome = ${input.outcome},
      status = ${status}::"CallStatus",
      "endedAt" = ${input.endedAt.toISOString()}::timestamptz,
      "durationSec" = GREATEST(0, floor(EXTRACT(EPOCH FROM (${input.endedAt.toISOString()}::timestamptz - COALESCE("answeredAt", "startedAt"))) + 0.5))::int,
      "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE id = ${callId}
    RETURNING id, status::text AS status, "durationSec"`;
  const updated = rows[0];
  if (!updated) throw new Error(`Call ${callId} not found`);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "call.ended",
    targetType: "Call",
    targetId: callId,
    meta: { outcome: input.outcome },
  });
  // Summary, e-mail, follow-ups: queued in this transaction, so they run only if the end commits.
  await enqueuePostCall(ctx.db, callId);
  return updated;
}

export async function getCall(ctx: CallContext, id: string) {
  return ctx.db.call.findUnique({
    where: { id },
    include: { turns: { orderBy: { seq: "asc" } }, actions: { orderBy: { seq: "asc" } } },
  });
}

export const listCallsInput = z.object({
  direction: z.enum(["inbound", "outbound", "test"]).optional(),
  contactId: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
});

export async function listCalls(ctx: CallContext, raw: z.input<typeof listCallsInput> = {}) {
  const input = listCallsInput.parse(raw);
  const rows = await ctx.db.call.findMany({
    where: { direction: input.direction, contactId: input.contactId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > input.limit;
  const items = more ? rows.slice(0, input.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}
