import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("campaigns router", () => {
  it("lets viewers read but change nothing", async () => {
    const owner = await signedInMember("owner");
    const viewer = await signedInMember("viewer", { tenantId: owner.tenant.id });
    const campaign = await owner.caller.campaigns.create({ type: "reminder", name: "Reminders", settings: { hoursBefore: 24 } });

    expect((await viewer.caller.campaigns.list()).map((c) => c.id)).toEqual([campaign.id]);
    expect((await viewer.caller.campaigns.get({ id: campaign.id })).name).toBe("Reminders");
    expect((await viewer.caller.campaigns.queue({ campaignId: campaign.id })).tasks).toEqual([]);
    expect(await viewer.caller.campaigns.latestDryRun({ id: campaign.id })).toBeNull();
    expect((await viewer.caller.campaigns.safeguards()).telephonyConfigured).toBeTypeOf("boolean");

    expect(await code(viewer.caller.campaigns.create({ type: "list", name: "Nope" }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.update({ id: campaign.id, status: "active" }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.dryRun({ campaignId: campaign.id }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.pause({ reason: "viewer" }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.resume())).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.updateSafeguards({ maxPerDay: 10 }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.dnc.add({ phone: "+14155550100" }))).toBe("FORBIDDEN");
    expect(await code(viewer.caller.campaigns.dnc.importPreview({ sample: "phone\n4155550100\n" }))).toBe("FORBIDDEN");
    expect((await systemDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("paused");
  });

  it("lets staff manage campaigns and the list, but not resume calling or remove numbers", async () => {
    const admin = await signedInMember("admin");
    const staff = await signedInMember("staff", { tenantId: admin.tenant.id });
    const campaign = await staff.caller.campaigns.create({ type: "collections", name: "Collections", settings: { minDaysOverdue: 5 } });
    const updated = await staff.caller.campaigns.update({ id: campaign.id, status: "active", name: "Overdue" });
    expect(updated).toMatchObject({ status: "active", name: "Overdue" });
    const entry = await staff.caller.campaigns.dnc.add({ phone: "(415) 555-0100", reason: "asked" });
    expect(entry.phone).toBe("+14155550100");
    expect((await staff.caller.campaigns.dnc.importPreview({ sample: "phone\n4155550101\n" })).mapping).toEqual({ "0": "phone" });
    // A dry run needs a workflow: staff may start one, and get a clear refusal here.
    expect(await code(staff.caller.campaigns.dryRun({ campaignId: campaign.id }))).toBe("BAD_REQUEST");

    await admin.caller.campaigns.pause({ reason: "checking the script" });
    expect(await code(staff.caller.campaigns.resume())).toBe("FORBIDDEN");
    expect(await code(staff.caller.campaigns.pause({ reason: "staff" }))).toBe("FORBIDDEN");
    expect(await code(staff.caller.campaigns.dnc.remove({ id: entry.id }))).toBe("FORBIDDEN");
    expect(await code(staff.caller.campaigns.updateSafeguards({ maxPerDay: 10 }))).toBe("FORBIDDEN");
    expect((await staff.caller.campaigns.safeguards()).pausedAt).not.toBeNull();
    const control = await systemDb().outboundControl.findUniqueOrThrow({ where: { tenantId: admin.tenant.id } });
    expect(control.paused).toBe(true);
  });

  it("lets an admin resume a pause (recorded in the history) and remove numbers", async () => {
    const admin = await signedInMember("admin");
    await admin.caller.campaigns.pause({ reason: "too many failures" });
    expect((await systemDb().outboundControl.findUniqueOrThrow({ where: { tenantId: admin.tenant.id } })).paused).toBe(true);
    await admin.caller.campaigns.resume();
    expect((await systemDb().outboundControl.findUniqueOrThrow({ where: { tenantId: admin.tenant.id } })).paused).toBe(false);
    const safeguards = await admin.caller.campaigns.safeguards();
    expect(safeguards.resumedAt).not.toBeNull();
    expect(safeguards.history.map((h) => h.action)).toEqual(["resumed", "paused"]);
    expect(await systemDb().auditLog.count({ where: { tenantId: admin.tenant.id, action: { in: ["outbound.paused", "outbound.resumed"] } } })).toBe(2);

    const entry = await admin.caller.campaigns.dnc.add({ phone: "+14155550199" });
    await admin.caller.campaigns.dnc.remove({ id: entry.id });
    expect((await admin.caller.campaigns.dnc.list({})).entries).toEqual([]);
  });

  it("keeps businesses apart", async () => {
    const a = await signedInMember("owner");
    const b = await signedInMember("owner");
    const campaign = await a.caller.campaigns.create({ type: "list", name: "A's list" });
    expect(await code(b.caller.campaigns.get({ id: campaign.id }))).toBe("NOT_FOUND");
    expect(await code(b.caller.campaigns.update({ id: campaign.id, name: "hijack" }))).toBe("NOT_FOUND");
    expect(await code(b.caller.campaigns.dryRun({ campaignId: campaign.id }))).toBe("NOT_FOUND");
    expect(await b.caller.campaigns.list()).toEqual([]);
  });
});
