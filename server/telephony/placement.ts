// Outbound call placement: room, agent dispatch, then the SIP dial, exactly once per call.
//
// The rule that keeps a retried job from ringing someone twice:
// 1. Claim. A conditional UPDATE moves the call from placementState "none" to "placing" and
//    commits before LiveKit is asked for anything. Concurrent attempts race on that row; only
//    one update matches.
// 2. Room and agent dispatch are created. If either fails, nothing has been dialled: the claim
//    is released ("none") so a retry runs again; a retry reuses an agent dispatch that a
//    half-failed request may still have created (ListDispatch), so one agent joins.
// 3. `sipRequestedAt` is committed, then CreateSIPParticipant is sent. From this commit on the
//    call is NEVER dialled again, whatever happens.
// 4. The answer decides: success -> "placed"; a definite refusal (SIP busy/no answer, 4xx)
//    -> "failed"; no answer at all (timeout, dropped connection, 5xx) -> we ask LiveKit whether
//    the phone leg (identity "sip-<callId>") is in the room: yes -> "placed", no -> "failed".
// A process that dies between steps leaves "placing". Once that claim is older than
// STALE_CLAIM_MS (far beyond the 10 s request timeout), the next placeCall resolves it: before
// step 3, by claiming again and running from step 2; after step 3, by the room lookup of step 4
// (never by dialling). The LiveKit webhook marks the call placed too when the leg joins.
// Re-trying a failed call is the campaign's decision, with a new Call row.
import { ServerError, SipCallError } from "livekit-server-sdk";
import type { Prisma } from "../db";
import { withTenant, type Tx } from "../db";
import type { CallPlacementState, CallStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import { logger } from "../logger";
import { livekit, TelephonyNotConfiguredError, type LivekitClients } from "./livekit";

export const STALE_CLAIM_MS = 60_000;
/** Seconds the callee's phone rings before LiveKit gives up (SIP 408/480 -> no_answer). */
export const RINGING_TIMEOUT_SEC = 40;
/** Hard cap on one call's length, whatever the agent does. */
export const MAX_CALL_DURATION_SEC = 30 * 60;

export function roomNameForCall(callId: string) {
  return `call-${callId}`;
}
export function sipIdentityForCall(callId: string) {
  return `sip-${callId}`;
}

/** LiveKit URL, key and secret are set. Dialling out also needs an outbound trunk (env or number). */
export function isTelephonyConfigured(): boolean {
  return livekit() !== null;
}

export class PlacementError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "NOT_CONFIGURED",
    message: string,
  ) {
    super(message);
    this.name = "PlacementError";
  }
}

export interface PlaceCallResult {
  /** The phone leg was created (now or by an earlier attempt). */
  placed: boolean;
  /** An earlier or concurrent attempt owns this call's placement; this one sent nothing. */
  alreadyPlaced: boolean;
  roomName: string;
  /** "placing" here means another attempt is mid-way: try again later. */
  state: CallPlacementState;
}

export interface PlacementContext {
  tenantId: string;
  now?: () => Date;
  /** Defaults to the clients built from the environment. */
  clients?: LivekitClients;
}

const nowOf = (ctx: PlacementContext) => (ctx.now ? ctx.now() : new Date());

interface Plan {
  roomName: string;
  identity: string;
  trunkId: string;
  toNumber: string;
  fromNumber: string;
  claimedAt: Date;
  reclaimed: boolean;
  direction: string;
}

