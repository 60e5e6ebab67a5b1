// Dispatching one call task: claim -> guard -> create the Call -> place it. The task's state
// machine makes a crash at any point safe to retry without a second dial:
//   pending/waiting --claim--> dispatching --guard allow + Call row (one transaction)--> dialing
//   dialing --placeCall(callId)--> (T's placement is idempotent per call id; Call.callTaskId is unique)
// A retried job that finds the task "dialing" only repeats placeCall for the same call id. A task
// stuck in "dispatching" (crash before the Call existed: nothing was dialled) goes back to pending.
// The guard reads its facts in one round trip and its GuardDecision is written in the same
// statement as the task's next state (blocked / waiting / dialing), never on its own.
import type pg from "pg";
import { Prisma, type PrismaClient, type Tx } from "../db";
import { decisionSql, decisionThen, evaluateTask, sqlInstant } from "../compliance/guard";

export const STALE_DISPATCH_MS = 5 * 60_000;
export const TELEPHONY_RETRY_MS = 15 * 60_000;
export const TELEPHONY_NOT_CONFIGURED = "telephony not configured";

export interface Placement {
  isTelephonyConfigured(): boolean;
  /** T's placeCall: idempotent per call id. state "placing": another attempt owns it, retry later. */
  placeCall(ctx: { tenantId: string }, input: { callId: string }): Promise<{ placed: boolean; alreadyPlaced: boolean; roomName: string; state?: string }>;
}

export interface DispatchContext {
  /** The owner client (jobs): claims and Call rows are written with explicit tenant filters. */
  db: PrismaClient;
  tenantId: string;
  placement: Placement;
  /** The owner's raw pg pool (jobs pass systemPool()): the guard's statements skip Prisma's overhead. */
  ownerPool?: pg.Pool;
  now?: () => Date;
  /** Test hook: throws at a named point to simulate a crash. */
  crashAt?: (point: "claimed" | "decided" | "call_created" | "placed") => void;
}

export type DispatchOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "waiting"; reason: string; nextAttemptAt: Date | null }
  | { kind: "blocked"; reason: string }
  | { kind: "withdrawn"; reason: string }
  | { kind: "dialed"; callId: string; alreadyPlaced: boolean };

export async function dispatchTask(ctx: DispatchContext, taskId: string): Promise<DispatchOutcome> {
  const now = ctx.now ? ctx.now() : new Date();
  const { db, tenantId } = ctx;
  const task = await db.callTask.findFirst({ where: { id: taskId, tenantId } });
  if (!task) return { kind: "skipped", reason: "no such task" };
  if (task.simulated) return { kind: "skipped", reason: "simulated tasks are never dialled" };

  // Already past the point of no return: only (re)ask placement for the same call.
  if (task.state === "dialing" && task.callId) return place(ctx, task.callId);

  const stale = new Date(now.getTime() - STALE_DISPATCH_MS);
  const claimed = await db.callTask.updateMany({
    where: {
      id: taskId,
      tenantId,
      nextAttemptAt: { lte: now },
      OR: [{ state: { in: ["pending", "waiting"] } }, { state: "dispatching", claimedAt: { lt: stale } }],
    },
    data: { state: "dispatching", claimedAt: now },
  });
  if (claimed.count === 0) return { kind: "skipped", reason: `task is ${task.state} or not due` };
  ctx.crashAt?.("claimed");

  const gone = await subjectGone(db, task);
  if (gone) {
    await db.callTask.update({ where: { id: taskId }, data: { state: "withdrawn", reasonCode: "subject_gone", reason: gone, claimedAt: null } });
    return { kind: "withdrawn", reason: gone };
  }

  if (!ctx.placement.isTelephonyConfigured()) {
    const nextAttemptAt = new Date(now.getTime() + TELEPHONY_RETRY_MS);
    await db.callTask.update({
      where: { id: taskId },
      data: { state: "waiting", reasonCode: "telephony_not_configured", reason: TELEPHONY_NOT_CONFIGURED, nextAttemptAt, claimedAt: null },
    });
    return { kind: "waiting", reason: TELEPHONY_NOT_CONFIGURED, nextAttemptAt };
  }

  const guard = { db, tenantId, ownerPool: ctx.ownerPool };
  const verdict = await evaluateTask(guard, taskId, now);
  ctx.crashAt?.("decided");
  const where = Prisma.sql`WHERE id = ${taskId} AND "tenantId" = ${tenantId}`;
  if (verdict.decision === "block") {
    await decisionThen(guard, verdict, now, Prisma.sql`
      UPDATE "CallTask" SET state = 'blocked', "reasonCode" = ${verdict.reasonCode}, reason = ${verdict.reason}, "claimedAt" = NULL, "updatedAt" = ${sqlInstant(now)} ${where}`);
    return { kind: "blocked", reason: verdict.reason };
  }
  if (verdict.decision === "defer") {
    // A null next attempt (paused business) is re-checked by the sweep every few minutes.
    const next = verdict.nextAllowedAt ?? new Date(now.getTime() + TELEPHONY_RETRY_MS);
    await decisionThen(guard, verdict, now, Prisma.sql`
      UPDATE "CallTask" SET state = 'waiting', "reasonCode" = ${verdict.reasonCode}, reason = ${verdict.reason}, "nextAttemptAt" = ${sqlInstant(next)},
             "claimedAt" = NULL, "updatedAt" = ${sqlInstant(now)} ${where}`);
    return { kind: "waiting", reason: verdict.reason, nextAttemptAt: verdict.nextAllowedAt };
  }

  // The campaign's workflow came with the guard's facts (guard_facts joins the campaign).
  const { workflowId, workflowVersionId } = verdict.facts.task;
  // The Call row and the "dialing" state commit together; Call.callTaskId is unique, so a retry
  // that got here twice finds the first call instead of making a second.
  const callId = await db.$transaction(async (tx: Tx) => {
    const existing = await tx.call.findUnique({ where: { callTaskId: taskId }, select: { id: true } });
    const call =
      existing ??
      (await tx.call.create({
        data: {
          tenantId,
          direction: "outbound",
          contactId: task.contactId,
          toNumber: task.phone,
          workflowId,
          workflowVersionId,
          callTaskId: taskId,
          metadata: { campaignId: task.campaignId, attempt: task.attempt, kind: task.kind },
        },
        select: { id: true },
      }));
    // The allow decision is recorded by the same statement that moves the task to "dialing".
    await tx.$executeRaw`
      WITH decision AS (${decisionSql(tenantId, verdict, now)})
      UPDATE "CallTask" SET state = 'dialing', "callId" = ${call.id}, "dialedAt" = ${sqlInstant(now)}, "reasonCode" = 'dialing', reason = 'Calling now',
             "claimedAt" = NULL, "updatedAt" = ${sqlInstant(now)} ${where}`;
    return call.id;
  });
  ctx.crashAt?.("call_created");
  return place(ctx, callId);
}

