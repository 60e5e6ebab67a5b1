import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AccessToken } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { suffix } from "../testing/members";
import { livekitWebhookResponse } from "./webhook";

const KEY = "APIwebhookkey";
const SECRET = "webhook-secret-long-enough-for-hs256-signatures";

// Real HTTP: a node server hands the raw request to the same function the Remix route uses.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "POST" ? body : undefined,
    });
    const response = await livekitWebhookResponse(request, { apiKey: KEY, apiSecret: SECRET });
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/livekit`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Signs like LiveKit: a JWT from the API key whose sha256 claim is the body's base64 SHA-256. */
async function sign(body: string, key = KEY, secret = SECRET) {
  const token = new AccessToken(key, secret);
  token.sha256 = createHash("sha256").update(body).digest("base64");
  return token.toJwt();
}

async function post(body: string, authorization?: string) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/webhook+json", ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function placedCall(status: "ringing" | "queued" = "ringing") {
  const s = suffix();
  const tenant = await systemDb().tenant.create({ data: { name: `Biz ${s}`, slug: `biz-${s}` } });
  const call = await systemDb().call.create({
    data: { tenantId: tenant.id, direction: "outbound", toNumber: "+15550001111", status, placementState: "placed" },
  });
  const roomName = `call-${call.id}`;
  await systemDb().call.update({ where: { id: call.id }, data: { roomName } });
  return { callId: call.id, roomName };
}

let seq = 0;
function event(roomName: string, name: string, participant?: Record<string, unknown>, createdAt = 1_800_000_000) {
  seq += 1;
  return JSON.stringify({
    id: `EV_${suffix()}_${seq}`,
    event: name,
    createdAt: String(createdAt),
    room: { name: roomName, sid: "RM_x" },
    ...(participant ? { participant } : {}),
  });
}
const phone = (callStatus: string, extra: Record<string, unknown> = {}) => ({
  sid: "PA_phone",
  identity: "sip-leg",
  kind: "SIP",
  attributes: { "sip.callStatus": callStatus, "sip.callID": "SCL_1" },
  ...extra,
});
const callRow = (id: string) => systemDb().call.findUniqueOrThrow({ where: { id } });
const eventRows = (roomName: string) => systemDb().livekitWebhookEvent.count({ where: { roomName } });

describe("POST /api/webhooks/livekit", () => {
  it("applies a validly signed event: the phone leg joining marks the call answered", async () => {
    const { callId, roomName } = await placedCall();
    const body = event(roomName, "participant_joined", phone("active"));
    const res = await post(body, await sign(body));
    expect(res).toEqual({ status: 200, json: { ok: true, callId } });
    expect(await callRow(callId)).toMatchObject({
      status: "in_progress",
      answeredAt: new Date(1_800_000_000_000),
      sipParticipantId: "PA_phone",
      sipCallId: "SCL_1",
    });
    expect(await eventRows(roomName)).toBe(1);
  });

  it("refuses a body signed with another key's secret with 401 and writes nothing", async () => {
    const { callId, roomName } = await placedCall();
    const body = event(roomName, "participant_joined", phone("active"));
    const res = await post(body, await sign(body, KEY, "some-other-secret-that-is-long-enough-too"));
    expect(res.status).toBe(401);
    expect((await callRow(callId)).status).toBe("ringing");
    expect(await eventRows(roomName)).toBe(0);
  });

  it("refuses a tampered body (signature of another body) with 401 and writes nothing", async () => {
    const { callId, roomName } = await placedCall();
    const signed = event(roomName, "participant_joined", phone("ringing"));
    const tampered = signed.replace('"ringing"', '"active"');
    const res = await post(tampered, await sign(signed));
    expect(res.status).toBe(401);
    expect((await callRow(callId)).status).toBe("ringing");
    expect(await eventRows(roomName)).toBe(0);
  });

  it("refuses an unsigned request", async () => {
    const { roomName } = await placedCall();
    expect((await post(event(roomName, "room_finished"))).status).toBe(401);
    expect(await eventRows(roomName)).toBe(0);
  });

  it("ignores a replayed event: applied once, answered as a duplicate", async () => {
    const { callId, roomName } = await placedCall();
    const answered = event(roomName, "participant_joined", phone("active"), 1_800_000_000);
    await post(answered, await sign(answered));
    const hangUp = event(roomName, "participant_left", phone("hangup", { disconnectReason: "CLIENT_INITIATED" }), 1_800_000_090);
    expect((await post(hangUp, await sign(hangUp))).json).toEqual({ ok: true, callId });
    const afterFirst = await callRow(callId);
    expect(afterFirst).toMatchObject({ status: "completed", durationSec: 90, endedAt: new Date(1_800_000_090_000) });

    const replay = await post(hangUp, await sign(hangUp));
    expect(replay).toEqual({ status: 200, json: { ok: true, duplicate: true, callId } });
    expect((await callRow(callId)).updatedAt).toEqual(afterFirst.updatedAt);
    expect(await eventRows(roomName)).toBe(2);
  });

  it.each([
    ["USER_REJECTED", "busy"],
    ["USER_UNAVAILABLE", "no_answer"],
    ["SIP_TRUNK_FAILURE", "failed"],
  ])("records a phone leg that left unanswered with %s as %s", async (reason, expected) => {
    const { callId, roomName } = await placedCall();
    const body = event(roomName, "participant_left", phone("hangup", { disconnectReason: reason }));
    await post(body, await sign(body));
    expect((await callRow(callId)).status).toBe(expected);
  });

  it("records voicemail when the agent reports an answering machine", async () => {
    const { callId, roomName } = await placedCall();
    const joined = event(roomName, "participant_joined", phone("active"), 1_800_000_000);
    await post(joined, await sign(joined));
    const agentLeft = event(
      roomName,
      "participant_left",
      { sid: "PA_agent", identity: "agent-1", kind: "AGENT", attributes: { "switchboard.answeredBy": "voicemail" } },
      1_800_000_030,
    );
    await post(agentLeft, await sign(agentLeft));
    expect(await callRow(callId)).toMatchObject({ status: "voicemail", durationSec: 30 });
  });

  it("never moves a finished call back when events arrive out of order", async () => {
    const { callId, roomName } = await placedCall();
    const finished = event(roomName, "room_finished", undefined, 1_800_000_100);
    await post(finished, await sign(finished));
    expect((await callRow(callId)).status).toBe("no_answer");
    const lateJoin = event(roomName, "participant_joined", phone("ringing"), 1_800_000_050);
    await post(lateJoin, await sign(lateJoin));
    expect((await callRow(callId)).status).toBe("no_answer");
  });

  it("keeps the recording location when the room's egress ends", async () => {
    const { callId, roomName } = await placedCall();
    const body = JSON.stringify({
      id: `EV_${suffix()}`,
      event: "egress_ended",
      createdAt: "1800000000",
      egressInfo: { egressId: "EG_1", roomName, fileResults: [{ filename: "a.ogg", location: "https://files.example/a.ogg" }] },
    });
    expect((await post(body, await sign(body))).status).toBe(200);
    expect((await callRow(callId)).recordingUrl).toBe("https://files.example/a.ogg");
  });

  it("answers 503 when LiveKit is not configured", async () => {
    const res = await livekitWebhookResponse(new Request("http://x/api/webhooks/livekit", { method: "POST", body: "{}" }), null);
    expect(res.status).toBe(503);
  });
});
