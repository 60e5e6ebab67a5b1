// Cold and warm transfers against the local LiveKit Twirp server (server/telephony/test-livekit-server.ts):
// exact request bodies, and what happens when the person is busy, does not answer or declines.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeLivekit, type FakeLivekit } from "../../server/telephony/test-livekit-server";
import { briefingText, coldTransfer, HUMAN_AGENT_IDENTITY, telUri, warmTransfer, type ConsultRoom } from "./transfer";

let lk: FakeLivekit;
beforeEach(async () => {
  lk = await startFakeLivekit();
  lk.on("SIP/TransferSIPParticipant", () => ({ json: {} }));
  lk.on("RoomService/MoveParticipant", () => ({ json: {} }));
  lk.on("RoomService/RemoveParticipant", () => ({ json: {} }));
});
afterEach(async () => {
  await lk.close();
});

const sipError = (code: string, status: string) => () => ({
  status: 412,
  json: { code: "failed_precondition", msg: "call failed", meta: { sip_status_code: code, sip_status: status } },
});

describe("telUri", () => {
  it("accepts E.164 only", () => {
    expect(telUri(" +15551234567 ")).toBe("tel:+15551234567");
    expect(() => telUri("555-1234")).toThrow(/E\.164/);
  });
});

describe("coldTransfer", () => {
  it("sends a SIP REFER to tel:+E164 for the caller's participant", async () => {
    const result = await coldTransfer(lk.clients(), { roomName: "call-c1", participantIdentity: "sip-c1", to: "+15551234567" });
    expect(result).toEqual({ ok: true, mode: "cold", to: "+15551234567" });
    expect(lk.requests.map((r) => r.method)).toEqual(["SIP/TransferSIPParticipant"]);
    expect(lk.requests[0]!.body).toEqual({
      participantIdentity: "sip-c1",
      roomName: "call-c1",
      transferTo: "tel:+15551234567",
      playDialtone: true,
      ringingTimeout: "30s",
    });
    // Signed for that room with the SIP call grant.
    expect(await lk.grants(lk.requests[0]!)).toMatchObject({ video: { room: "call-c1", roomAdmin: true }, sip: { call: true } });
  });

  it("reports busy / no answer / invalid numbers without throwing", async () => {
    lk.on("SIP/TransferSIPParticipant", sipError("486", "Busy Here"));
    expect(await coldTransfer(lk.clients(), { roomName: "r", participantIdentity: "p", to: "+15551234567" })).toMatchObject({ ok: false, reason: "busy" });
    lk.on("SIP/TransferSIPParticipant", sipError("480", "Temporarily Unavailable"));
    expect(await coldTransfer(lk.clients(), { roomName: "r", participantIdentity: "p", to: "+15551234567" })).toMatchObject({ ok: false, reason: "no_answer" });
    const before = lk.requests.length;
    expect(await coldTransfer(lk.clients(), { roomName: "r", participantIdentity: "p", to: "0800 123" })).toMatchObject({ ok: false, reason: "invalid_number" });
    expect(lk.requests.length).toBe(before);
  });
});

