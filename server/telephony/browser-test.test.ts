// Browser voice test, server side: the test Call row, the room + agent dispatch requests against
// the local LiveKit Twirp server (exact bodies), and the browser token's claims; the tRPC router's
// role check and "not configured" answer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TokenVerifier } from "livekit-server-sdk";
import { systemDb } from "../db";
import { signedInMember, suffix } from "../testing/members";
import { sampleSpec } from "../../agents/graphs/test-specs";
import { workflowSpec } from "../../agents/graphs/spec";
import { setLivekitForTests } from "./livekit";
import { browserUrl, startVoiceTest, voiceTestAvailability } from "./browser-test";
import { startFakeLivekit, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET, type FakeLivekit } from "./test-livekit-server";

let lk: FakeLivekit;
beforeEach(async () => {
  lk = await startFakeLivekit();
});
afterEach(async () => {
  setLivekitForTests(undefined);
  await lk.close();
});

async function workflowFor(tenantId: string) {
  const spec = workflowSpec.parse(sampleSpec());
  const wf = await systemDb().workflow.create({ data: { tenantId, name: `Front desk ${suffix()}`, direction: "inbound", draft: spec as never } });
  const version = await systemDb().workflowVersion.create({ data: { tenantId, workflowId: wf.id, version: 1, spec: spec as never } });
  return { wf, version, spec };
}

describe("startVoiceTest", () => {
  it("creates the test call, its room and agent dispatch, and a short-lived join token for that room only", async () => {
    const { tenant, user } = await signedInMember("staff");
    const { wf, version } = await workflowFor(tenant.id);
    const before = Date.now();

    const session = await startVoiceTest({ tenantId: tenant.id, actorId: user.id, actorName: "Sam" }, { workflowId: wf.id, target: version.id }, { clients: lk.clients() });

    const call = await systemDb().call.findUniqueOrThrow({ where: { id: session.callId } });
    expect(call).toMatchObject({
      tenantId: tenant.id,
      direction: "test",
      status: "queued",
      simulated: false,
      workflowId: wf.id,
      workflowVersionId: version.id,
      roomName: `test-${call.id}`,
      livekitDispatchId: "AD_test",
    });
    expect(call.metadata).toEqual({ voiceTest: true, startedBy: user.id, target: version.id });

    const metadata = JSON.stringify({ callId: call.id, tenantId: tenant.id, direction: "test" });
    expect(lk.requests.map((r) => r.method)).toEqual(["RoomService/CreateRoom", "AgentDispatchService/CreateDispatch"]);
    expect(lk.requests[0]!.body).toEqual({ name: `test-${call.id}`, emptyTimeout: 60, departureTimeout: 10, metadata });
    expect(lk.requests[1]!.body).toEqual({ agentName: "switchboard", room: `test-${call.id}`, metadata });

    expect(session).toMatchObject({ callId: call.id, roomName: `test-${call.id}`, url: lk.url.replace("http://", "ws://"), dispatchId: "AD_test" });
    const claims = (await new TokenVerifier(TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET).verify(session.token)) as unknown as Record<string, any>;
    expect(claims.iss).toBe(TEST_LIVEKIT_KEY);
    expect(claims.sub).toBe(session.identity);
    expect(claims.name).toBe("Sam");
    expect(claims.video).toEqual({ roomJoin: true, room: `test-${call.id}`, canPublish: true, canSubscribe: true, canPublishData: true });
    expect(claims.video.roomAdmin).toBeUndefined();
    expect(claims.sip).toBeUndefined();
    expect(claims.attributes).toEqual({ "switchboard.callId": call.id, "switchboard.role": "voice_test" });
    // 10 minutes.
    expect(claims.exp - claims.nbf).toBe(600);
    expect(claims.exp * 1000).toBeGreaterThanOrEqual(before + 600_000 - 2000);
    await expect(new TokenVerifier(TEST_LIVEKIT_KEY, "another-secret-that-is-long-enough-xx").verify(session.token)).rejects.toThrow();
  });

  it("tests the saved draft by storing its spec on the call", async () => {
    const { tenant, user } = await signedInMember("owner");
    const { wf, spec } = await workflowFor(tenant.id);
    const session = await startVoiceTest({ tenantId: tenant.id, actorId: user.id }, { workflowId: wf.id, target: "draft" }, { clients: lk.clients() });
    const call = await systemDb().call.findUniqueOrThrow({ where: { id: session.callId } });
    expect(call.workflowVersionId).toBeNull();
    expect((call.metadata as any).spec).toEqual(spec);
  });

  it("refuses another business's workflow and contact, and marks the call failed when LiveKit refuses", async () => {
    const { tenant, user } = await signedInMember("staff");
    const other = await signedInMember("staff");
    const { wf: foreign } = await workflowFor(other.tenant.id);
    await expect(startVoiceTest({ tenantId: tenant.id, actorId: user.id }, { workflowId: foreign.id, target: "draft" }, { clients: lk.clients() })).rejects.toThrow(
      "Workflow not found.",
    );
    const { wf } = await workflowFor(tenant.id);
    const contact = await systemDb().contact.create({ data: { tenantId: other.tenant.id, givenName: "X", timezone: "UTC" } });
    await expect(
      startVoiceTest({ tenantId: tenant.id, actorId: user.id }, { workflowId: wf.id, target: "draft", contactId: contact.id }, { clients: lk.clients() }),
    ).rejects.toThrow("Contact not found.");
    expect(lk.requests).toHaveLength(0);

    lk.on("AgentDispatchService/CreateDispatch", () => ({ status: 403, json: { code: "permission_denied", msg: "no" } }));
    await expect(startVoiceTest({ tenantId: tenant.id, actorId: user.id }, { workflowId: wf.id, target: "draft" }, { clients: lk.clients() })).rejects.toThrow();
    const failed = await systemDb().call.findFirstOrThrow({ where: { tenantId: tenant.id, direction: "test" } });
    expect(failed.status).toBe("failed");
    expect(failed.endedAt).not.toBeNull();
    expect(failed.placementError).toMatch(/LiveKit room\/agent setup failed/);
  });

  it("browserUrl turns http(s) into ws(s)", () => {
    expect(browserUrl("https://x.livekit.cloud")).toBe("wss://x.livekit.cloud");
    expect(browserUrl("wss://x.livekit.cloud")).toBe("wss://x.livekit.cloud");
  });
});

describe("voiceTest router", () => {
  it("availability says what LiveKit unlocks; start is staff+ and PRECONDITION_FAILED when not configured", async () => {
    setLivekitForTests(null);
    expect(voiceTestAvailability(null)).toMatchObject({ configured: false, missing: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"] });
    const staff = await signedInMember("staff");
    const { wf } = await workflowFor(staff.tenant.id);
    expect(await staff.caller.voiceTest.availability()).toMatchObject({ configured: false });
    await expect(staff.caller.voiceTest.start({ workflowId: wf.id, target: "draft" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    const viewer = await signedInMember("viewer", { tenantId: staff.tenant.id });
    await expect(viewer.caller.voiceTest.start({ workflowId: wf.id, target: "draft" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    setLivekitForTests(lk.clients());
    const session = await staff.caller.voiceTest.start({ workflowId: wf.id, target: "draft" });
    expect(session.roomName).toBe(`test-${session.callId}`);
    expect(await staff.caller.voiceTest.availability()).toMatchObject({ configured: true, missing: [] });
  });
});
