import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { getChecklist, type Checklist } from "./checklist";

const suffix = () => Math.random().toString(36).slice(2, 10);

async function business(name = "Shop") {
  const s = suffix();
  const tenant = await systemDb().tenant.create({ data: { name, slug: `${name.toLowerCase()}-${s}` } });
  const owner = await systemDb().user.create({ data: { email: `owner-${s}@x.test`, name: "Olive", passwordHash: "x" } });
  await systemDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "owner" } });
  return { tenant, owner };
}

function checklistFor(tenantId: string, userId: string) {
  return withTenant({ tenantId, userId }, (tx) => getChecklist(tx, tenantId));
}

const status = (c: Checklist, key: string) => c.steps.find((s) => s.key === key)?.status;

describe("getting-started checklist", () => {
  it("starts with hours and team to do, and the unbuilt steps marked coming soon", async () => {
    const { tenant, owner } = await business();
    const c = await checklistFor(tenant.id, owner.id);
    expect(status(c, "business_hours")).toBe("todo");
    expect(status(c, "team")).toBe("todo");
    expect(["phone_number", "first_workflow", "import_contacts"].map((k) => status(c, k))).toEqual([
      "coming_soon",
      "coming_soon",
      "coming_soon",
    ]);
    expect({ available: c.available, done: c.done }).toEqual({ available: 2, done: 0 });
  });

  it("marks business hours done once any weekday has opening hours", async () => {
    const { tenant, owner } = await business();
    await systemDb().tenant.update({
      where: { id: tenant.id },
      data: { businessHours: { mon: [{ open: "09:00", close: "17:00" }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } },
    });
    const c = await checklistFor(tenant.id, owner.id);
    expect(status(c, "business_hours")).toBe("done");
    expect(c.done).toBe(1);
  });

  it("keeps business hours to do when every day is closed", async () => {
    const { tenant, owner } = await business();
    await systemDb().tenant.update({
      where: { id: tenant.id },
      data: { businessHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } },
    });
    expect(status(await checklistFor(tenant.id, owner.id), "business_hours")).toBe("todo");
  });

  it("counts the team as started with a pending invite, but not a revoked or expired one", async () => {
    const { tenant, owner } = await business();
    const invite = (data: { revokedAt?: Date; expiresAt: Date }) =>
      systemDb().invite.create({
        data: { tenantId: tenant.id, email: `t-${suffix()}@x.test`, role: "staff", tokenHash: suffix() + suffix(), ...data },
      });
    await invite({ expiresAt: new Date(Date.now() + 86_400_000), revokedAt: new Date() });
    await invite({ expiresAt: new Date(Date.now() - 1_000) });
    expect(status(await checklistFor(tenant.id, owner.id), "team")).toBe("todo");

    await invite({ expiresAt: new Date(Date.now() + 86_400_000) });
    expect(status(await checklistFor(tenant.id, owner.id), "team")).toBe("done");
  });

  it("counts the team as started when a second member joined", async () => {
    const { tenant, owner } = await business();
    const mate = await systemDb().user.create({ data: { email: `mate-${suffix()}@x.test`, name: "Mo", passwordHash: "x" } });
    await systemDb().membership.create({ data: { tenantId: tenant.id, userId: mate.id, role: "staff" } });
    expect(status(await checklistFor(tenant.id, owner.id), "team")).toBe("done");
  });

  it("does not credit a business with the user's memberships in other businesses", async () => {
    const first = await business("First");
    const second = await business("Second");
    // The owner of First also belongs to Second; each business still has one member only.
    await systemDb().membership.create({ data: { tenantId: second.tenant.id, userId: first.owner.id, role: "admin" } });
    await systemDb().membership.delete({
      where: { tenantId_userId: { tenantId: second.tenant.id, userId: second.owner.id } },
    });
    expect(status(await checklistFor(first.tenant.id, first.owner.id), "team")).toBe("todo");
    expect(status(await checklistFor(second.tenant.id, first.owner.id), "team")).toBe("todo");
  });
});
