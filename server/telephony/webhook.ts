// LiveKit webhooks (POST /api/webhooks/livekit): verified by WebhookReceiver (a JWT signed with
// our API secret whose sha256 claim is the body's hash), applied once per event id, and turned
// into call status: ringing, in_progress (answered), completed, no_answer, busy, failed, voicemail.
import { WebhookReceiver, type WebhookEvent } from "livekit-server-sdk";
import { systemDb } from "../db";
import { enqueuePostCall } from "../post-call/enqueue";
import type { CallStatus } from "../db/generated/enums";
import { logger } from "../logger";
import { livekitConfigFromEnv } from "./livekit";

/**
 * The agent worker sets this attribute on its own participant ("voicemail") when answering-machine
 * detection finds a machine; its participant_left event then reports the call as voicemail.
 */
export const ANSWERED_BY_ATTRIBUTE = "switchboard.answeredBy";

// Enum values from livekit/protocol (livekit_models.proto): ParticipantInfo.Kind and
// DisconnectReason. livekit-server-sdk does not re-export these two enums.
const KIND_SIP = 3;
const DisconnectReason = { JOIN_FAILURE: 7, USER_UNAVAILABLE: 11, USER_REJECTED: 12, SIP_TRUNK_FAILURE: 13 } as const;

const RANK: Record<CallStatus, number> = {
  queued: 0,
  ringing: 1,
  in_progress: 2,
  completed: 3,
  no_answer: 3,
  busy: 3,
  failed: 3,
  voicemail: 3,
};

export interface WebhookOutcome {
  status: 200 | 400 | 401 | 503;
  body: { ok: boolean; duplicate?: boolean; callId?: string | null; error?: string };
}

export interface WebhookKeys {
  apiKey: string;
  apiSecret: string;
}

export async function handleLivekitWebhook(
  input: { body: string; authorization: string | null },
  keys: WebhookKeys | null = livekitConfigFromEnv(),
): Promise<WebhookOutcome> {
  if (!keys) return { status: 503, body: { ok: false, error: "LiveKit is not configured" } };
  let event: WebhookEvent;
  try {
    const token = (input.authorization ?? "").replace(/^Bearer\s+/i, "");
    event = await new WebhookReceiver(keys.apiKey, keys.apiSecret).receive(input.body, token || undefined);
  } catch (error) {
    // Logged without the body: it names rooms and phone numbers.
    logger.warn({ reason: (error as Error).message, bytes: input.body.length }, "livekit webhook refused: bad signature");
    return { status: 401, body: { ok: false, error: "invalid signature" } };
  }
  if (!event.id || !event.event) return { status: 400, body: { ok: false, error: "event without id" } };
  return { status: 200, body: await applyEvent(event) };
}

