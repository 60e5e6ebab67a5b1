// Handing a caller to a person, both ways the issue asks for:
//
// Cold transfer: SIP REFER. LiveKit asks the caller's carrier to connect the caller's leg to
// `tel:+E164` and the call leaves LiveKit (SipClient.transferSipParticipant). The SIP trunk must
// allow transfers (Twilio: "Enable PSTN transfer"; Telnyx: REFER enabled on the connection).
//
// Warm transfer: the agent dials the human into a private consult room, briefs them (the summary
// text given by the workflow), and, if they accept, the human is MOVED into the caller's room
// (RoomService.MoveParticipant) and the consult room is deleted. The caller stays with the agent
// the whole time, so a human who does not answer, is busy or declines means "transfer failed":
// the workflow takes its `failed` edge (usually: take a message).
//
// agents-js ships a warm-transfer workflow (@livekit/agents workflows/warm_transfer: an LLM
// AgentTask that talks to the human and calls connect_to_caller). We keep its mechanics - the
// consult room "<callerRoom>-human-agent", the human's identity "human-agent-sip", dialling with
// CreateSIPParticipant(waitUntilAnswered), merging by moving the human into the caller's room,
// removing the human when anything fails - but not its LLM task: our agent is graph-driven and
// must work without an LLM, so the briefing is spoken text and acceptance is a hook (default: a
// human who answered accepts). The voice worker supplies the hooks (join the consult room with a
// second AgentSession and `say` the briefing; ask "Shall I connect you?").
import { ServerError, SipCallError } from "livekit-server-sdk";
import type { LivekitClients } from "../../server/telephony/livekit";

const E164 = /^\+[1-9]\d{6,14}$/;

export const HUMAN_AGENT_IDENTITY = "human-agent-sip";

export type TransferFailure = "invalid_number" | "not_configured" | "busy" | "no_answer" | "declined" | "failed";

export type TransferResult =
  | { ok: true; mode: "cold"; to: string }
  | { ok: true; mode: "warm"; to: string; humanIdentity: string; consultRoom: string }
  | { ok: false; mode: "cold" | "warm"; reason: TransferFailure; message: string };

/** The REFER target for a phone number. Throws on anything but E.164. */
export function telUri(e164: string): string {
  const n = e164.trim();
  if (!E164.test(n)) throw new Error(`Not an E.164 phone number: ${e164}`);
  return `tel:${n}`;
}

/** A SIP or Twirp error as a transfer failure reason (486/600/603 busy; 408/480/487 no answer). */
export function failureOf(error: unknown): { reason: TransferFailure; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SipCallError && error.sipStatusCode) {
    const code = error.sipStatusCode;
    if ([486, 600, 603].includes(code)) return { reason: code === 603 ? "declined" : "busy", message };
    if ([408, 480, 487].includes(code)) return { reason: "no_answer", message };
  }
  if (error instanceof ServerError && error.metadata?.sip_status_code) {
    const code = Number(error.metadata.sip_status_code);
    if ([486, 600].includes(code)) return { reason: "busy", message };
    if (code === 603) return { reason: "declined", message };
    if ([408, 480, 487].includes(code)) return { reason: "no_answer", message };
  }
  return { reason: "failed", message };
}

export interface ColdTransferInput {
  /** The caller's room and their SIP participant's identity. */
  roomName: string;
  participantIdentity: string;
  /** E.164 number of the person. */
  to: string;
  /** Seconds the person's phone rings before the transfer fails. Default 30. */
  ringingTimeoutSec?: number;
  /** Play a dial tone to the caller while the REFER is in progress. Default true. */
  playDialtone?: boolean;
}

/** Cold transfer by SIP REFER. Never throws for call-level failures: the workflow takes `failed`. */
export async function coldTransfer(clients: LivekitClients, input: ColdTransferInput): Promise<TransferResult> {
  let target: string;
  try {
    target = telUri(input.to);
  } catch (err) {
    return { ok: false, mode: "cold", reason: "invalid_number", message: (err as Error).message };
  }
  try {
    await clients.sip.transferSipParticipant(input.roomName, input.participantIdentity, target, {
      playDialtone: input.playDialtone ?? true,
      ringingTimeout: input.ringingTimeoutSec ?? 30,
    });
    return { ok: true, mode: "cold", to: input.to.trim() };
  } catch (err) {
    return { ok: false, mode: "cold", ...failureOf(err) };
  }
}

export interface ConsultRoom {
  roomName: string;
  humanIdentity: string;
}

