// Post-call work for one ended, real (not simulated) call. Run by jobs/tasks/post_call.ts, queued
// by enqueuePostCall (server/post-call/enqueue.ts) when the runtime ends a call and when LiveKit
// reports room_finished.
//
//   1. summary + sentiment + detected intents (LLM when configured, else local; summary.ts)
//   2. outcome processing: G's applyCallOutcome (campaign task result, follow-ups, opt-out)
//   3. minutes used this month (see usage below)
//   4. e-mail summary + transcript to the business (Tenant.settings.notificationEmail, else the
//      owners) through the e-mail outbox
//   5. an URGENT lead created in this call: an urgent e-mail, and when Tenant.settings.onCallNumber
//      is set and telephony is configured, an immediate outbound "urgent briefing" call to it.
//
// Idempotent: steps 1, 3, 4 and the urgent call's Call row commit in ONE transaction together with
// Call.metadata.postCall.doneAt, under a row lock on the call; a re-run sees doneAt and sends
// nothing again. Placing the urgent call happens after that commit and is itself idempotent per
// call id (placement.ts), so a retried job re-tries only the placement.
//
// Minutes used: no extra table. A month's usage is the sum over the business's non-simulated
// calls started in that calendar month (UTC) of ceil(durationSec / 60) — the way carriers bill.
// minutesUsed() computes it from Call (index Call(tenantId, startedAt)); the value at the time of
// the call is also kept in Call.metadata.postCall.minutesThisMonth for the e-mail.
import type { Prisma, PrismaClient } from "../db";
import { systemDb } from "../db";
import { recordAudit } from "../audit/log";
import { enqueueEmail } from "../email/outbox";
import { applyCallOutcome } from "../campaigns/outcomes";
import type { CircuitBreaker } from "../system/circuit-breaker";
import { isTelephonyConfigured, placeCall } from "../telephony/placement";
import { llmOptionsFromEnv, summarizeCall, type CallSummary, type LlmOptions } from "./summary";
import { urgentBriefingSpec } from "./urgent-briefing";

const TERMINAL = new Set(["completed", "no_answer", "busy", "failed", "voicemail"]);
const E164 = /^\+[1-9]\d{6,14}$/;

export interface PostCallDeps {
  db?: PrismaClient;
  now?: () => Date;
  /** undefined: from the environment (OPENAI_API_KEY, OPENAI_BASE_URL); null: local only. */
  llm?: LlmOptions | null;
  breaker?: CircuitBreaker;
  placement?: {
    isTelephonyConfigured(): boolean;
    placeCall(ctx: { tenantId: string }, input: { callId: string }): Promise<{ placed: boolean; alreadyPlaced: boolean }>;
  };
  applyOutcome?: (ctx: { db: PrismaClient; tenantId: string }, callId: string, now: Date) => Promise<unknown>;
}

export interface PostCallMarker {
  doneAt: string;
  summarySource: "llm" | "local";
  fallbackReason?: string;
  intents: string[];
  minutesThisMonth: number;
  emailIds: string[];
  urgent?: { leadId: string; emailIds: string[]; callId: string | null; note: string };
}

export type PostCallResult =
  | { kind: "skipped"; reason: "not_found" | "simulated" }
  | { kind: "already_done"; marker: PostCallMarker; urgentPlaced: boolean | null }
  | { kind: "done"; marker: PostCallMarker; summary: CallSummary; urgentPlaced: boolean | null };

/** See runPostCall: how long a call without an outcome waits for the runtime's end. */
export const ENDED_EARLY_GRACE_MS = 20_000;

export class CallNotEndedError extends Error {
  constructor(callId: string) {
    super(`Call ${callId} has not ended yet; post-call work waits for it`);
    this.name = "CallNotEndedError";
  }
}

/** Calendar month (UTC) containing `at`: [start, end). */
export function monthOf(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Billable minutes of a business's real calls started in `at`'s month (UTC): Σ ceil(durationSec/60). */
export async function minutesUsed(db: PrismaClient | Prisma.TransactionClient, tenantId: string, at: Date): Promise<number> {
  const { start, end } = monthOf(at);
  const rows = await db.$queryRaw<{ minutes: bigint | null }[]>`
    SELECT SUM(CEIL(COALESCE("durationSec", 0) / 60.0))::bigint AS minutes FROM "Call"
     WHERE "tenantId" = ${tenantId} AND "simulated" = false AND "startedAt" >= ${start} AND "startedAt" < ${end}`;
  return Number(rows[0]?.minutes ?? 0);
}

function settingsOf(json: unknown): Record<string, unknown> {
  return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
}

/** Where the business wants call e-mails: settings.notificationEmail (comma-separated ok), else its owners. */
export async function notificationRecipients(db: PrismaClient, tenantId: string, settings: Record<string, unknown>): Promise<string[]> {
  const configured = typeof settings.notificationEmail === "string" ? settings.notificationEmail : "";
  const list = configured
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s));
  if (list.length) return [...new Set(list)];
  const owners = await db.membership.findMany({ where: { tenantId, role: "owner" }, select: { user: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
  return [...new Set(owners.map((o) => o.user.email))];
}

function when(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at);
  } catch {
    return at.toISOString();
  }
}

