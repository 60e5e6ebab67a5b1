// Daily: deletes authentication records that can no longer be used. Expired sessions (lucia
// only ignores them), used or expired password-reset links, login attempts older than the
// throttling window needs (1 day is generous for a 5-minute window), and invites that were
// never accepted and expired or were revoked more than 30 days ago (kept that long so the team
// page can still say "expired" and admins can re-invite).
import type { Task } from "graphile-worker";
import { systemDb } from "../../server/db";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function cleanupAuthRecords(now: Date = new Date()) {
  const db = systemDb();
  const oneDayAgo = new Date(now.getTime() - DAY_MS);
  const thirtyDaysAgo = new Date(now.getTime() - 30 * DAY_MS);
  const [sessions, passwordResets, loginAttempts, invites] = await db.$transaction([
    db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.passwordReset.deleteMany({ where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lt: now } }] } }),
    db.loginAttempt.deleteMany({ where: { createdAt: { lt: oneDayAgo } } }),
    db.invite.deleteMany({
      where: { acceptedAt: null, OR: [{ expiresAt: { lt: thirtyDaysAgo } }, { revokedAt: { lt: thirtyDaysAgo } }] },
    }),
  ]);
  return {
    sessions: sessions.count,
    passwordResets: passwordResets.count,
    loginAttempts: loginAttempts.count,
    invites: invites.count,
  };
}

const cleanupSessions: Task<"cleanup_sessions"> = async (_payload, helpers) => {
  const deleted = await cleanupAuthRecords();
  helpers.logger.info(`deleted ${JSON.stringify(deleted)}`);
};

export default cleanupSessions;
