// Login throttling: at most 5 failed attempts per account and per IP address in 5 minutes.
// Both keys count, so one address cannot spray many accounts and many addresses cannot hammer
// one account. Attempts refused by the throttle are not recorded, so the block ends on time.
import { systemDb } from "../db";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 5 * 60_000;

async function minutesLeft(where: { email: string } | { ip: string }, now: Date): Promise<number | null> {
  const failures = await systemDb().loginAttempt.findMany({
    where: { ...where, success: false, createdAt: { gt: new Date(now.getTime() - WINDOW_MS) } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (failures.length < MAX_FAILURES) return null;
  // Access returns when enough attempts age out to leave fewer than MAX_FAILURES in the window:
  // with exactly five, that is when the oldest counted one does.
  const freesAt = failures[failures.length - MAX_FAILURES]!.createdAt.getTime() + WINDOW_MS;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 60_000));
}

/** Minutes until this e-mail and address may try again, or null when they may try now. */
export async function loginBlockedFor(email: string, ip: string, now = new Date()): Promise<number | null> {
  const [byAccount, byIp] = await Promise.all([minutesLeft({ email }, now), minutesLeft({ ip }, now)]);
  if (byAccount === null && byIp === null) return null;
  return Math.max(byAccount ?? 0, byIp ?? 0);
}

export async function recordLoginAttempt(email: string, ip: string, success: boolean, now = new Date()): Promise<void> {
  await systemDb().loginAttempt.create({ data: { email, ip, success, createdAt: now } });
}