function label(role: string) {
  return role === "agent" ? "Agent" : role === "caller" ? "Caller" : "System";
}

export async function runPostCall(input: { tenantId: string; callId: string }, deps: PostCallDeps = {}): Promise<PostCallResult> {
  const db = deps.db ?? systemDb();
  const now = deps.now?.() ?? new Date();
  const { tenantId, callId } = input;
  const placement = deps.placement ?? { isTelephonyConfigured, placeCall: (ctx: { tenantId: string }, i: { callId: string }) => placeCall(ctx, i) };

  const call = await db.call.findFirst({
    where: { id: callId, tenantId },
    include: {
      contact: { select: { givenName: true, familyName: true, phone: true } },
      turns: { orderBy: { seq: "asc" }, select: { role: true, text: true, data: true, at: true } },
      actions: { orderBy: { seq: "asc" }, select: { type: true, ok: true, input: true, result: true } },
    },
  });
  if (!call) return { kind: "skipped", reason: "not_found" };
  if (call.simulated) return { kind: "skipped", reason: "simulated" };
  const existing = settingsOf(call.metadata).postCall as PostCallMarker | undefined;
  if (existing?.doneAt) return { kind: "already_done", marker: existing, urgentPlaced: await placeUrgent(placement, tenantId, existing) };
  if (!call.endedAt && !TERMINAL.has(call.status)) throw new CallNotEndedError(callId);
  // A call someone talked on that never reached an end node: the caller hung up mid-conversation
  // or the agent stopped. Marked so the call history can list it (outcome "ended_early") and the
  // summary and the campaign task say so. Only where no outcome is set: the runtime's own end
  // always wins, and a re-run changes nothing. Within ENDED_EARLY_GRACE_MS of the call's end the
  // runtime's end (LiveKit's room_finished can come first) may still be on its way: the job is
  // retried later instead. Browser voice tests are left as they are.
  if (call.outcome === null && call.status === "completed" && call.answeredAt !== null && call.direction !== "test") {
    if (call.endedAt && now.getTime() - call.endedAt.getTime() < ENDED_EARLY_GRACE_MS) throw new CallNotEndedError(callId);
    const { count } = await db.call.updateMany({ where: { id: callId, tenantId, outcome: null }, data: { outcome: "ended_early" } });
    // Not marked: the runtime's outcome arrived meanwhile.
    call.outcome = count ? "ended_early" : (await db.call.findUniqueOrThrow({ where: { id: callId }, select: { outcome: true } })).outcome;
  }

  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, timezone: true, settings: true } });
  const settings = settingsOf(tenant.settings);

  // 1. Summary (the slow part, outside any transaction).
  const summary = await summarizeCall(
    { businessName: tenant.name, direction: call.direction, outcome: call.outcome, turns: call.turns, actions: call.actions },
    deps.llm === undefined ? llmOptionsFromEnv() : deps.llm,
    deps.breaker,
  );

  // 2. Outcome processing (idempotent on its own: a finished task is not finished twice).
  await (deps.applyOutcome ?? applyCallOutcome)({ db, tenantId }, callId, now);

  // A browser voice test (direction "test") gets its summary but alerts nobody.
  // Outbound calls nobody talked on (no answer, busy, voicemail: campaigns make many) are not
  // e-mailed; the campaign pages show them. Inbound calls always are, even a silent one.
  const isTest = call.direction === "test";
  const worthMail = call.direction === "inbound" || call.turns.some((t) => t.role === "caller");
  const recipients = isTest || !worthMail ? [] : await notificationRecipients(db, tenantId, settings);
  const urgentLead = isTest ? null : await db.lead.findFirst({ where: { tenantId, callId, priority: "urgent" }, orderBy: { createdAt: "asc" } });
  const onCallNumber = typeof settings.onCallNumber === "string" && E164.test(settings.onCallNumber.trim()) ? settings.onCallNumber.trim() : null;
  const canDial = onCallNumber !== null && placement.isTelephonyConfigured();

  const who =
    [call.contact?.givenName, call.contact?.familyName].filter(Boolean).join(" ") ||
    (call.direction === "outbound" ? call.toNumber : call.fromNumber) ||
    "unknown caller";
  const transcript = call.turns.map((t) => `${label(t.role)}: ${t.text}`).join("\n") || "(no transcript)";

  const marker = await db.$transaction(async (tx) => {
    // Row lock: two runs of the job for this call serialise here; the second sees doneAt.
    const locked = await tx.$queryRaw<{ metadata: unknown }[]>`SELECT metadata FROM "Call" WHERE id = ${callId} AND "tenantId" = ${tenantId} FOR UPDATE`;
    const meta = settingsOf(locked[0]?.metadata);
    if ((meta.postCall as PostCallMarker | undefined)?.doneAt) return meta.postCall as PostCallMarker;

    // 3. Minutes this month (this call included: its durationSec is set).
    const minutesThisMonth = await minutesUsed(tx, tenantId, call.startedAt);

    // 4. Summary e-mail.
    const duration = call.durationSec != null ? `${Math.floor(call.durationSec / 60)}m ${call.durationSec % 60}s` : "unknown";
    const text = [
      `${call.direction === "outbound" ? "Outbound call to" : "Call from"} ${who}${call.contact?.phone ? ` (${call.contact.phone})` : ""}`,
      `When: ${when(call.startedAt, tenant.timezone)} · Duration: ${duration} · Outcome: ${call.outcome?.replace(/_/g, " ") ?? "none"}`,
      "",
      `Summary (${summary.source === "llm" ? "AI summary" : "automatic extract"}): ${summary.summary}`,
      `Sentiment: ${summary.sentiment}`,
      `Detected intents: ${summary.intents.length ? summary.intents.join(", ") : "none"}`,
      `Minutes used this month: ${minutesThisMonth}`,
      "",
      "Transcript",
      transcript,
    ].join("\n");
    const emailIds: string[] = [];
    for (const to of recipients) {
      const { id } = await enqueueEmail(tx, {
        tenantId,
        to,
        subject: `Call summary: ${who} — ${call.outcome?.replace(/_/g, " ") ?? call.status}`,
        text,
        kind: "call_summary",
      });
      emailIds.push(id);
    }

    // 5. Urgent lead.
    let urgent: PostCallMarker["urgent"];
    if (urgentLead) {
      let urgentCallId: string | null = null;
      let note: string;
      if (canDial) {
        const briefing = `Urgent lead for ${tenant.name}: ${who}${call.contact?.phone || call.fromNumber ? `, phone ${call.contact?.phone || call.fromNumber}` : ""}. ${summary.summary}`;
        const urgentCall = await tx.call.create({
          data: {
            tenantId,
            direction: "outbound",
            toNumber: onCallNumber,
            metadata: {
              purpose: "urgent_briefing",
              sourceCallId: callId,
              leadId: urgentLead.id,
              briefing,
              // The agent worker runs this spec (no published workflow behind this call).
              spec: urgentBriefingSpec(briefing),
            } as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        urgentCallId = urgentCall.id;
        note = `The on-call number ${onCallNumber} is being called now.`;
        await recordAudit(tx, {
          tenantId,
          actorId: null,
          action: "call.urgent_briefing_created",
          targetType: "Call",
          targetId: urgentCall.id,
          meta: { sourceCallId: callId, leadId: urgentLead.id, to: onCallNumber },
        });
      } else if (onCallNumber) {
        note = "An on-call number is set, but telephony is not configured: this e-mail is the only alert.";
      } else {
        note = "No on-call number is set (Settings): this e-mail is the only alert.";
      }
      const urgentText = [
        `URGENT lead from ${who}${call.contact?.phone || call.fromNumber ? ` (${call.contact?.phone || call.fromNumber})` : ""}`,
        "",
        summary.summary,
        "",
        `Answers: ${JSON.stringify(urgentLead.answers)}`,
        note,
        "",
        "Transcript",
        transcript,
      ].join("\n");
      const urgentEmailIds: string[] = [];
      for (const to of recipients) {
        const { id } = await enqueueEmail(tx, { tenantId, to, subject: `URGENT lead: ${who}`, text: urgentText, kind: "urgent_lead" });
        urgentEmailIds.push(id);
      }
      urgent = { leadId: urgentLead.id, emailIds: urgentEmailIds, callId: urgentCallId, note };
    }

    const marker: PostCallMarker = {
      doneAt: now.toISOString(),
      summarySource: summary.source,
      ...(summary.fallbackReason ? { fallbackReason: summary.fallbackReason } : {}),
      intents: summary.intents,
      minutesThisMonth,
      emailIds,
      ...(urgent ? { urgent } : {}),
    };
    await tx.call.update({
      where: { id: callId },
      data: {
        summary: summary.summary,
        sentiment: summary.sentiment,
        summarySource: summary.source,
        metadata: { ...meta, postCall: marker } as unknown as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actorId: null,
      action: "call.post_call_done",
      targetType: "Call",
      targetId: callId,
      meta: { summarySource: summary.source, emails: emailIds.length, urgent: Boolean(urgent) },
    });
    return marker;
  });

  // (marker may be another run's when that run won the lock; placement is idempotent either way)
  return { kind: "done", marker, summary, urgentPlaced: await placeUrgent(placement, tenantId, marker) };
}

async function placeUrgent(placement: NonNullable<PostCallDeps["placement"]>, tenantId: string, marker: PostCallMarker): Promise<boolean | null> {
  const id = marker.urgent?.callId;
  if (!id) return null;
  // Throws on LiveKit trouble: the job retries, and the retry only re-tries this (never dials twice).
  const r = await placement.placeCall({ tenantId }, { callId: id });
  return r.placed || r.alreadyPlaced;
}
