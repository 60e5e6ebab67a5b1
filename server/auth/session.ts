// Sessions at the HTTP edge and their lifecycle: resolve the cookie into a RequestAuth (sliding
// the expiry), start a fresh session on sign-in / business switch / password change, end them.
import { systemDb } from "../db";
import { cookies, luciaFor } from "./lucia";
import type { AuthMembership, RequestAuth } from "./types";

export interface CookieAuthResult {
  auth: RequestAuth | null;
  /** A Set-Cookie header to send back (sliding expiry renewed, or a stale cookie cleared). */
  setCookie: string | null;
}

const tenantFields = {
  id: true,
  name: true,
  slug: true,
  status: true,
  timezone: true,
  country: true,
  industry: true,
} as const;

export function blankSessionCookie(): string {
  return cookies.createBlankSessionCookie().serialize();
}

export async function authenticateCookie(cookieHeader: string | undefined): Promise<CookieAuthResult> {
  const sessionId = cookies.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { auth: null, setCookie: null };

  // One read gives the lifetime rule (super admin or not) and the user's businesses; lucia then
  // validates and slides the session with the lifetime that applies.
  const row = await systemDb().session.findUnique({
    where: { id: sessionId },
    select: {
      user: {
        select: {
          isSuperAdmin: true,
          memberships: { select: { tenantId: true, role: true, tenant: { select: tenantFields } } },
        },
      },
    },
  });
  if (!row) return { auth: null, setCookie: blankSessionCookie() };

  const lucia = luciaFor(row.user);
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session) return { auth: null, setCookie: blankSessionCookie() };

  // A suspended business stays in `membership` (with its status) so pages can say why access
  // is closed; tenantProcedure refuses every business procedure for it.
  const membership: AuthMembership | null = row.user.memberships.find((m) => m.tenantId === session.tenantId) ?? null;
  return {
    auth: {
      sessionId: session.id,
      user: { id: user.id, email: user.email, name: user.name, isSuperAdmin: user.isSuperAdmin },
      membership,
    },
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
  };
}

export interface SessionOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Creates a session with a new id (sign-in, business switch, password change: a fresh id each
 * time, so an id seen before the change is worthless) and returns its Set-Cookie header.
 */
export async function startSession(
  user: { id: string; isSuperAdmin: boolean },
  tenantId: string | null,
  origin: SessionOrigin,
): Promise<{ sessionId: string; setCookie: string }> {
  const lucia = luciaFor(user);
  const session = await lucia.createSession(user.id, {
    tenantId,
    ip: origin.ip ?? null,
    userAgent: origin.userAgent?.slice(0, 500) ?? null,
  });
  return { sessionId: session.id, setCookie: lucia.createSessionCookie(session.id).serialize() };
}

export async function endSession(sessionId: string): Promise<void> {
  await cookies.invalidateSession(sessionId);
}

export async function endAllSessions(userId: string): Promise<void> {
  await cookies.invalidateUserSessions(userId);
}

/** Ends a user's sessions working in one business (removed from it). */
export async function endTenantSessions(userId: string, tenantId: string): Promise<void> {
  await systemDb().session.deleteMany({ where: { userId, tenantId } });
}

/**
 * The business a new session should open in: the user's oldest active membership, or null
 * (a super admin with no business, or a user whose businesses are gone).
 */
export async function defaultTenantFor(userId: string): Promise<{ tenantId: string | null; allSuspended: boolean }> {
  const memberships = await systemDb().membership.findMany({
    where: { userId },
    select: { tenantId: true, tenant: { select: { status: true } } },
    orderBy: { createdAt: "asc" },
  });
  const active = memberships.find((m) => m.tenant.status === "active");
  return { tenantId: active?.tenantId ?? null, allSuspended: memberships.length > 0 && !active };
}
