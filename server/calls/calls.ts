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

/** Stores one turn's lines and actions (seq numbers come from the checkpointed state). */
export async function recordTurn(ctx: CallContext, callId: string, lines: TurnLine[], actions: TurnAction[]) {
  if (lines.length) {
    await ctx.db.callTurn.createMany({
      data: lines.map((l) => ({
        tenantId: ctx.tenantId,
        callId,
        seq: l.seq,
        role: l.role,
        text: l.text,
        nodeId: l.nodeId,
        at: l.at,
        latencyMs: l.latencyMs ?? null,
        data: (l.data ?? {}) as Prisma.InputJsonValue,
      })),
      skipDuplicates: true,
    });
  }
  if (actions.length) {
    await ctx.db.callAction.createMany({
      data: actions.map((a) => ({
        tenantId: ctx.tenantId,
        callId,
        seq: a.seq,
        type: a.type,
        nodeId: a.nodeId,
        ok: a.ok,
        input: a.input as Prisma.InputJsonValue,
        result: a.result as Prisma.InputJsonValue,
        at: a.at,
      })),
      skipDuplicates: true,
    });
  }
}

/** Marks the call ended with its outcome. */
export async function finishCall(ctx: CallContext, callId: string, input: { outcome: string | null; endedAt: Date; status?: CallStatus }) {
  const call = await ctx.db.call.findUniqueOrThrow({ where: { id: callId }, select: { startedAt: true, answeredAt: true } });
  const from = call.answeredAt ?? call.startedAt;
  const updated = await ctx.db.call.update({
    where: { id: callId },
    data: {
      outcome: input.outcome,
      status: input.status ?? (input.outcome === "voicemail" ? "voicemail" : "completed"),
      endedAt: input.endedAt,
      durationSec: Math.max(0, Math.round((input.endedAt.getTime() - from.getTime()) / 1000)),
    },
  });
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