/** Places an outbound call once. Safe to call again for the same call id: it never dials twice. */
export async function placeCall(ctx: PlacementContext, input: { callId: string }): Promise<PlaceCallResult> {
  const clients = ctx.clients ?? livekit();
  if (!clients) throw new PlacementError("NOT_CONFIGURED", new TelephonyNotConfiguredError().message);
  const callId = input.callId;
  const roomName = roomNameForCall(callId);
  const claimedAt = nowOf(ctx);

  const claim = await withTenant({ tenantId: ctx.tenantId }, (tx) => claimPlacement(tx, ctx, clients, callId, claimedAt));
  if (claim.kind === "done") return claim.result;
  if (claim.kind === "resolve") return resolveUncertain(ctx, clients, callId, claim.sipRequestedAt);
  const plan = claim.plan;
  const log = logger.child({ callId, tenantId: ctx.tenantId, roomName });

  // Step 2: room and agent. Nothing is dialled yet, so a failure hands the claim back.
  let dispatchId: string;
  try {
    await clients.rooms.createRoom({
      name: roomName,
      // The agent joins within seconds; an empty room is closed instead of lingering.
      emptyTimeout: 120,
      departureTimeout: 10,
      metadata: JSON.stringify({ callId, tenantId: ctx.tenantId }),
    });
    const metadata = JSON.stringify({ callId, tenantId: ctx.tenantId, direction: plan.direction });
    const existing = plan.reclaimed
      ? (await clients.dispatch.listDispatch(roomName)).find((d) => d.agentName === clients.config.agentName)
      : undefined;
    dispatchId = existing?.id ?? (await clients.dispatch.createDispatch(roomName, clients.config.agentName, { metadata })).id;
  } catch (error) {
    log.warn({ error: (error as Error).message }, "call placement: room or agent dispatch failed; claim released");
    await update(ctx, callId, { placementState: "placing", placementClaimedAt: plan.claimedAt, sipRequestedAt: null }, {
      placementState: "none",
      placementError: `LiveKit room/agent setup failed: ${(error as Error).message}`.slice(0, 500),
    });
    throw error;
  }

  // Step 3: the point of no return is committed before the dial request leaves.
  const requestedAt = nowOf(ctx);
  const marked = await update(ctx, callId, { placementState: "placing", placementClaimedAt: plan.claimedAt, sipRequestedAt: null }, {
    sipRequestedAt: requestedAt,
    livekitDispatchId: dispatchId,
  });
  if (!marked) {
    // Another attempt judged this claim stale and took over: leave the dial to it.
    return { placed: false, alreadyPlaced: true, roomName, state: "placing" };
  }

  try {
    const info = await clients.sip.createSipParticipant(plan.trunkId, plan.toNumber, roomName, {
      fromNumber: plan.fromNumber || undefined,
      participantIdentity: plan.identity,
      participantName: "Phone",
      participantAttributes: { "switchboard.callId": callId },
      ringingTimeout: RINGING_TIMEOUT_SEC,
      maxCallDuration: MAX_CALL_DURATION_SEC,
      krispEnabled: true,
    });
    await markPlaced(ctx, callId, requestedAt, { participantId: info.participantId, sipCallId: info.sipCallId });
    log.info("call placed");
    return { placed: true, alreadyPlaced: false, roomName, state: "placed" };
  } catch (error) {
    const outcome = definiteFailure(error);
    if (outcome) {
      log.info({ status: outcome.status, error: outcome.message }, "call placement refused");
      await markFailed(ctx, callId, requestedAt, outcome.status, outcome.message);
      return { placed: false, alreadyPlaced: false, roomName, state: "failed" };
    }
    log.warn({ error: (error as Error).message }, "call placement: dial outcome unknown; checking the room, never redialling");
    return resolveUncertain(ctx, clients, callId, requestedAt);
  }
}

type Claim =
  | { kind: "claimed"; plan: Plan }
  | { kind: "done"; result: PlaceCallResult }
  | { kind: "resolve"; sipRequestedAt: Date };

async function claimPlacement(tx: Tx, ctx: PlacementContext, clients: LivekitClients, callId: string, claimedAt: Date): Promise<Claim> {
  const call = await tx.call.findFirst({
    where: { id: callId, tenantId: ctx.tenantId },
    select: {
      id: true,
      direction: true,
      simulated: true,
      toNumber: true,
      fromNumber: true,
      placementState: true,
      placementClaimedAt: true,
      sipRequestedAt: true,
    },
  });
  if (!call) throw new PlacementError("NOT_FOUND", "Call not found.");
  const roomName = roomNameForCall(callId);
  if (call.direction !== "outbound" || call.simulated) throw new PlacementError("INVALID", "Only real outbound calls are placed by telephony.");

  const staleBefore = new Date(claimedAt.getTime() - STALE_CLAIM_MS);
  if (call.placementState === "placed") return { kind: "done", result: { placed: true, alreadyPlaced: true, roomName, state: "placed" } };
  if (call.placementState === "failed") return { kind: "done", result: { placed: false, alreadyPlaced: true, roomName, state: "failed" } };
  if (call.placementState === "placing") {
    const fresh = call.sipRequestedAt ? call.sipRequestedAt > staleBefore : call.placementClaimedAt! > staleBefore;
    if (fresh) return { kind: "done", result: { placed: false, alreadyPlaced: true, roomName, state: "placing" } };
    if (call.sipRequestedAt) return { kind: "resolve", sipRequestedAt: call.sipRequestedAt };
  }

  if (!/^\+[1-9]\d{6,14}$/.test(call.toNumber)) throw new PlacementError("INVALID", "The number to call is not a valid E.164 number.");
  const numbers = await tx.phoneNumber.findMany({
    where: { tenantId: ctx.tenantId },
    orderBy: [{ useForOutbound: "desc" }, { createdAt: "asc" }],
    select: { e164: true, outboundTrunkId: true },
  });
  const callerId = call.fromNumber ? numbers.find((n) => n.e164 === call.fromNumber) : numbers[0];
  const trunkId = callerId?.outboundTrunkId ?? clients.config.defaultOutboundTrunkId;
  if (!trunkId) {
    throw new PlacementError(
      "NOT_CONFIGURED",
      "No outbound SIP trunk: set LIVEKIT_SIP_OUTBOUND_TRUNK_ID or give the business's phone number its own trunk.",
    );
  }

  // The race is decided here: the row matches only if nobody else claimed it meanwhile.
  const claimed = await tx.call.updateMany({
    where: {
      id: callId,
      tenantId: ctx.tenantId,
      OR: [
        { placementState: "none" },
        { placementState: "placing", sipRequestedAt: null, placementClaimedAt: { lt: staleBefore } },
      ],
    },
    data: {
      placementState: "placing",
      placementClaimedAt: claimedAt,
      placementError: null,
      roomName,
      sipParticipantIdentity: sipIdentityForCall(callId),
      fromNumber: call.fromNumber || callerId?.e164 || "",
    },
  });
  if (claimed.count === 0) return { kind: "done", result: { placed: false, alreadyPlaced: true, roomName, state: "placing" } };
  return {
    kind: "claimed",
    plan: {
      roomName,
      identity: sipIdentityForCall(callId),
      trunkId,
      toNumber: call.toNumber,
      fromNumber: call.fromNumber || callerId?.e164 || "",
      claimedAt,
      reclaimed: call.placementClaimedAt !== null,
      direction: call.direction,
    },
  };
}

