// Throttles over the LoginAttempt table, one rule per kind of attempt:
// - login: at most 5 failed attempts per account and per IP address in 5 minutes.
// - password_reset: at most 3 requests per e-mail and 10 per IP address in 15 minutes.
// Both keys count, so one address cannot spray many accounts and many addresses cannot hammer
// one account. Attempts refused by the throttle are not recorded, so the block ends on time.
import { systemDb } from "../db";
import type { AttemptKind } from "../db/generated/client";

export interface ThrottleRule {
  /** Counted attempts per e-mail in the window before the e-mail is blocked. */
  perEmail: number;
  /** Counted attempts per IP address in the window before the address is blocked. */
  perIp: number;
  windowMs: number;
  /** Only failed attempts count (login); otherwise every recorded attempt counts. */
  failuresOnly: boolean;
}

export const THROTTLES: Record<AttemptKind, ThrottleRule> = {
  login: { perEmail: 5, perIp: 5, windowMs: 5 * 60_000, failuresOnly: true },
  password_reset: { perEmail: 3, perIp: 10, windowMs: 15 * 60_000, failuresOnly: false },
};

export const MAX_FAILURES = THROTTLES.login.perEmail;
export const WINDOW_MS = THROTTLES.login.windowMs;

async function minutesLeft(
  kind: AttemptKind,
  where: { email: string } | { ip: string },
  max: number,
  now: Date,
): Promise<number | null> {
  const rule = THROTTLES[kind];
  const counted = await systemDb().loginAttempt.findMany({
    where: {
      ...where,
      kind,
      ...(rule.failuresOnly ? { success: false } : {}),
      createdAt: { gt: new Date(now.getTime() - rule.windowMs) },
    },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (counted.length < max) return null;
  // Access returns when enough attempts age out to leave fewer than `max` in the window:
  // with exactly `max`, that is when the oldest counted one does.
  const freesAt = counted[counted.length - max]!.createdAt.getTime() + rule.windowMs;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 60_000));
}

/** Minutes until this e-mail and address may try again, or null when they may try now. */
export async function blockedFor(kind: AttemptKind, email: string, ip: string, now = new Date()): Promise<number | null> {
  const rule = THROTTLES[kind];
  const [byAccount, byIp] = await Promise.all([
    minutesLeft(kind, { email }, rule.perEmail, now),
    minutesLeft(kind, { ip }, rule.perIp, now),
  ]);
  if (byAccount === null && byIp === null) return null;
  return Math.max(byAccount ?? 0, byIp ?? 0);
}

export async function recordAttempt(
  kind: AttemptKind,
  email: string,
  ip: string,
  success: boolean,
  now = new Date(),
): Promise<void> {
  await systemDb().loginAttempt.create({ data: { kind, email, ip, success, createdAt: now } });
}

/** Minutes until this e-mail and address may try to log in again, or null when they may now. */
export function loginBlockedFor(email: string, ip: string, now = new Date()): Promise<number | null> {
  return blockedFor("login", email, ip, now);
}

export function recordLoginAttempt(email: string, ip: string, success: boolean, now = new Date()): Promise<void> {
  return recordAttempt("login", email, ip, success, now);
}
