import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { callerAs, signedInMember, suffix } from "../testing/members";

describe("me router", () => {
  it("lists every business the user belongs to, with role and status, and no one else's", async () => {
    const { user, tenant, caller } = await signedInMember("owner", { name: "Pat" });
    const s = suffix();
    const other = await systemDb().tenant.create({ data: { name: `Aardvark ${s}`, slug: `aardvark-${s}`, status: "suspended" } });
    await systemDb().membership.create({ data: { tenantId: other.id, userId: user.id, role: "viewer" } });
    // A business the user is not in stays out of the list.
    await signedInMember("owner");

    const list = await caller.me.businesses();
    expect(list).toEqual([
      { tenantId: other.id, name: other.name, status: "suspended", role: "viewer" },
      { tenantId: tenant.id, name: tenant.name, status: "active", role: "owner" },
    ]);
  });

  it("refuses a signed-out caller", async () => {
    await expect(callerAs(null).me.businesses()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
