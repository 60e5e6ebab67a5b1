import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { startSession } from "../auth/session";
import { authFor, callerAs, signedInMember, signedInSuperAdmin, suffix } from "../testing/members";

describe("platform router", () => {
  it("refuses everyone but platform super admins", async () => {
    const { caller } = await signedInMember("owner");
    await expect(caller.platform.tenants.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      caller.platform.tenants.setStatus({ id: "whatever", status: "suspended" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(null).platform.tenants.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("searches businesses by name, slug and owner e-mail, with member counts", async () => {
    const root = await signedInSuperAdmin();
    const owner = await signedInMember("owner");
    await signedInMember("staff", { tenantId: owner.tenant.id });
    await systemDb().tenant.update({ where: { id: owner.tenant.id }, data: { name: `Zebra Crossing ${suffix()}` } });

    for (const q of [owner.tenant.slug, owner.user.email.toUpperCase(), "zebra crossing"]) {
      const { items } = await root.caller.platform.tenants.list({ q });
      const hit = items.find((i) => i.id === owner.tenant.id);
      expect(hit, `search "${q}"`).toMatchObject({ memberCount: 2, status: "active", ownerEmails: [owner.user.email] });
    }
    const none = await root.caller.platform.tenants.list({ q: `no-such-${suffix()}` });
    expect(none.items).toEqual([]);
  });

  it("pages through businesses newest first", async () => {
    const root = await signedInSuperAdmin();
    const tag = suffix();
    for (const n of [1, 2, 3]) {
      await systemDb().tenant.create({ data: { name: `Paged ${tag} ${n}`, slug: `paged-${tag}-${n}` } });
    }
    const first = await root.caller.platform.tenants.list({ q: `paged ${tag}`, limit: 2 });
    const second = await root.caller.platform.tenants.list({ q: `paged ${tag}`, limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.name)).toEqual([3, 2, 1].map((n) => `Paged ${tag} ${n}`));
    expect(second.nextCursor).toBeNull();
  });

  it("creates a business with an e-mailed owner invite and an audit entry", async () => {
    const root = await signedInSuperAdmin();
    const email = `new-owner-${suffix()}@example.test`;
    const created = await root.caller.platform.tenants.create({
      name: "Harbor Law",
      timezone: "America/Los_Angeles",
      country: "us",
      industry: "legal",
      ownerEmail: ` ${email.toUpperCase()} `,
    });
    const tenant = await systemDb().tenant.findUniqueOrThrow({ where: { id: created.id } });
    expect(tenant).toMatchObject({ name: "Harbor Law", timezone: "America/Los_Angeles", country: "US", industry: "legal" });
    const invite = await systemDb().invite.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(invite).toMatchObject({ email, role: "owner", invitedById: root.user.id });
    const mail = await systemDb().emailOutbox.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(mail).toMatchObject({ to: email, kind: "invite" });
    const audit = await systemDb().auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, action: "business.created" } });
    expect(audit.actorId).toBe(root.user.id);

    const { items } = await root.caller.platform.tenants.list({ q: email });
    expect(items.map((i) => [i.id, i.pendingOwnerEmails, i.memberCount])).toEqual([[tenant.id, [email], 0]]);
  });

  it("gives racing creations with one business name each their own slug", async () => {
    const root = await signedInSuperAdmin();
    const name = `Racing Dental ${suffix()}`;
    const base = { timezone: "UTC", country: "GB", industry: "other" as const };
    const created = await Promise.all(
      [1, 2, 3, 4].map((n) => root.caller.platform.tenants.create({ ...base, name, ownerEmail: `racer-${n}-${suffix()}@example.test` })),
    );
    const slugs = created.map((c) => c.slug).sort();
    const stem = slugs[0];
    expect(slugs).toEqual([stem, `${stem}-2`, `${stem}-3`, `${stem}-4`]);
  });

  it("refuses a business with an invalid zone or owner e-mail", async () => {
    const root = await signedInSuperAdmin();
    const base = { name: "Bad Input Co", timezone: "UTC", country: "GB", industry: "other" as const, ownerEmail: "a@b.test" };
    await expect(root.caller.platform.tenants.create({ ...base, timezone: "Nowhere/Land" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(root.caller.platform.tenants.create({ ...base, ownerEmail: "not-an-email" })).rejects.toThrow(/valid e-mail/);
  });

  it("suspending ends the business's sessions and blocks its procedures; reactivating restores access", async () => {
    const root = await signedInSuperAdmin();
    const owner = await signedInMember("owner");
    const staff = await signedInMember("staff", { tenantId: owner.tenant.id });
    const bystander = await signedInMember("owner");
    expect((await owner.caller.business.get()).id).toBe(owner.tenant.id);

    const result = await root.caller.platform.tenants.setStatus({ id: owner.tenant.id, status: "suspended" });
    expect(result).toMatchObject({ status: "suspended", changed: true, sessionsEnded: 2 });
    expect(result.suspendedAt).toBeInstanceOf(Date);

    // Their sessions are gone: the next request is signed out.
    expect(await authFor(owner.sessionId)).toBeNull();
    expect(await authFor(staff.sessionId)).toBeNull();
    expect(await authFor(bystander.sessionId)).not.toBeNull();
    // A session opened in the suspended business anyway gets no business procedure.
    const fresh = await authFor((await startSession(owner.user, owner.tenant.id, {})).sessionId);
    expect(fresh?.membership?.tenant.status).toBe("suspended");
    await expect(callerAs(fresh).business.get()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const again = await root.caller.platform.tenants.setStatus({ id: owner.tenant.id, status: "suspended" });
    expect(again).toMatchObject({ changed: false, sessionsEnded: 0 });

    const back = await root.caller.platform.tenants.setStatus({ id: owner.tenant.id, status: "active" });
    expect(back).toMatchObject({ status: "active", suspendedAt: null, changed: true });
    const restored = await authFor((await startSession(owner.user, owner.tenant.id, {})).sessionId);
    expect((await callerAs(restored).business.get()).id).toBe(owner.tenant.id);

    const audit = await systemDb().auditLog.findMany({
      where: { tenantId: owner.tenant.id, action: { in: ["business.suspended", "business.reactivated"] } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["business.suspended", root.user.id],
      ["business.reactivated", root.user.id],
    ]);
  });

  it("answers NOT_FOUND for an unknown business", async () => {
    const root = await signedInSuperAdmin();
    await expect(root.caller.platform.tenants.setStatus({ id: "nope", status: "suspended" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
