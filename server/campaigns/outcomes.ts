// What happens after a campaign call ends: the task records the result, follow-ups are planned
// from the outcome, and the auto-pause looks at the rolling window. W3's post-call job calls
// applyCallOutcome(ctx, callId) once Call.status / outcome / durationSec / endedAt are set.
//
//   no_answer, busy, voicemail -> a retry after the business's retry gap (at most maxRetries)
//   callback_requested         -> a task at the asked time (Call.metadata.callbackAt, ISO), else +1 day
//   promise_to_pay             -> a promise_check task the day after the promised date (withdrawn if kept)
//   rescheduled                -> nothing here: the reminder planner sees the moved appointment
//   opted_out                  -> the number goes on the do-not-call list at once
import type { PrismaClient } from "../db";
import { evaluateAutoPause } from "../compliance/control";
import { loadGuardSettings, effectiveSettings } from "../compliance/guard";
import { addDoNotCall } from "./do-not-call";

const HOUR = 3_600_000;
const RETRY_OUTCOMES = new Set(["no_answer", "busy", "voicemail", "no_response"]);
/** Outcomes that mean nobody (or a machine) answered: no conversation took place. */
const NO_CONVERSATION = new Set(["no_answer", "busy", "voicemail", "failed", "no_response", "wrong_person"]);

export interface OutcomeContext {
  db: PrismaClient;
  tenantId: string;
}

export interface AppliedOutcome {
  taskId: string | null;
  outcome: string | null;
  followUp: { kind: string; attempt: number; nextAttemptAt: Date } | null;
}

export async function applyCallOutcome(ctx: OutcomeContext, callId: string, now: Date = new Date()): Promise<AppliedOutcome> {
  const { db, tenantId } = ctx;
  const call = await db.call.findFirst({
    where: { id: callId, tenantId },
    select: { id: true, status: true, outcome: true, durationSec: true, endedAt: true, answeredAt: true, callTaskId: true, simulated: true, metadata: true },
  });
  if (!call?.callTaskId) return { taskId: null, outcome: null, followUp: null };
  const task = await db.callTask.findFirstOrThrow({ where: { id: call.callTaskId, tenantId } });
  const outcome = call.outcome ?? (call.status === "completed" ? "completed" : call.status);
  // Idempotent: a second post-call run finds the task finished and the follow-up already there.
  const failed = call.status === "failed";
  const conversation = !failed && call.answeredAt !== null && !NO_CONVERSATION.has(outcome);
  await db.callTask.update({
    where: { id: task.id },
    data: {
      state: failed ? "failed" : "done",
      outcome,
      durationSec: call.durationSec,
      endedAt: call.endedAt ?? now,
      conversation,
      reasonCode: outcome,
      reason: `Called: ${outcome.replace(/_/g, " ")}`,
    },
  });

  const ended = call.endedAt ?? now;
  let followUp: AppliedOutcome["followUp"] = null;
  const settings = effectiveSettings(await loadGuardSettings({ db, tenantId }));
  if (RETRY_OUTCOMES.has(outcome) || failed) {
    const retriesSoFar = await db.callTask.count({
      where: { campaignId: task.campaignId, subjectType: task.subjectType, subjectId: task.subjectId, kind: "retry", attempt: { lte: task.attempt } },
    });
    if (retriesSoFar < settings.maxRetries) followUp = { kind: "retry", attempt: task.attempt + 1, nextAttemptAt: new Date(ended.getTime() + settings.retryGapHours * HOUR) };
  } else if (outcome === "callback_requested") {
    const asked = (call.metadata as Record<string, unknown> | null)?.callbackAt;
    const at = typeof asked === "string" && !Number.isNaN(Date.parse(asked)) ? new Date(asked) : new Date(ended.getTime() + 24 * HOUR);
    followUp = { kind: "callback", attempt: task.attempt + 1, nextAttemptAt: at };
  } else if (outcome === "promise_to_pay" && task.invoiceId) {
    const promise = await db.promiseToPay.findFirst({ where: { invoiceId: task.invoiceId, status: "pending" }, orderBy: { promisedFor: "desc" } });
    if (promise) {
      // The day after the promised date, 10:00 UTC as a start; the guard moves it into the callee's window.
      followUp = { kind: "promise_check", attempt: task.attempt + 1, nextAttemptAt: new Date(promise.promisedFor.getTime() + 34 * HOUR) };
    }
  } else if (outcome === "opted_out") {
    await addDoNotCall({ db, tenantId, actorId: null }, { phone: task.phone, reason: "Asked not to be called during a call", source: "call_opt_out" });
  }

  if (followUp && !call.simulated) {
    await db.callTask.createMany({
      data: [
        {
          tenantId,
          campaignId: task.campaignId,
          kind: followUp.kind,
          subjectType: task.subjectType,
          subjectId: task.subjectId,
          contactId: task.contactId,
          invoiceId: task.invoiceId,
          phone: task.phone,
          attempt: followUp.attempt,
          dueAt: task.dueAt,
          nextAttemptAt: followUp.nextAttemptAt,
          reason: `Follow-up after ${outcome.replace(/_/g, " ")}`,
        },
      ],
      skipDuplicates: true,
    });
  }
  if (!call.simulated) await evaluateAutoPause({ db, tenantId, actorId: null }, now);
  return { taskId: task.id, outcome, followUp };
}