/** Conditional update: applies only while the row still matches `expect`. */
async function update(
  ctx: PlacementContext,
  callId: string,
  expect: Prisma.CallWhereInput,
  data: Prisma.CallUpdateManyMutationInput,
): Promise<boolean> {
  const r = await withTenant({ tenantId: ctx.tenantId }, (tx) =>
    tx.call.updateMany({ where: { id: callId, tenantId: ctx.tenantId, ...expect }, data }),
  );
  return r.count === 1;
}

async function markPlaced(ctx: PlacementContext, callId: string, sipRequestedAt: Date, leg: { participantId?: string; sipCallId?: string }) {
  await withTenant({ tenantId: ctx.tenantId }, async (tx) => {
    const r = await tx.call.updateMany({
      where: { id: callId, tenantId: ctx.tenantId, placementState: "placing", sipRequestedAt },
      data: {
        placementState: "placed",
        placedAt: nowOf(ctx),
        placementError: null,
        sipParticipantId: leg.participantId || null,
        sipCallId: leg.sipCallId || null,
      },
    });
    // Dialling has begun; webhooks move it on to in_progress / completed.
    await tx.call.updateMany({ where: { id: callId, tenantId: ctx.tenantId, status: "queued" }, data: { status: "ringing" } });
    if (r.count === 1) await recordAudit(tx, { tenantId: ctx.tenantId, actorId: null, action: "call.placed", targetType: "call", targetId: callId });
  });
}

async function markFailed(ctx: PlacementContext, callId: string, sipRequestedAt: Date, status: CallStatus, message: string) {
  await withTenant({ tenantId: ctx.tenantId }, async (tx) => {
    const r = await tx.call.updateMany({
      where: { id: callId, tenantId: ctx.tenantId, placementState: "placing", sipRequestedAt },
      data: { placementState: "failed", placementError: message.slice(0, 500) },
    });
    if (r.count === 0) return;
    await tx.call.updateMany({
      where: { id: callId, tenantId: ctx.tenantId, status: { in: ["queued", "ringing"] } },
      data: { status, endedAt: nowOf(ctx) },
    });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorId: null,
      action: "call.placement_failed",
      targetType: "call",
      targetId: callId,
      meta: { status, error: message.slice(0, 200) },
    });
  });
}

/**
 * After the dial request was sent but its answer was lost: the phone leg in the room is the
 * evidence. Never dials.
 */
async function resolveUncertain(ctx: PlacementContext, clients: LivekitClients, callId: string, sipRequestedAt: Date): Promise<PlaceCallResult> {
  const roomName = roomNameForCall(callId);
  let leg: { sid: string; attributes: Record<string, string> } | undefined;
  try {
    const participants = await clients.rooms.listParticipants(roomName);
    leg = participants.find((p) => p.identity === sipIdentityForCall(callId));
  } catch (error) {
    if (!(error instanceof ServerError && error.status === 404)) {
      // LiveKit unreachable: stay "placing"; a later attempt (after STALE_CLAIM_MS) asks again.
      logger.warn({ callId, error: (error as Error).message }, "call placement: could not check the room; will resolve later");
      return { placed: false, alreadyPlaced: true, roomName, state: "placing" };
    }
  }
  if (leg) {
    await markPlaced(ctx, callId, sipRequestedAt, { participantId: leg.sid, sipCallId: leg.attributes["sip.callID"] });
    return { placed: true, alreadyPlaced: true, roomName, state: "placed" };
  }
  await markFailed(ctx, callId, sipRequestedAt, "failed", "Dial outcome unknown (no answer from LiveKit) and no phone leg in the room: not redialled.");
  return { placed: false, alreadyPlaced: true, roomName, state: "failed" };
}

/** A failure that proves no call is ringing, with the call status it means; null when unsure. */
export function definiteFailure(error: unknown): { status: CallStatus; message: string } | null {
  if (error instanceof SipCallError && error.sipStatusCode) {
    const code = error.sipStatusCode;
    // RFC 3261: 486 Busy Here, 600 Busy Everywhere, 603 Decline; 408/480/487: nobody picked up.
    const status: CallStatus = [486, 600, 603].includes(code) ? "busy" : [408, 480, 487].includes(code) ? "no_answer" : "failed";
    return { status, message: error.message };
  }
  if (error instanceof ServerError && error.status >= 400 && error.status < 500 && error.status !== 408) {
    return { status: "failed", message: error.message };
  }
  return null;
}