async function place(ctx: DispatchContext, callId: string): Promise<DispatchOutcome> {
  let result: Awaited<ReturnType<Placement["placeCall"]>>;
  try {
    result = await ctx.placement.placeCall({ tenantId: ctx.tenantId }, { callId });
  } catch (error) {
    // T's PlacementError: NOT_CONFIGURED (no trunk/number) -> wait, nothing was dialled, the same
    // Call is reused next time; INVALID (bad number...) -> the task fails. Anything else: the job retries.
    const code = (error as { name?: string; code?: string }).name === "PlacementError" ? (error as { code?: string }).code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    const now = ctx.now ? ctx.now() : new Date();
    if (code === "NOT_CONFIGURED") {
      await ctx.db.callTask.updateMany({
        where: { callId, tenantId: ctx.tenantId, state: "dialing" },
        data: { state: "waiting", dialedAt: null, reasonCode: "telephony_not_configured", reason: TELEPHONY_NOT_CONFIGURED, nextAttemptAt: new Date(now.getTime() + TELEPHONY_RETRY_MS) },
      });
      return { kind: "waiting", reason: TELEPHONY_NOT_CONFIGURED, nextAttemptAt: null };
    }
    if (code === "INVALID" || code === "NOT_FOUND") {
      await ctx.db.callTask.updateMany({ where: { callId, tenantId: ctx.tenantId, state: "dialing" }, data: { state: "failed", reasonCode: "placement_invalid", reason: message.slice(0, 300), endedAt: now } });
      return { kind: "blocked", reason: message };
    }
    throw error;
  }
  ctx.crashAt?.("placed");
  if (!result.placed && result.state === "placing") throw new Error(`call ${callId}: another attempt is placing it; retrying later`);
  return { kind: "dialed", callId, alreadyPlaced: result.alreadyPlaced };
}

/** Why the task's subject no longer needs a call (null: it still does). */
async function subjectGone(
  db: PrismaClient,
  task: { tenantId: string; subjectType: string; subjectId: string; kind: string; callId: string | null; invoiceId: string | null },
): Promise<string | null> {
  if (task.subjectType === "appointment") {
    const a = await db.appointment.findFirst({ where: { id: task.subjectId, tenantId: task.tenantId }, select: { status: true, startsAt: true } });
    if (!a || !["scheduled", "confirmed", "rescheduled"].includes(a.status)) return "The appointment was cancelled or completed";
    if (a.startsAt <= new Date()) return "The appointment has passed";
  }
  if (task.subjectType === "invoice") {
    const i = await db.invoice.findFirst({ where: { id: task.subjectId, tenantId: task.tenantId }, select: { status: true } });
    if (!i || ["paid", "void", "draft"].includes(i.status)) return "The invoice was paid or voided";
    if (task.kind === "promise_check") {
      const kept = await db.promiseToPay.findFirst({ where: { invoiceId: task.subjectId, status: "kept" }, select: { id: true } });
      const pending = await db.promiseToPay.findFirst({ where: { invoiceId: task.subjectId, status: "pending" }, select: { id: true } });
      if (kept && !pending) return "The promise to pay was kept";
    }
  }
  return null;
}

/**
 * Cron sweep: due tasks get a dispatch job (job key per task, so a task never has two), and
 * dispatches stuck before their Call existed go back to pending. Returns the task ids to enqueue.
 */
export async function dueTasks(db: PrismaClient, now: Date = new Date(), limit = 500) {
  await db.callTask.updateMany({
    where: { state: "dispatching", claimedAt: { lt: new Date(now.getTime() - STALE_DISPATCH_MS) }, callId: null },
    data: { state: "pending", claimedAt: null, reason: "Recovered after an interrupted dispatch" },
  });
  return db.callTask.findMany({
    where: {
      state: { in: ["pending", "waiting"] },
      simulated: false,
      nextAttemptAt: { lte: now },
      tenant: { status: "active" },
      campaign: { status: "active" },
    },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, tenantId: true },
  });
}
