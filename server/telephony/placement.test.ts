import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { suffix } from "../testing/members";
import { placeCall, PlacementError, STALE_CLAIM_MS } from "./placement";
import { startFakeLivekit, TEST_LIVEKIT_KEY, type FakeLivekit } from "./test-livekit-server";

let lk: FakeLivekit;
beforeEach(async () => {
  lk = await startFakeLivekit();
});
afterEach(async () => {
  await lk.close();
});

async function outboundCall(data: { toNumber?: string; fromNumber?: string } = {}) {
  const s = suffix();
  const tenant = await systemDb().tenant.create({ data: { name: `Biz ${s}`, slug: `biz-${s}` } });
  const call = await systemDb().call.create({
    data: { tenantId: tenant.id, direction: "outbound", toNumber: data.toNumber ?? "+15557654321", fromNumber: data.fromNumber ?? "" },
  });
  return { tenantId: tenant.id, callId: call.id };
}

const row = (callId: string) => systemDb().call.findUniqueOrThrow({ where: { id: callId } });
const dials = () => lk.calls("SIP/CreateSIPParticipant").length;

describe("placeCall", () => {
  it("creates the room, dispatches the agent with the call's metadata, then dials the number once", async () => {
    const { tenantId, callId } = await outboundCall();
    await systemDb().phoneNumber.create({ data: { tenantId, e164: `+1555${Date.now().toString().slice(-7)}`, useForOutbound: true } });
    const callerId = (await systemDb().phoneNumber.findFirstOrThrow({ where: { tenantId } })).e164;

    const result = await placeCall({ tenantId, clients: lk.clients() }, { callId });

    expect(result).toEqual({ placed: true, alreadyPlaced: false, roomName: `call-${callId}`, state: "placed" });
    expect(lk.requests.map((r) => r.method)).toEqual(["RoomService/CreateRoom", "AgentDispatchService/CreateDispatch", "SIP/CreateSIPParticipant"]);
    const [room, dispatch, sip] = lk.requests;
    expect(room!.body).toEqual({
      name: `call-${callId}`,
      emptyTimeout: 120,
      departureTimeout: 10,
      metadata: JSON.stringify({ callId, tenantId }),
    });
    expect(dispatch!.body).toEqual({
      agentName: "switchboard",
      room: `call-${callId}`,
      metadata: JSON.stringify({ callId, tenantId, direction: "outbound" }),
    });
    expect(sip!.body).toEqual({
      sipTrunkId: "ST_default",
      sipCallTo: "+15557654321",
      sipNumber: callerId,
      roomName: `call-${callId}`,
      participantIdentity: `sip-${callId}`,
      participantName: "Phone",
      participantAttributes: { "switchboard.callId": callId },
      ringingTimeout: "40s",
      maxCallDuration: "1800s",
      krispEnabled: true,
    });
    // Each request is signed with the API key/secret and carries only the grant it needs.
    const roomGrants = await lk.grants(room!);
    expect(roomGrants).toMatchObject({ iss: TEST_LIVEKIT_KEY, video: { roomCreate: true } });
    expect(await lk.grants(dispatch!)).toMatchObject({ video: { roomAdmin: true, room: `call-${callId}` } });
    expect(await lk.grants(sip!)).toMatchObject({ sip: { call: true } });
    await expect(lk.grants({ ...sip!, authorization: sip!.authorization!.slice(0, -3) + "abc" })).rejects.toThrow();

    expect(await row(callId)).toMatchObject({
      placementState: "placed",
      status: "ringing",
      roomName: `call-${callId}`,
      sipParticipantIdentity: `sip-${callId}`,
      sipParticipantId: "PA_phone",
      sipCallId: "SCL_test",
      livekitDispatchId: "AD_test",
      fromNumber: callerId,
    });
  });

  it("sends nothing when a retried job asks again for a placed call", async () => {
    const { tenantId, callId } = await outboundCall();
    await placeCall({ tenantId, clients: lk.clients() }, { callId });
    const before = lk.requests.length;
    const again = await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(again).toEqual({ placed: true, alreadyPlaced: true, roomName: `call-${callId}`, state: "placed" });
    expect(lk.requests.length).toBe(before);
  });

  it("dials once when several attempts race for the same call", async () => {
    const { tenantId, callId } = await outboundCall();
    const results = await Promise.all([1, 2, 3, 4].map(() => placeCall({ tenantId, clients: lk.clients() }, { callId })));
    expect(dials()).toBe(1);
    expect(lk.calls("AgentDispatchService/CreateDispatch")).toHaveLength(1);
    expect(results.filter((r) => !r.alreadyPlaced)).toHaveLength(1);
  });

  it("uses the business's own trunk and caller id", async () => {
    const { tenantId, callId } = await outboundCall();
    const e164 = `+1444${Date.now().toString().slice(-7)}`;
    await systemDb().phoneNumber.create({ data: { tenantId, e164, useForOutbound: true, outboundTrunkId: "ST_business" } });
    await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(lk.calls("SIP/CreateSIPParticipant")[0]!.body).toMatchObject({ sipTrunkId: "ST_business", sipNumber: e164 });
  });

  it("refuses, before any request, when no outbound trunk is configured", async () => {
    const { tenantId, callId } = await outboundCall();
    await expect(placeCall({ tenantId, clients: lk.clients({ defaultOutboundTrunkId: null }) }, { callId })).rejects.toMatchObject({
      code: "NOT_CONFIGURED",
    });
    expect(lk.requests).toHaveLength(0);
    expect((await row(callId)).placementState).toBe("none");
  });

  it("refuses another business's call", async () => {
    const { callId } = await outboundCall();
    const other = await outboundCall();
    await expect(placeCall({ tenantId: other.tenantId, clients: lk.clients() }, { callId })).rejects.toBeInstanceOf(PlacementError);
    expect(lk.requests).toHaveLength(0);
  });

  it("hands the claim back when the agent dispatch fails, and the retry reuses the dispatch instead of adding a second agent", async () => {
    const { tenantId, callId } = await outboundCall();
    lk.on("AgentDispatchService/CreateDispatch", () => ({ status: 500, json: { code: "internal", msg: "boom" } }));
    await expect(placeCall({ tenantId, clients: lk.clients() }, { callId })).rejects.toThrow();
    expect(dials()).toBe(0);
    expect(await row(callId)).toMatchObject({ placementState: "none", sipRequestedAt: null });

    // The failed request had in fact created the dispatch: the retry finds and keeps it.
    lk.on("AgentDispatchService/ListDispatch", () => ({
      json: { agentDispatches: [{ id: "AD_survivor", agentName: "switchboard", room: `call-${callId}` }] },
    }));
    const retry = await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(retry.placed).toBe(true);
    expect(lk.calls("AgentDispatchService/CreateDispatch")).toHaveLength(1);
    expect(lk.calls("AgentDispatchService/ListDispatch")[0]!.body).toEqual({ room: `call-${callId}` });
    expect(dials()).toBe(1);
    expect((await row(callId)).livekitDispatchId).toBe("AD_survivor");
  });

  it("resolves a lost dial answer from the room, never by dialling again", async () => {
    const { tenantId, callId } = await outboundCall();
    lk.on("SIP/CreateSIPParticipant", () => ({ drop: true }));
    lk.on("RoomService/ListParticipants", () => ({
      json: { participants: [{ sid: "PA_found", identity: `sip-${callId}`, attributes: { "sip.callID": "SCL_found" } }] },
    }));
    const result = await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(result).toMatchObject({ placed: true, state: "placed" });
    expect(lk.calls("RoomService/ListParticipants")[0]!.body).toEqual({ room: `call-${callId}` });
    expect(await row(callId)).toMatchObject({ placementState: "placed", sipParticipantId: "PA_found", sipCallId: "SCL_found" });

    await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(dials()).toBe(1);
  });

  it("fails a call whose dial answer was lost and whose phone leg never appeared, without redialling", async () => {
    const { tenantId, callId } = await outboundCall();
    lk.on("SIP/CreateSIPParticipant", () => ({ status: 503, json: { code: "unavailable", msg: "try later" } }));
    const result = await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(result).toMatchObject({ placed: false, state: "failed" });
    expect(await row(callId)).toMatchObject({ placementState: "failed", status: "failed" });
    expect((await row(callId)).placementError).toMatch(/not redialled/);

    expect(await placeCall({ tenantId, clients: lk.clients() }, { callId })).toMatchObject({ alreadyPlaced: true, state: "failed" });
    expect(dials()).toBe(1);
  });

  it("records a busy line from the carrier as busy", async () => {
    const { tenantId, callId } = await outboundCall();
    lk.on("SIP/CreateSIPParticipant", () => ({
      status: 400,
      json: { code: "failed_precondition", msg: "call failed", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    }));
    const result = await placeCall({ tenantId, clients: lk.clients() }, { callId });
    expect(result).toMatchObject({ placed: false, alreadyPlaced: false, state: "failed" });
    expect(await row(callId)).toMatchObject({ placementState: "failed", status: "busy" });
    expect(lk.calls("RoomService/ListParticipants")).toHaveLength(0);
  });

  describe("after a crash mid-placement", () => {
    const stale = () => new Date(Date.now() - STALE_CLAIM_MS - 5_000);

    it("leaves a fresh claim to the attempt that holds it", async () => {
      const { tenantId, callId } = await outboundCall();
      await systemDb().call.update({ where: { id: callId }, data: { placementState: "placing", placementClaimedAt: new Date() } });
      expect(await placeCall({ tenantId, clients: lk.clients() }, { callId })).toMatchObject({ placed: false, alreadyPlaced: true, state: "placing" });
      expect(lk.requests).toHaveLength(0);
    });

    it("takes over a stale claim that never reached the dial, and dials once", async () => {
      const { tenantId, callId } = await outboundCall();
      await systemDb().call.update({ where: { id: callId }, data: { placementState: "placing", placementClaimedAt: stale() } });
      expect(await placeCall({ tenantId, clients: lk.clients() }, { callId })).toMatchObject({ placed: true, alreadyPlaced: false });
      expect(lk.requests.map((r) => r.method)).toEqual([
        "RoomService/CreateRoom",
        "AgentDispatchService/ListDispatch",
        "AgentDispatchService/CreateDispatch",
        "SIP/CreateSIPParticipant",
      ]);
    });

    it("never dials a stale claim whose dial request was sent: the room decides", async () => {
      const { tenantId, callId } = await outboundCall();
      await systemDb().call.update({
        where: { id: callId },
        data: { placementState: "placing", placementClaimedAt: stale(), sipRequestedAt: stale(), roomName: `call-${callId}` },
      });
      expect(await placeCall({ tenantId, clients: lk.clients() }, { callId })).toMatchObject({ placed: false, state: "failed" });
      expect(lk.requests.map((r) => r.method)).toEqual(["RoomService/ListParticipants"]);
      expect(await row(callId)).toMatchObject({ placementState: "failed", status: "failed" });
    });
  });
});
