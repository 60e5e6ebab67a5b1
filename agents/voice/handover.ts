// What the worker does when the workflow ends a call with "transferred": the workflow has only
// recorded the intent (agents/actions transfer); here the SIP part happens. Cold: a SIP REFER
// hands the caller's leg to the person. Warm: the person is dialled into a consult room, a second
// voice session briefs them with the call's summary, then they are moved into the caller's room.
import { voice } from "@livekit/agents";
import { Room } from "@livekit/rtc-node";
import { AccessToken } from "livekit-server-sdk";
import { withTenant } from "../../server/db";
import type { LivekitClients } from "../../server/telephony/livekit";
import type { VoiceTurn } from "./conversation";
import { coldTransfer, warmTransfer, type ConsultRoom, type TransferResult } from "./transfer";

export interface TransferRequest {
  to: string;
  mode: "cold" | "warm";
}

/** The transfer the workflow asked for in its last turn, if any. */
export function requestedTransfer(turn: VoiceTurn): TransferRequest | null {
  if (turn.outcome !== "transferred") return null;
  const action = turn.actions.find((a) => a.type === "transfer" && a.ok);
  if (!action || typeof action.to !== "string" || !action.to) return null;
  return { to: action.to, mode: action.mode === "warm" ? "warm" : "cold" };
}

/** A short spoken summary of the call so far, for the person taking over. */
export async function callSummaryForHandover(tenantId: string, callId: string): Promise<string> {
  const turns = await withTenant({ tenantId }, (tx) =>
    tx.callTurn.findMany({ where: { callId, role: "caller" }, orderBy: { seq: "desc" }, take: 3, select: { text: true } }),
  );
  const said = turns
    .reverse()
    .map((t) => t.text.trim())
    .filter(Boolean);
  return said.length ? `The caller said: ${said.join(" ... ")}.` : "The caller asked to speak to a person.";
}

/** Speaks `text` into the consult room with its own short-lived session (TTS only). */
function consultBriefing(clients: LivekitClients, tts: voice.AgentSessionOptions["tts"]) {
  return async (consult: ConsultRoom, text: string): Promise<void> => {
    const token = new AccessToken(clients.config.apiKey, clients.config.apiSecret, { identity: "switchboard-briefing", ttl: 120 });
    token.addGrant({ room: consult.roomName, roomJoin: true, canPublish: true, canSubscribe: true });
    const room = new Room();
    await room.connect(clients.config.url, await token.toJwt(), { autoSubscribe: true, dynacast: false });
    const session = new voice.AgentSession({ tts });
    try {
      await session.start({ agent: new voice.Agent({ instructions: "Brief the person taking the call." }), room });
      await session.say(text, { allowInterruptions: false }).waitForPlayout();
    } finally {
      await session.close();
      await room.disconnect();
    }
  };
}

export async function performTransfer(
  clients: LivekitClients,
  input: {
    request: TransferRequest;
    callId: string;
    tenantId: string;
    roomName: string;
    callerIdentity: string | null;
    businessName?: string;
    tts: voice.AgentSessionOptions["tts"];
  },
): Promise<TransferResult> {
  if (input.request.mode === "cold" || !input.callerIdentity) {
    if (!input.callerIdentity) return { ok: false, mode: "cold", reason: "failed", message: "No phone participant to transfer." };
    return coldTransfer(clients, { roomName: input.roomName, participantIdentity: input.callerIdentity, to: input.request.to });
  }
  const summary = await callSummaryForHandover(input.tenantId, input.callId);
  return warmTransfer(
    clients,
    { callId: input.callId, roomName: input.roomName, to: input.request.to, summary, businessName: input.businessName },
    { brief: consultBriefing(clients, input.tts) },
  );
}
