// Password reset by e-mailed link: single use, valid 30 minutes, only the token's sha256 stored.
// A completed reset ends every session of the user (whoever knew the old password is out) and
// signs the person in on a fresh one. Requests are throttled per e-mail and per IP address
// (server/auth/throttle.ts), whether or not the e-mail has an account, so a limit says nothing
// about which accounts exist.
import { systemDb } from "../db";
import { appUrl } from "../env";
import { recordAudit } from "../audit/log";
import { enqueueEmail } from "../email/outbox";
import { AuthError } from "./errors";
import { hashPassword } from "./password";
import { defaultTenantFor, endAllSessions, startSession } from "./session";
import { homeFor, tooManyAttempts, type Origin, type SignedIn } from "./sign-in";
import { blockedFor, recordAttempt } from "./throttle";
import { hashToken, newToken } from "./token";

export const RESET_TTL_MS = 30 * 60_000;

/**
 * Sends a reset link when the e-mail has an account; says nothing either way. Throws
 * TOO_MANY_REQUESTS when the e-mail or the address asked too often, account or not.
 */
export async function requestPasswordReset(emailInput: string, origin: Origin): Promise<void> {
  const email = emailInput.trim().toLowerCase();
  const blocked = await blockedFor("password_reset", email, origin.ip);
  if (blocked !== null) throw tooManyAttempts(blocked);
  // Recorded before the account lookup: unknown e-mails count exactly like known ones.
  await recordAttempt("password_reset", email, origin.ip, true);
  const user = await systemDb().user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return;
  const { token, tokenHash } = newToken();
  const url = `${appUrl()}/reset-password/${token}`;
  const { tenantId } = await defaultTenantFor(user.id);
  await systemDb().$transaction(async (tx) => {
    await tx.passwordReset.create({
      data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
    });
    // Platform mail (tenantId null): the reset belongs to the person, not to one business.
    await enqueueEmail(tx, {
      tenantId: null,
      to: email,
      subject: "Reset your Switchboard password",
      text: [
        `Hi ${user.name},`,
        "",
        "Someone (hopefully you) asked to reset your Switchboard password. Open this link within 30 minutes to choose a new one:",
        url,
        "",
        "If you did not ask for this, ignore this e-mail; your password stays the same.",
      ].join("\n"),
      kind: "password_reset",
    });
    await recordAudit(tx, {
      tenantId,
      actorId: user.id,
      action: "auth.password_reset_requested",
      targetType: "user",
      targetId: user.id,
      ip: origin.ip,
    });
  });
}

export type ResetTokenState = "valid" | "invalid";

/** Whether a reset link can still be used (for the page, before the form is shown). */
export async function resetTokenState(token: string): Promise<ResetTokenState> {
  const row = await systemDb().passwordReset.findUnique({ where: { tokenHash: hashToken(token) } });
  return row && !row.usedAt && row.expiresAt > new Date() ? "valid" : "invalid";
}

export const INVALID_RESET_LINK = "This reset link is invalid or has expired. Ask for a new one.";

export async function resetPassword(token: string, password: string, origin: Origin): Promise<SignedIn> {
  const tokenHash = hashToken(token);
  const row = await systemDb().passwordReset.findUnique({
    where: { tokenHash },
    select: { id: true, user: { select: { id: true, isSuperAdmin: true } } },
  });
  if (!row) throw new AuthError("BAD_REQUEST", INVALID_RESET_LINK);
  const passwordHash = await hashPassword(password);
  const used = await systemDb().$transaction(async (tx) => {
    // Claiming the token and changing the password commit together; a second use finds it claimed.
    const claimed = await tx.passwordReset.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) return false;
    await tx.user.update({ where: { id: row.user.id }, data: { passwordHash } });
    // Other links sent earlier die with this one.
    await tx.passwordReset.updateMany({ where: { userId: row.user.id, usedAt: null }, data: { usedAt: new Date() } });
    return true;
  });
  if (!used) throw new AuthError("BAD_REQUEST", INVALID_RESET_LINK);

  await endAllSessions(row.user.id);
  const { tenantId, allSuspended } = await defaultTenantFor(row.user.id);
  await recordAudit(systemDb(), {
    tenantId,
    actorId: row.user.id,
    action: "auth.password_reset",
    targetType: "user",
    targetId: row.user.id,
    ip: origin.ip,
  });
  if (allSuspended && !row.user.isSuperAdmin) {
    throw new AuthError("FORBIDDEN", "Your password is changed, but your business is suspended, so you cannot sign in.");
  }
  const { setCookie } = await startSession(row.user, tenantId, origin);
  return { userId: row.user.id, tenantId, setCookie, home: homeFor(row.user, tenantId) };
}
