// The Calls pages' read model: the call list with its filters, and one call with its conversation,
// per-turn timings, the workflow path it took and the actions the agent ran. Rows are written by
// the runtime (server/calls) and telephony (placement, webhooks); this only reads them.
import { z } from "zod";
import type { Prisma, Tx } from "../db";
import type { CallDirection, CallPlacementState, CallStatus } from "../db/generated/enums";
import { contactDisplayName } from "../invoices/invoices";
import { addDays, wallTimeToInstant, type LocalDate } from "../scheduling/zoned-time";
import { CALL_OUTCOMES } from "../../agents/graphs/spec";

export interface CallHistoryContext {
  db: Tx;
  tenantId: string;
}

export const CALL_STATUSES = ["queued", "ringing", "in_progress", "completed", "no_answer", "busy", "failed", "voicemail"] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");
const id = z.string().min(1).max(64);

export const listCallHistoryInput = z.object({
  direction: z.enum(["inbound", "outbound", "test"]).optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  status: z.enum(CALL_STATUSES).optional(),
  workflowId: id.optional(),
  contactId: id.optional(),
  /** Calendar days in the business's time zone, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: id.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListCallHistoryInput = z.input<typeof listCallHistoryInput>;

export interface CallListItem {
  id: string;
  direction: CallDirection;
  status: CallStatus;
  simulated: boolean;
  outcome: string | null;
  summary: string | null;
  startedAt: Date;
  durationSec: number | null;
  /** The other party's number: the caller inbound, the callee outbound. */
  otherNumber: string;
  contact: { id: string; name: string } | null;
  workflow: { id: string; name: string } | null;
}

function localDate(iso: string): LocalDate {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

const contactSelect = { select: { id: true, givenName: true, familyName: true, company: true } } as const;

async function workflowNames(ctx: CallHistoryContext, ids: (string | null)[]) {
  const unique = [...new Set(ids.filter((v): v is string => !!v))];
  if (!unique.length) return new Map<string, string>();
  const rows = await ctx.db.workflow.findMany({ where: { tenantId: ctx.tenantId, id: { in: unique } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Newest first; `nextCursor` pages on. */
export async function listCallHistory(ctx: CallHistoryContext, raw: ListCallHistoryInput = {}): Promise<{ items: CallListItem[]; nextCursor: string | null }> {
  const input = listCallHistoryInput.parse(raw);
  const where: Prisma.CallWhereInput = { tenantId: ctx.tenantId };
  if (input.direction) where.direction = input.direction;
  if (input.outcome) where.outcome = input.outcome;
  if (input.status) where.status = input.status;
  if (input.workflowId) where.workflowId = input.workflowId;
  if (input.contactId) where.contactId = input.contactId;
  if (input.from || input.to) {
    const tenant = await ctx.db.tenant.findFirstOrThrow({ where: { id: ctx.tenantId }, select: { timezone: true } });
    where.startedAt = {
      ...(input.from ? { gte: wallTimeToInstant(localDate(input.from), 0, tenant.timezone) } : {}),
      ...(input.to ? { lt: wallTimeToInstant(addDays(localDate(input.to), 1), 0, tenant.timezone) } : {}),
    };
  }
  const rows = await ctx.db.call.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      direction: true,
      status: true,
      simulated: true,
      outcome: true,
      summary: true,
      startedAt: true,
      durationSec: true,
      fromNumber: true,
      toNumber: true,
      workflowId: true,
      contact: contactSelect,
    },
  });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const names = await workflowNames(ctx, page.map((r) => r.workflowId));
  return {
    items: page.map((r) => ({
      id: r.id,
      direction: r.direction,
      status: r.status,
      simulated: r.simulated,
      outcome: r.outcome,
      summary: r.summary,
      startedAt: r.startedAt,
      durationSec: r.durationSec,
      otherNumber: r.direction === "outbound" ? r.toNumber : r.fromNumber,
      contact: r.contact ? { id: r.contact.id, name: contactDisplayName(r.contact) } : null,
      workflow: r.workflowId ? { id: r.workflowId, name: names.get(r.workflowId) ?? "Deleted workflow" } : null,
    })),
    nextCursor: more ? page[page.length - 1]!.id : null,
  };
}

export interface CallTurnView {
  seq: number;
  role: string;
  text: string;
  nodeId: string | null;
  at: Date;
  latencyMs: number | null;
}

export interface CallDetail extends CallListItem {
  fromNumber: string;
  toNumber: string;
  sentiment: string | null;
  summarySource: string | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  workflowVersion: number | null;
  recordingUrl: string | null;
  placementState: CallPlacementState;
  placementError: string | null;
  turns: CallTurnView[];
  /** Workflow node ids in the order the conversation visited them (repeats collapsed). */
  path: string[];
  actions: { seq: number; type: string; nodeId: string | null; ok: boolean; input: unknown; result: unknown; at: Date }[];
}

export async function getCallDetail(ctx: CallHistoryContext, callId: string): Promise<CallDetail | null> {
  const call = await ctx.db.call.findFirst({
    where: { id: callId, tenantId: ctx.tenantId },
    include: {
      contact: contactSelect,
      turns: { orderBy: { seq: "asc" } },
      actions: { orderBy: { seq: "asc" } },
    },
  });
  if (!call) return null;
  const names = await workflowNames(ctx, [call.workflowId]);
  const version = call.workflowVersionId
    ? await ctx.db.workflowVersion.findFirst({ where: { id: call.workflowVersionId, tenantId: ctx.tenantId }, select: { version: true } })
    : null;
  const path: string[] = [];
  // The runtime may record the nodes a turn passed through in turn.data.path; else the turn's node.
  for (const t of call.turns) {
    const visited = Array.isArray((t.data as { path?: unknown })?.path) ? ((t.data as { path: unknown[] }).path.filter((n) => typeof n === "string") as string[]) : t.nodeId ? [t.nodeId] : [];
    for (const node of visited) if (path[path.length - 1] !== node) path.push(node);
  }
  return {
    id: call.id,
    direction: call.direction,
    status: call.status,
    simulated: call.simulated,
    outcome: call.outcome,
    summary: call.summary,
    startedAt: call.startedAt,
    durationSec: call.durationSec,
    otherNumber: call.direction === "outbound" ? call.toNumber : call.fromNumber,
    contact: call.contact ? { id: call.contact.id, name: contactDisplayName(call.contact) } : null,
    workflow: call.workflowId ? { id: call.workflowId, name: names.get(call.workflowId) ?? "Deleted workflow" } : null,
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    sentiment: call.sentiment,
    summarySource: call.summarySource,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    workflowVersion: version?.version ?? null,
    recordingUrl: call.recordingUrl,
    placementState: call.placementState,
    placementError: call.placementError,
    turns: call.turns.map((t) => ({ seq: t.seq, role: t.role, text: t.text, nodeId: t.nodeId, at: t.at, latencyMs: t.latencyMs })),
    path,
    actions: call.actions.map((a) => ({ seq: a.seq, type: a.type, nodeId: a.nodeId, ok: a.ok, input: a.input, result: a.result, at: a.at })),
  };
}
