import { describe, expect, it } from "vitest";
import { recordAudit } from "../audit/log";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

async function log(tenantId: string, actorId: string | null, actions: string[]) {
  for (const action of actions) await recordAudit(systemDb(), { tenantId, actorId, action });
}

describe("audit router", () => {
  it("lists only the caller's business, newest first, with the actor's name and e-mail", async () => {
    const { caller, tenant, user } = await signedInMember("owner", { name: "Olive Owner" });
    const other = await signedInMember("owner");
    await log(tenant.id, user.id, ["team.invited", "business.updated"]);
    await log(other.tenant.id, other.user.id, ["secret.other"]);

    const { items, nextCursor } = await caller.audit.list({});
    expect(items.map((i) => i.action)).toEqual(["business.updated", "team.invited"]);
    expect(items[0].actor).toEqual({ id: user.id, name: "Olive Owner", email: user.email });
    expect(nextCursor).toBeNull();
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const { caller, tenant, user } = await signedInMember("admin");
    await log(tenant.id, user.id, ["a.1", "a.2", "a.3", "a.4", "a.5"]);
    const first = await caller.audit.list({ limit: 2 });
    const second = await caller.audit.list({ limit: 2, cursor: first.nextCursor! });
    const third = await caller.audit.list({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((i) => i.action)).toEqual(["a.5", "a.4", "a.3", "a.2", "a.1"]);
    expect(third.nextCursor).toBeNull();
  });

  it("filters by action prefix and by actor, and still names people who have left", async () => {
    const { caller, tenant, user } = await signedInMember("owner");
    const leaver = await signedInMember("staff", { tenantId: tenant.id, name: "Lee Leaver" });
    await log(tenant.id, user.id, ["team.role_changed", "business.updated"]);
    await log(tenant.id, leaver.user.id, ["auth.login", "auth.login_failed"]);
    await systemDb().membership.deleteMany({ where: { userId: leaver.user.id } });

    const team = await caller.audit.list({ action: "team." });
    expect(team.items.map((i) => i.action)).toEqual(["team.role_changed"]);
    const logins = await caller.audit.list({ action: "auth.login" });
    expect(logins.items.map((i) => i.action)).toEqual(["auth.login_failed", "auth.login"]);
    const byLeaver = await caller.audit.list({ actorId: leaver.user.id });
    expect(byLeaver.items).toHaveLength(2);
    expect(byLeaver.items[0].actor?.name).toBe("Lee Leaver");

    const actors = await caller.audit.actors();
    expect(actors.map((a) => a.id).sort()).toEqual([user.id, leaver.user.id].sort());
  });

  it("cannot page into another business's entries through a foreign cursor", async () => {
    const other = await signedInMember("owner");
    await log(other.tenant.id, other.user.id, ["x.1", "x.2", "x.3"]);
    const foreign = await systemDb().auditLog.findFirstOrThrow({ where: { tenantId: other.tenant.id, action: "x.3" } });
    const { caller } = await signedInMember("owner");
    const { items } = await caller.audit.list({ cursor: foreign.id.toString() });
    expect(items.filter((i) => i.action.startsWith("x."))).toEqual([]);
  });

  it.each(["staff", "viewer"] as const)("refuses %s", async (role) => {
    const { caller } = await signedInMember(role);
    await expect(caller.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
