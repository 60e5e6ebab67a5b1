import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { signedInMember, signedInSuperAdmin } from "../testing/members";

describe("dashboard router", () => {
  it("gives any member, viewers included, their own business's checklist", async () => {
    const { tenant, caller } = await signedInMember("viewer");
    await systemDb().tenant.update({ where: { id: tenant.id }, data: { businessHours: { fri: [{ open: "08:00", close: "12:00" }] } } });
    const checklist = await caller.dashboard.checklist();
    expect(checklist.steps.find((s) => s.key === "business_hours")?.status).toBe("done");
  });

  it("refuses a super admin who is not working in a business", async () => {
    const { caller } = await signedInSuperAdmin();
    await expect(caller.dashboard.checklist()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