describe("warmTransfer", () => {
  const input = { callId: "c1", roomName: "call-c1", to: "+15557654321", summary: "Dana has a burst pipe at 12 Elm Street.", businessName: "Acme Plumbing", fromNumber: "+15550001111" };

  it("dials the person into a consult room, briefs them, then moves them into the caller's room", async () => {
    const briefed: { consult: ConsultRoom; text: string; requestsSoFar: string[] }[] = [];
    let connecting = 0;
    const result = await warmTransfer(lk.clients(), input, {
      brief: async (consult, text) => void briefed.push({ consult, text, requestsSoFar: lk.requests.map((r) => r.method) }),
      onConnecting: async () => void connecting++,
    });
    expect(result).toEqual({ ok: true, mode: "warm", to: "+15557654321", humanIdentity: HUMAN_AGENT_IDENTITY, consultRoom: "call-c1-human-agent" });
    expect(lk.requests.map((r) => r.method)).toEqual([
      "RoomService/CreateRoom",
      "SIP/CreateSIPParticipant",
      "RoomService/MoveParticipant",
      "RoomService/DeleteRoom",
    ]);
    const [room, dial, move, del] = lk.requests;
    expect(room!.body).toEqual({
      name: "call-c1-human-agent",
      emptyTimeout: 60,
      departureTimeout: 5,
      metadata: JSON.stringify({ purpose: "warm_transfer", callId: "c1", callerRoom: "call-c1" }),
    });
    expect(dial!.body).toEqual({
      sipTrunkId: "ST_default",
      sipCallTo: "+15557654321",
      sipNumber: "+15550001111",
      roomName: "call-c1-human-agent",
      participantIdentity: "human-agent-sip",
      participantName: "Transfer",
      participantAttributes: { "switchboard.callId": "c1", "switchboard.role": "transfer_target" },
      ringingTimeout: "30s",
      krispEnabled: true,
      waitUntilAnswered: true,
    });
    expect(move!.body).toEqual({ room: "call-c1-human-agent", identity: "human-agent-sip", destinationRoom: "call-c1" });
    expect(del!.body).toEqual({ room: "call-c1-human-agent" });
    // The briefing happens after the person answered and before the move.
    expect(briefed).toEqual([
      {
        consult: { roomName: "call-c1-human-agent", humanIdentity: "human-agent-sip" },
        text: "Hi, this is Acme Plumbing's phone assistant with a caller to transfer. Dana has a burst pipe at 12 Elm Street. I'll connect you now.",
        requestsSoFar: ["RoomService/CreateRoom", "SIP/CreateSIPParticipant"],
      },
    ]);
    expect(connecting).toBe(1);
  });

  it("a person who does not answer: the consult room is deleted and the caller stays with the agent", async () => {
    lk.on("SIP/CreateSIPParticipant", sipError("480", "Temporarily Unavailable"));
    let briefed = false;
    const result = await warmTransfer(lk.clients(), input, { brief: async () => void (briefed = true) });
    expect(result).toMatchObject({ ok: false, mode: "warm", reason: "no_answer" });
    expect(briefed).toBe(false);
    expect(lk.requests.map((r) => r.method)).toEqual(["RoomService/CreateRoom", "SIP/CreateSIPParticipant", "RoomService/DeleteRoom"]);
  });

  it("a person who declines after the briefing is hung up on; nothing is moved", async () => {
    const result = await warmTransfer(lk.clients(), input, { brief: async () => {}, confirm: async () => false });
    expect(result).toMatchObject({ ok: false, reason: "declined" });
    expect(lk.requests.map((r) => r.method)).toEqual(["RoomService/CreateRoom", "SIP/CreateSIPParticipant", "RoomService/RemoveParticipant", "RoomService/DeleteRoom"]);
    expect(lk.calls("RoomService/RemoveParticipant")[0]!.body).toEqual({ room: "call-c1-human-agent", identity: "human-agent-sip" });
  });

  it("a failed move removes the person and reports failure", async () => {
    lk.on("RoomService/MoveParticipant", () => ({ status: 500, json: { code: "internal", msg: "move failed" } }));
    const result = await warmTransfer(lk.clients(), input, { brief: async () => {} });
    expect(result).toMatchObject({ ok: false, reason: "failed" });
    expect(lk.calls("RoomService/RemoveParticipant")).toHaveLength(1);
    expect(lk.calls("RoomService/DeleteRoom")).toHaveLength(1);
  });

  it("needs an outbound trunk and a valid number", async () => {
    expect(await warmTransfer(lk.clients({ defaultOutboundTrunkId: null }), input, { brief: async () => {} })).toMatchObject({ ok: false, reason: "not_configured" });
    expect(await warmTransfer(lk.clients(), { ...input, to: "12" }, { brief: async () => {} })).toMatchObject({ ok: false, reason: "invalid_number" });
    expect(lk.requests).toHaveLength(0);
  });

  it("briefingText without a business name", () => {
    expect(briefingText({ summary: " Caller wants a quote. " })).toBe("Hi, this is the phone assistant with a caller to transfer. Caller wants a quote. I'll connect you now.");
  });
});
