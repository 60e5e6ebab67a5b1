// Test helpers: people with a real session, and a tRPC caller acting as them. Each call makes
// its own business and user with a random suffix, so tests never share rows.
import { systemDb } from "../db";
import type { Role } from "../db/generated/enums";
import { authenticateCookie, startSession } from "../auth/session";
import { SESSION_COOKIE } from "../auth/lucia";
import type { RequestAuth } from "../auth/types";
import { createContext } from "../trpc/init";
import { createCaller } from "../trpc/root";

export const suffix = () => Math.random().toString(36).slice(2, 10);

/** Resolves a session id the way the HTTP edge does. Null when the session is gone. */
export async function authFor(sessionId: string): Promise<RequestAuth | null> {
  return (await authenticateCookie(`${SESSION_COOKIE}=${sessionId}`)).auth;
}

/** A signed-in user: a member of `tenantId` with `role`, or of a new business when none is given. */
export async function signedInMember(role: Role, options: { tenantId?: string; name?: string } = {}) {
  const sys = systemDb();
  const s = suffix();
  const tenant = options.tenantId
    ? await sys.tenant.findUniqueOrThrow({ where: { id: options.tenantId } })
    : await sys.tenant.create({ data: { name: `Biz ${s}`, slug: `biz-${s}` } });
  const user = await sys.user.create({
    data: { email: `${role}-${s}@example.test`, name: options.name ?? `${role} ${s}`, passwordHash: "unused" },
  });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
  const { sessionId } = await startSession(user, tenant.id, {});
  const auth = await authFor(sessionId);
  if (!auth) throw new Error("session did not resolve");
  return { tenant, user, sessionId, auth, caller: callerAs(auth) };
}

/** A platform super admin with no business. */
export async function signedInSuperAdmin() {
  const s = suffix();
  const user = await systemDb().user.create({
    data: { email: `root-${s}@example.test`, name: `Root ${s}`, passwordHash: "unused", isSuperAdmin: true },
  });
  const { sessionId } = await startSession(user, null, {});
  const auth = await authFor(sessionId);
  if (!auth) throw new Error("session did not resolve");
  return { user, sessionId, auth, caller: callerAs(auth) };
}

export function callerAs(auth: RequestAuth | null) {
  return createCaller(
    createContext({ request: new Request("http://test.local/"), auth, requestId: "test", ip: "127.0.0.1" }),
  );
}