async function applyEvent(event: WebhookEvent): Promise<WebhookOutcome["body"]> {
  const roomName = event.room?.name || event.egressInfo?.roomName || event.participant?.attributes?.["sip.roomName"] || null;
  const at = event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date();
  return systemDb().$transaction(async (tx) => {
    const call = roomName
      ? await tx.call.findUnique({
          where: { roomName },
          select: { id: true, tenantId: true, status: true, answeredAt: true, placementState: true },
        })
      : null;
    // The event row and the call update commit together: a redelivery finds the row and stops.
    const inserted = await tx.livekitWebhookEvent.createMany({
      data: [{ id: event.id, event: event.event, roomName, callId: call?.id ?? null }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { ok: true, duplicate: true, callId: call?.id ?? null };
    if (!call) return { ok: true, callId: null };

    const change = callChange(event, call, at);
    if (Object.keys(change).length > 0) {
      await tx.call.update({ where: { id: call.id }, data: change });
      logger.info({ callId: call.id, tenantId: call.tenantId, event: event.event, status: change.status }, "livekit webhook applied");
    }
    // The room is gone: whatever the runtime managed to write, post-call work runs (the job key
    // makes this and the runtime's own enqueue one job).
    if (event.event === "room_finished") await enqueuePostCall(tx, call.id);
    return { ok: true, callId: call.id };
  });
}

interface CallSnapshot {
  status: CallStatus;
  answeredAt: Date | null;
  placementState: string;
}

type Change = {
  status?: CallStatus;
  answeredAt?: Date;
  endedAt?: Date;
  durationSec?: number;
  placementState?: "placed";
  placedAt?: Date;
  sipParticipantId?: string;
  sipCallId?: string;
  recordingUrl?: string;
};

/** What an event changes on its call; status only moves forward (events can arrive out of order). */
export function callChange(event: WebhookEvent, call: CallSnapshot, at: Date): Change {
  const change: Change = {};
  const p = event.participant;
  const phone = p && (p.kind as number) === KIND_SIP ? p : null;
  const answered = call.answeredAt ?? null;

  const setStatus = (status: CallStatus) => {
    const ok = RANK[status] > RANK[call.status] || (call.status === "completed" && status === "voicemail");
    if (!ok) return;
    change.status = status;
    if (RANK[status] === 3) {
      change.endedAt = at;
      const start = change.answeredAt ?? answered;
      if (start) change.durationSec = Math.max(0, Math.round((at.getTime() - start.getTime()) / 1000));
    }
  };

  switch (event.event) {
    case "participant_joined": {
      if (!phone) break;
      if (call.placementState === "placing") {
        change.placementState = "placed";
        change.placedAt = at;
      }
      if (phone.sid) change.sipParticipantId = phone.sid;
      if (phone.attributes["sip.callID"]) change.sipCallId = phone.attributes["sip.callID"];
      const sipStatus = phone.attributes["sip.callStatus"];
      if (sipStatus === "dialing" || sipStatus === "ringing") {
        setStatus("ringing");
      } else {
        if (!answered) change.answeredAt = at;
        setStatus("in_progress");
      }
      break;
    }
    case "participant_left":
    case "participant_connection_aborted": {
      if (p?.attributes?.[ANSWERED_BY_ATTRIBUTE] === "voicemail") {
        setStatus("voicemail");
        break;
      }
      if (!phone) break;
      const reason = phone.disconnectReason as number;
      if (reason === DisconnectReason.USER_REJECTED) setStatus("busy");
      else if (reason === DisconnectReason.USER_UNAVAILABLE) setStatus("no_answer");
      else if (answered || call.status === "in_progress") setStatus("completed");
      else if (reason === DisconnectReason.SIP_TRUNK_FAILURE || reason === DisconnectReason.JOIN_FAILURE) setStatus("failed");
      else setStatus("no_answer");
      break;
    }
    case "room_finished": {
      if (answered || call.status === "in_progress") setStatus("completed");
      else if (call.status === "ringing") setStatus("no_answer");
      else if (call.status === "queued" && call.placementState !== "none") setStatus("failed");
      break;
    }
    case "egress_ended": {
      const location = event.egressInfo?.fileResults?.[0]?.location;
      if (location) change.recordingUrl = location;
      break;
    }
  }
  return change;
}

/** 64 KiB: LiveKit's events are a few KiB; anything far bigger is not from LiveKit. */
const MAX_BODY_BYTES = 64 * 1024;

/** The HTTP face of the handler: the Remix route calls this with the raw request. */
export async function livekitWebhookResponse(request: Request, keys?: WebhookKeys | null): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return Response.json({ ok: false, error: "body too large" }, { status: 413 });
  // The exact bytes LiveKit signed: the body is read raw, never re-serialised.
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return Response.json({ ok: false, error: "body too large" }, { status: 413 });
  const outcome = await handleLivekitWebhook({ body, authorization: request.headers.get("authorization") }, keys === undefined ? livekitConfigFromEnv() : keys);
  return Response.json(outcome.body, { status: outcome.status });
}
