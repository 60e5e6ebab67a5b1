import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { addJob } from "../../server/jobs/enqueue";
import { installWorkerSchema, runDueJobs } from "../testing/worker";
import cleanupSessions from "./cleanup_sessions";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);

beforeAll(installWorkerSchema);

describe("cleanup_sessions", () => {
  it("deletes exactly the expired and spent authentication records", async () => {
    const db = systemDb();
    const s = Math.random().toString(36).slice(2, 10);
    const tenant = await db.tenant.create({ data: { name: `Clean ${s}`, slug: `clean-${s}` } });
    const user = await db.user.create({ data: { email: `clean-${s}@example.test`, name: "C", passwordHash: "x" } });
    const session = (id: string, expiresAt: Date) => db.session.create({ data: { id: `${id}-${s}`, userId: user.id, expiresAt } });
    const reset = (tag: string, expiresAt: Date, usedAt: Date | null = null) =>
      db.passwordReset.create({ data: { userId: user.id, tokenHash: `${tag}-${s}`, expiresAt, usedAt } });
    const attempt = (createdAt: Date) =>
      db.loginAttempt.create({ data: { email: `clean-${s}@example.test`, ip: "10.0.0.1", success: false, createdAt } });
    const invite = (tag: string, data: { expiresAt: Date; acceptedAt?: Date; revokedAt?: Date }) =>
      db.invite.create({ data: { tenantId: tenant.id, email: `${tag}@example.test`, role: "staff", tokenHash: `${tag}-${s}`, ...data } });

    await session("expired", ago(HOUR));
    const liveSession = await session("live", ahead(HOUR));
    const resets = {
      used: await reset("used", ahead(10 * 60 * 1000), ago(60 * 1000)),
      expired: await reset("expired", ago(60 * 1000)),
      live: await reset("live", ahead(20 * 60 * 1000)),
    };
    const attempts = { old: await attempt(ago(DAY + HOUR)), recent: await attempt(ago(HOUR)) };
    const invites = {
      // long-expired and long-revoked are the two that must go.
      longExpired: await invite("long-expired", { expiresAt: ago(31 * DAY) }),
      recentlyExpired: await invite("recently-expired", { expiresAt: ago(29 * DAY) }),
      longRevoked: await invite("long-revoked", { expiresAt: ahead(DAY), revokedAt: ago(31 * DAY) }),
      acceptedLongAgo: await invite("accepted", { expiresAt: ago(40 * DAY), acceptedAt: ago(45 * DAY) }),
      open: await invite("open", { expiresAt: ahead(6 * DAY) }),
    };

    await addJob("cleanup_sessions", {});
    await runDueJobs({ cleanup_sessions: cleanupSessions });

    expect((await db.session.findMany({ where: { userId: user.id } })).map((x) => x.id)).toEqual([liveSession.id]);
    expect((await db.passwordReset.findMany({ where: { userId: user.id } })).map((r) => r.id)).toEqual([resets.live.id]);
    expect((await db.loginAttempt.findMany({ where: { email: `clean-${s}@example.test` } })).map((a) => a.id)).toEqual([attempts.recent.id]);
    expect((await db.invite.findMany({ where: { tenantId: tenant.id }, orderBy: { email: "asc" } })).map((i) => i.id)).toEqual([
      invites.acceptedLongAgo.id,
      invites.open.id,
      invites.recentlyExpired.id,
    ]);
  });
});
