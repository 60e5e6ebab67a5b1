// Demo data. `seedDemoIfEmpty` runs on the first `npm start`; `npm run db:seed` runs it by hand.
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "../server/db";
import { hashPassword } from "../server/auth/password";
import { withTenant } from "../server/db";
import { buildDemoBusiness, type DemoCounts } from "../server/demo/dental";

export const DEMO_LOGIN = { email: "owner@demo.switchboard.local", password: "demo-switchboard-2026" };
export const DEMO_SUPER_ADMIN = { email: "admin@switchboard.local", password: "platform-admin-2026" };

export async function seedDemoIfEmpty(db: PrismaClient): Promise<{ email: string; password: string } | null> {
  if ((await db.tenant.count()) > 0) {
    const owner = await db.user.findUnique({ where: { email: DEMO_LOGIN.email } });
    return owner ? DEMO_LOGIN : null;
  }
  await seedDemo(db);
  return DEMO_LOGIN;
}

export async function seedDemo(db: PrismaClient) {
  const hours = {
    mon: [{ open: "08:00", close: "17:00" }],
    tue: [{ open: "08:00", close: "17:00" }],
    wed: [{ open: "08:00", close: "17:00" }],
    thu: [{ open: "08:00", close: "19:00" }],
    fri: [{ open: "08:00", close: "15:00" }],
    sat: [],
    sun: [],
  };
  const tenant = await db.tenant.upsert({
    where: { slug: "bright-smile-dental" },
    update: {},
    create: {
      name: "Bright Smile Dental",
      slug: "bright-smile-dental",
      timezone: "America/Chicago",
      country: "US",
      industry: "medical",
      businessHours: hours,
    },
  });
  const owner = await db.user.upsert({
    where: { email: DEMO_LOGIN.email },
    update: {},
    create: { email: DEMO_LOGIN.email, name: "Dana Whitfield", passwordHash: await hashPassword(DEMO_LOGIN.password) },
  });
  await db.membership.upsert({
    where: { tenantId_userId: { tenantId: tenant.id, userId: owner.id } },
    update: {},
    create: { tenantId: tenant.id, userId: owner.id, role: "owner" },
  });
  await db.user.upsert({
    where: { email: DEMO_SUPER_ADMIN.email },
    update: {},
    create: {
      email: DEMO_SUPER_ADMIN.email,
      name: "Platform Admin",
      isSuperAdmin: true,
      passwordHash: await hashPassword(DEMO_SUPER_ADMIN.password),
    },
  });
  // The records are written once: a business that already has contacts keeps what it has.
  let counts: DemoCounts | null = null;
  if ((await db.contact.count({ where: { tenantId: tenant.id } })) === 0) {
    counts = await withTenant(
      { tenantId: tenant.id, userId: owner.id },
      (tx) => buildDemoBusiness({ db: tx, tenantId: tenant.id, timeZone: tenant.timezone, ownerId: owner.id, now: new Date() }),
      { timeout: 120_000 },
    );
  }
  // Its own step (not inside buildDemoBusiness, which the simulator's sandboxes reuse), and
  // idempotent, so a demo database seeded before workflows existed gets one on `db:seed`.
  // Imported here, not at the top: e2e fixtures import this file for DEMO_LOGIN and must not
  // load the template library and the runtime with it.
  const { seedDemoWorkflows } = await import("../server/demo/workflows");
  await withTenant({ tenantId: tenant.id, userId: owner.id }, (tx) => seedDemoWorkflows({ db: tx, tenantId: tenant.id }));
  return { tenant, owner, counts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bootDatabase, migrate } = await import("../server/boot");
  const database = await bootDatabase();
  await migrate(database.url);
  const { systemDb, disconnectDb } = await import("../server/db");
  const { tenant } = await seedDemo(systemDb());
  console.log(`Seeded demo business "${tenant.name}". Log in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
  await disconnectDb();
  await database.stop();
}
