import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

async function seedCalls(tenantId: string) {
  const sys = systemDb();
  const contact = await sys.contact.create({ data: { tenantId, givenName: "Ana", familyName: "Lima", timezone: "America/New_York" } });
  // Business zone is America/New_York: 2027-03-10 03:00Z is still 9 March there.
  const early = await sys.call.create({
    data: { tenantId, direction: "inbound", status: "completed", outcome: "appointment_booked", fromNumber: "+15550000001", startedAt: new Date("2027-03-10T03:00:00Z"), contactId: contact.id },
  });
  const outbound = await sys.call.create({
    data: { tenantId, direction: "outbound", status: "no_answer", toNumber: "+15550000002", startedAt: new Date("2027-03-10T15:00:00Z") },
  });
  const test = await sys.call.create({
    data: { tenantId, direction: "test", simulated: true, status: "completed", outcome: "message_taken", startedAt: new Date("2027-03-11T15:00:00Z") },
  });
  await sys.callTurn.createMany({
    data: [
      { tenantId, callId: early.id, seq: 1, role: "agent", text: "Hello, Bright Smiles.", nodeId: "greet" },
      { tenantId, callId: early.id, seq: 2, role: "caller", text: "I'd like a cleaning.", nodeId: "greet", latencyMs: 420 },
      { tenantId, callId: early.id, seq: 3, role: "agent", text: "Tuesday at 10?", nodeId: "offer_slot", data: { path: ["intent", "find_slots", "offer_slot"] } },
    ],
  });
  await sys.callAction.create({ data: { tenantId, callId: early.id, seq: 1, type: "find_slots", nodeId: "find_slots", ok: true, input: {}, result: { slots: 2 } } });
  return { contact, early, outbound, test };
}

describe("calls router", () => {
  it("filters by direction, outcome, contact and business-local dates, newest first", async () => {
    const viewer = await signedInMember("viewer");
    const { contact, early, outbound, test } = await seedCalls(viewer.tenant.id);
    const ids = async (input: Parameters<typeof viewer.caller.calls.list>[0]) => (await viewer.caller.calls.list(input)).items.map((c) => c.id);

    expect(await ids({})).toEqual([test.id, outbound.id, early.id]);
    expect(await ids({ direction: "outbound" })).toEqual([outbound.id]);
    expect(await ids({ outcome: "appointment_booked" })).toEqual([early.id]);
    expect(await ids({ contactId: contact.id })).toEqual([early.id]);
    expect(await ids({ from: "2027-03-09", to: "2027-03-09" })).toEqual([early.id]);
    expect(await ids({ from: "2027-03-10", to: "2027-03-10" })).toEqual([outbound.id]);
    const first = await viewer.caller.calls.list({ limit: 2 });
    expect(first.nextCursor).toBe(outbound.id);
    expect((await viewer.caller.calls.list({ limit: 2, cursor: first.nextCursor! })).items.map((c) => c.id)).toEqual([early.id]);
    expect((await viewer.caller.calls.list({ direction: "test" })).items[0]).toMatchObject({ simulated: true });
  });

  it("shows one call's conversation, path and actions, and hides other businesses' calls", async () => {
    const viewer = await signedInMember("viewer");
    const { early } = await seedCalls(viewer.tenant.id);
    const call = await viewer.caller.calls.get({ id: early.id });
    expect(call.turns.map((t) => [t.role, t.latencyMs])).toEqual([["agent", null], ["caller", 420], ["agent", null]]);
    expect(call.path).toEqual(["greet", "intent", "find_slots", "offer_slot"]);
    expect(call.actions).toMatchObject([{ type: "find_slots", ok: true }]);
    expect(call.contact).toMatchObject({ name: "Ana Lima" });

    const stranger = await signedInMember("owner");
    await expect(stranger.caller.calls.get({ id: early.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stranger.caller.calls.list({})).items).toEqual([]);
  });
});