export interface WarmTransferHooks {
  /** Speak `text` to the human in the consult room; resolves when it has been said. */
  brief(consult: ConsultRoom, text: string): Promise<void>;
  /** Does the human take the call? Default: yes (they answered and heard the briefing). */
  confirm?(consult: ConsultRoom): Promise<boolean>;
  /** Just before the merge, e.g. tell the caller "Connecting you now". */
  onConnecting?(): Promise<void>;
}

export interface WarmTransferInput {
  /** For logs/attributes: the Call id. */
  callId: string;
  /** The caller's room (the human is moved here). */
  roomName: string;
  /** E.164 number of the person. */
  to: string;
  /** What the person hears before being connected (the workflow's summary of the call). */
  summary: string;
  /** Business name for the opening line. */
  businessName?: string;
  /** Outbound trunk; default LIVEKIT_SIP_OUTBOUND_TRUNK_ID. */
  trunkId?: string;
  /** Caller id shown to the person (a number of the business on that trunk). */
  fromNumber?: string;
  ringingTimeoutSec?: number;
  /** Default "<roomName>-human-agent" (as agents-js names it). */
  consultRoomName?: string;
}

/** The text the human hears. */
export function briefingText(input: Pick<WarmTransferInput, "summary" | "businessName">): string {
  const who = input.businessName ? `${input.businessName}'s phone assistant` : "the phone assistant";
  return `Hi, this is ${who} with a caller to transfer. ${input.summary.trim()} I'll connect you now.`;
}

/** Warm transfer: dial, brief, then connect. The caller never loses the agent if it fails. */
export async function warmTransfer(clients: LivekitClients, input: WarmTransferInput, hooks: WarmTransferHooks): Promise<TransferResult> {
  try {
    telUri(input.to);
  } catch (err) {
    return { ok: false, mode: "warm", reason: "invalid_number", message: (err as Error).message };
  }
  const trunkId = input.trunkId ?? clients.config.defaultOutboundTrunkId;
  if (!trunkId) return { ok: false, mode: "warm", reason: "not_configured", message: "No SIP outbound trunk to dial the person with." };
  const consult: ConsultRoom = {
    roomName: input.consultRoomName ?? `${input.roomName}-human-agent`,
    humanIdentity: HUMAN_AGENT_IDENTITY,
  };
  if (consult.roomName === input.roomName) throw new Error("The consult room must differ from the caller's room");

  const cleanup = async (removeHuman: boolean) => {
    // Best effort: a failed transfer must not also fail the conversation.
    if (removeHuman) await clients.rooms.removeParticipant(consult.roomName, consult.humanIdentity).catch(() => undefined);
    await clients.rooms.deleteRoom(consult.roomName).catch(() => undefined);
  };

  try {
    await clients.rooms.createRoom({
      name: consult.roomName,
      emptyTimeout: 60,
      departureTimeout: 5,
      metadata: JSON.stringify({ purpose: "warm_transfer", callId: input.callId, callerRoom: input.roomName }),
    });
  } catch (err) {
    return { ok: false, mode: "warm", ...failureOf(err) };
  }

  try {
    await clients.sip.createSipParticipant(trunkId, input.to.trim(), consult.roomName, {
      participantIdentity: consult.humanIdentity,
      participantName: "Transfer",
      participantAttributes: { "switchboard.callId": input.callId, "switchboard.role": "transfer_target" },
      fromNumber: input.fromNumber,
      waitUntilAnswered: true,
      ringingTimeout: input.ringingTimeoutSec ?? 30,
      playDialtone: false,
      krispEnabled: true,
    });
  } catch (err) {
    await cleanup(false);
    return { ok: false, mode: "warm", ...failureOf(err) };
  }

  try {
    await hooks.brief(consult, briefingText(input));
    const accepted = hooks.confirm ? await hooks.confirm(consult) : true;
    if (!accepted) {
      await cleanup(true);
      return { ok: false, mode: "warm", reason: "declined", message: "The person declined the transfer." };
    }
    await hooks.onConnecting?.();
    await clients.rooms.moveParticipant(consult.roomName, consult.humanIdentity, input.roomName);
  } catch (err) {
    await cleanup(true);
    return { ok: false, mode: "warm", ...failureOf(err) };
  }
  await clients.rooms.deleteRoom(consult.roomName).catch(() => undefined);
  return { ok: true, mode: "warm", to: input.to.trim(), humanIdentity: consult.humanIdentity, consultRoom: consult.roomName };
}
