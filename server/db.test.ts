import { describe, expect, it } from "vitest";
import pg from "pg";
import { databaseUrl, setRoleOnConnect, readAsTenant, systemDb, withTenant, withTenantConnection } from "./db";

async function twoTenants() {
  const sys = systemDb();
  const suffix = Math.random().toString(36).slice(2, 8);
  const a = await sys.tenant.create({ data: { name: "A", slug: `a-${suffix}` } });
  const b = await sys.tenant.create({ data: { name: "B", slug: `b-${suffix}` } });
  const ua = await sys.user.create({ data: { email: `a-${suffix}@x.test`, name: "Ann", passwordHash: "x" } });
  const ub = await sys.user.create({ data: { email: `b-${suffix}@x.test`, name: "Bob", passwordHash: "x" } });
  await sys.membership.create({ data: { tenantId: a.id, userId: ua.id, role: "owner" } });
  await sys.membership.create({ data: { tenantId: b.id, userId: ub.id, role: "owner" } });
  await sys.auditLog.create({ data: { tenantId: b.id, action: "secret.b" } });
  return { a, b, ua, ub };
}

describe("row-level security", () => {
  it("runs every app-pool query as the app role, from a connection's first query on", async () => {
    // Several at once, so the pool opens new connections and hands them out at once.
    const users = await Promise.all([
      ...Array.from({ length: 3 }, () => withTenant({ tenantId: "none" }, async (tx) => (await tx.$queryRaw<{ u: string }[]>`SELECT current_user::text AS u`)[0]!.u)),
      ...Array.from({ length: 3 }, () => withTenantConnection({ tenantId: "none" }, async (client) => (await client.query<{ u: string }>("SELECT current_user::text AS u")).rows[0]!.u)),
    ]);
    expect(users).toEqual(Array(6).fill("switchboard_app"));
  });

  it("never hands out a connection whose SET ROLE failed (it would run as the owner)", async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1, onConnect: setRoleOnConnect("no_such_role_here") });
    try {
      await expect(pool.query("SELECT current_user")).rejects.toThrow(/no_such_role_here/);
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("hides another tenant's rows even when the query forgets a tenant filter", async () => {
    const { a, b, ua } = await twoTenants();
    const seen = await withTenant({ tenantId: a.id, userId: ua.id }, async (tx) => ({
      tenants: await tx.tenant.findMany(),
      memberships: await tx.membership.findMany(),
      audit: await tx.auditLog.findMany({ where: { action: "secret.b" } }),
      users: await tx.user.findMany(),
    }));
    expect(seen.tenants.map((t) => t.id)).toEqual([a.id]);
    expect(seen.memberships.every((m) => m.tenantId === a.id)).toBe(true);
    expect(seen.audit).toHaveLength(0);
    expect(seen.users.map((u) => u.id)).toEqual([ua.id]);
    // and the rows do exist for their own tenant
    const own = await withTenant({ tenantId: b.id }, (tx) => tx.auditLog.count({ where: { action: "secret.b" } }));
    expect(own).toBe(1);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const { a, b, ub } = await twoTenants();
    const result = await withTenant({ tenantId: a.id }, async (tx) => ({
      updated: await tx.membership.updateMany({ where: { userId: ub.id }, data: { role: "viewer" } }),
      deleted: await tx.membership.deleteMany({ where: { tenantId: b.id } }),
      renamed: await tx.tenant.updateMany({ where: { id: b.id }, data: { name: "pwned" } }),
    }));
    expect(result).toEqual({ updated: { count: 0 }, deleted: { count: 0 }, renamed: { count: 0 } });
    const m = await systemDb().membership.findFirstOrThrow({ where: { tenantId: b.id } });
    expect(m.role).toBe("owner");
    expect((await systemDb().tenant.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("B");
  });

  it("refuses to insert a row for another tenant", async () => {
    const { a, b, ua } = await twoTenants();
    await expect(
      withTenant({ tenantId: a.id }, (tx) => tx.membership.create({ data: { tenantId: b.id, userId: ua.id, role: "admin" } })),
    ).rejects.toThrow(/row-level security/);
  });

  it("sees nothing outside a tenant transaction", async () => {
    await twoTenants();
    const { db } = await import("./db");
    expect(await db().tenant.count()).toBe(0);
    await expect(db().session.count()).rejects.toThrow(/permission denied/);
  });
});

describe("readAsTenant (one round trip)", () => {
  const settings = { name: "test_read_settings", text: "SELECT current_setting('app.tenant_id', true) AS tenant, 10 / $1::int AS tenth, $2::text AS echo", types: ["int", "text"] };

  it("runs the prepared statement as the tenant, with its arguments as text, and leaves the connection clean after a failure", async () => {
    expect(await readAsTenant({ tenantId: "t-one" }, settings, [2, "it's \\ fine"])).toEqual([{ tenant: "t-one", tenth: 5, echo: "it's \\ fine" }]);
    // Division by zero fails inside the transaction: rolled back, the connection reusable.
    await expect(readAsTenant({ tenantId: "t-one" }, settings, [0, "x"])).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 3; i++) {
      expect(await readAsTenant({ tenantId: `t-${i}` }, settings, [5, "again"])).toEqual([{ tenant: `t-${i}`, tenth: 2, echo: "again" }]);
    }
  });
});
