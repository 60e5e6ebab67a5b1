import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { getTemplate, listTemplates } from "../../agents/templates";
import { suffix } from "../testing/members";
import { addPhoneNumber, removePhoneNumber, resolveInboundCall, updatePhoneNumber, type PhoneNumberContext } from "./phone-numbers";
import { startFakeLivekit, type FakeLivekit } from "./test-livekit-server";

let lk: FakeLivekit;
beforeEach(async () => {
  lk = await startFakeLivekit();
});
afterEach(async () => {
  await lk.close();
});

async function business() {
  const s = suffix();
  return systemDb().tenant.create({ data: { name: `Biz ${s}`, slug: `biz-${s}` } });
}
/** A fresh US number per test: the unique index spans every business in the test database. */
const freshNumber = () => `+1415${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;

function as<T>(tenantId: string, clients: PhoneNumberContext["clients"], fn: (ctx: PhoneNumberContext) => Promise<T>) {
  return withTenant({ tenantId }, (db) => fn({ db, tenantId, actorId: null, clients }));
}

async function publishedInboundWorkflow(tenantId: string) {
  const key = listTemplates().find((t) => getTemplate(t.key)?.spec)!.key;
  const spec = getTemplate(key)!.spec;
  const wf = await systemDb().workflow.create({ data: { tenantId, name: "Front desk", direction: "inbound", draft: spec as object } });
  const version = await systemDb().workflowVersion.create({ data: { tenantId, workflowId: wf.id, version: 1, spec: spec as object } });
  await systemDb().workflow.update({ where: { id: wf.id }, data: { currentVersionId: version.id } });
  return { workflowId: wf.id, versionId: version.id };
}

describe("phone numbers", () => {
  it("stores the number in E.164 and provisions nothing while LiveKit is not configured", async () => {
    const tenant = await business();
    const typed = freshNumber();
    const view = await as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: `(${typed.slice(2, 5)}) ${typed.slice(5, 8)}-${typed.slice(8)}`, label: "Main line" }));
    expect(view).toMatchObject({ e164: typed, label: "Main line", provisioned: false });
    expect(lk.requests).toHaveLength(0);
  });

  it("creates the SIP inbound trunk and an individual-room dispatch rule that sends our agent", async () => {
    const tenant = await business();
    const e164 = freshNumber();
    const view = await as(tenant.id, lk.clients(), (ctx) => addPhoneNumber(ctx, { number: e164 }));
    expect(view).toMatchObject({ provisioned: true, livekitInboundTrunkId: "ST_in_test", livekitDispatchRuleId: "SDR_test" });
    const metadata = JSON.stringify({ tenantId: tenant.id, phoneNumberId: view.id, direction: "inbound" });
    expect(lk.requests.map((r) => r.method)).toEqual(["SIP/CreateSIPInboundTrunk", "SIP/CreateSIPDispatchRule"]);
    expect(lk.calls("SIP/CreateSIPInboundTrunk")[0]!.body).toEqual({
      trunk: { name: `Switchboard ${e164}`, numbers: [e164], metadata, krispEnabled: true },
    });
    expect(lk.calls("SIP/CreateSIPDispatchRule")[0]!.body).toMatchObject({
      rule: { dispatchRuleIndividual: { roomPrefix: "inbound-" } },
      trunkIds: ["ST_in_test"],
      name: `Switchboard ${e164}`,
      metadata,
      roomConfig: { agents: [{ agentName: "switchboard", metadata }] },
    });
  });

  it("removes the trunk it created when LiveKit refuses the dispatch rule, and saves nothing", async () => {
    const tenant = await business();
    lk.on("SIP/CreateSIPDispatchRule", () => ({ status: 400, json: { code: "invalid_argument", msg: "bad rule" } }));
    await expect(as(tenant.id, lk.clients(), (ctx) => addPhoneNumber(ctx, { number: freshNumber() }))).rejects.toMatchObject({ code: "LIVEKIT" });
    expect(lk.calls("SIP/DeleteSIPTrunk")[0]!.body).toEqual({ sipTrunkId: "ST_in_test" });
    expect(await systemDb().phoneNumber.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("refuses a number another business already answers", async () => {
    const a = await business();
    const b = await business();
    const e164 = freshNumber();
    await as(a.id, null, (ctx) => addPhoneNumber(ctx, { number: e164 }));
    await expect(as(b.id, null, (ctx) => addPhoneNumber(ctx, { number: e164 }))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps one outbound caller id per business", async () => {
    const tenant = await business();
    const first = await as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: freshNumber(), useForOutbound: true }));
    const second = await as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: freshNumber() }));
    await as(tenant.id, null, (ctx) => updatePhoneNumber(ctx, { id: second.id, useForOutbound: true }));
    const rows = await systemDb().phoneNumber.findMany({ where: { tenantId: tenant.id } });
    expect(rows.find((r) => r.id === first.id)!.useForOutbound).toBe(false);
    expect(rows.find((r) => r.id === second.id)!.useForOutbound).toBe(true);
  });

  it("deletes the dispatch rule and trunk when a provisioned number is removed", async () => {
    const tenant = await business();
    const view = await as(tenant.id, lk.clients(), (ctx) => addPhoneNumber(ctx, { number: freshNumber() }));
    await as(tenant.id, lk.clients(), (ctx) => removePhoneNumber(ctx, { id: view.id }));
    expect(lk.requests.slice(2).map((r) => [r.method, r.body])).toEqual([
      ["SIP/DeleteSIPDispatchRule", { sipDispatchRuleId: "SDR_test" }],
      ["SIP/DeleteSIPTrunk", { sipTrunkId: "ST_in_test" }],
    ]);
    expect(await systemDb().phoneNumber.count({ where: { id: view.id } })).toBe(0);
  });

  it("refuses an outbound workflow as the answering workflow", async () => {
    const tenant = await business();
    const wf = await systemDb().workflow.create({ data: { tenantId: tenant.id, name: "Reminders", direction: "outbound", draft: {} } });
    await expect(as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: freshNumber(), workflowId: wf.id }))).rejects.toMatchObject({ code: "INVALID" });
  });
});

describe("resolveInboundCall", () => {
  it("finds the business and the published version of the number's workflow", async () => {
    const tenant = await business();
    const { workflowId, versionId } = await publishedInboundWorkflow(tenant.id);
    const e164 = freshNumber();
    await as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: e164, workflowId, label: "Front desk" }));
    const route = await resolveInboundCall(e164.slice(1)); // SIP attributes may drop the "+"
    expect(route).toMatchObject({ tenantId: tenant.id, e164, label: "Front desk", workflow: { workflowId, workflowVersionId: versionId, version: 1 } });
  });

  it("falls back to the business's inbound workflow, and answers null for unknown numbers", async () => {
    const tenant = await business();
    const e164 = freshNumber();
    await as(tenant.id, null, (ctx) => addPhoneNumber(ctx, { number: e164 }));
    expect(await resolveInboundCall(e164)).toMatchObject({ tenantId: tenant.id, workflow: null });
    expect(await resolveInboundCall("+19999999999")).toBeNull();
  });
});
