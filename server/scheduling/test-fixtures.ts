// Test and benchmark set-up for scheduling: a fresh business (own random slug, so parallel test
// files never collide) and a way to run services in its tenant transaction at a pinned time.
import { systemDb, withTenant } from "../db";
import type { SchedulingContext } from "./context";

export interface SchedulingFixture {
  tenantId: string;
  userId: string;
  /** Runs `fn` in one tenant transaction; `now` pins the clock notice and horizon are measured from. */
  run<T>(fn: (ctx: SchedulingContext) => Promise<T>, now?: Date): Promise<T>;
}

export async function schedulingBusiness(timezone = "America/New_York"): Promise<SchedulingFixture> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const sys = systemDb();
  const tenant = await sys.tenant.create({ data: { name: `Clinic ${suffix}`, slug: `clinic-${suffix}`, timezone } });
  const user = await sys.user.create({ data: { email: `owner-${suffix}@clinic.test`, name: "Owner", passwordHash: "x" } });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "owner" } });
  return {
    tenantId: tenant.id,
    userId: user.id,
    run: (fn, now) =>
      withTenant({ tenantId: tenant.id, userId: user.id }, (db) =>
        fn({ db, tenantId: tenant.id, actorId: user.id, now: now ? () => now : undefined }),
      ),
  };
}

/** The wall-clock time of an instant in a zone, "YYYY-MM-DD HH:MM", for readable assertions. */
export function localStamp(instant: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
