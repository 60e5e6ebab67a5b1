import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

const week = {
  mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }],
  sat: [{ open: "10:00", close: "14:00" }],
};

describe("business router", () => {
  it("lets any member read the profile, with a closed week by default", async () => {
    const { caller, tenant } = await signedInMember("viewer");
    const profile = await caller.business.get();
    expect(profile).toMatchObject({ id: tenant.id, name: tenant.name, timezone: "America/New_York" });
    expect(profile.businessHours.mon).toEqual([]);
  });

  it("saves an owner's update and records which fields changed", async () => {
    const { caller, tenant, user } = await signedInMember("owner");
    const { profile, changed } = await caller.business.update({
      name: "Acme Dental",
      timezone: "Europe/Dublin",
      country: "ie",
      industry: "dental",
      businessHours: week,
    });
    expect(changed).toEqual(["name", "timezone", "country", "industry", "businessHours"]);
    expect(profile).toMatchObject({ name: "Acme Dental", country: "IE", industry: "dental" });
    expect(profile.businessHours.sat).toEqual([{ open: "10:00", close: "14:00" }]);

    const entries = await systemDb().auditLog.findMany({ where: { tenantId: tenant.id, action: "business.updated" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: user.id, targetId: tenant.id, ip: "127.0.0.1" });
    expect(entries[0].meta).toMatchObject({
      fields: changed,
      before: { name: tenant.name, timezone: "America/New_York" },
      after: { name: "Acme Dental", timezone: "Europe/Dublin" },
    });
  });

  it("writes and audits nothing when nothing changed", async () => {
    const { caller, tenant } = await signedInMember("admin");
    await caller.business.update({ businessHours: week });
    const again = await caller.business.update({ businessHours: week, name: tenant.name });
    expect(again.changed).toEqual([]);
    expect(await systemDb().auditLog.count({ where: { tenantId: tenant.id, action: "business.updated" } })).toBe(1);
  });

  it("refuses a bad time zone and overlapping hours without saving", async () => {
    const { caller, tenant } = await signedInMember("owner");
    await expect(caller.business.update({ timezone: "Atlantis/Capital" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller.business.update({ businessHours: { fri: [{ open: "09:00", close: "13:00" }, { open: "12:00", close: "15:00" }] } }),
    ).rejects.toThrow(/Overlaps 09:00–13:00/);
    const stored = await systemDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(stored.timezone).toBe("America/New_York");
    expect(stored.businessHours).toEqual({});
    expect(await systemDb().auditLog.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it.each(["staff", "viewer"] as const)("refuses an update by %s", async (role) => {
    const { caller, tenant } = await signedInMember(role);
    const attempt = caller.business.update({ name: "Taken over" });
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await systemDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name).toBe(tenant.name);
  });

  it("only ever touches the caller's own business", async () => {
    const other = await signedInMember("owner");
    const { caller } = await signedInMember("owner");
    await caller.business.update({ name: "Mine" });
    expect((await systemDb().tenant.findUniqueOrThrow({ where: { id: other.tenant.id } })).name).toBe(other.tenant.name);
  });
});
