// Signing up, in and out, and moving a session to another business.
import { systemDb } from "../db";
import { recordAudit } from "../audit/log";
import { BusinessNameBusyError, createBusiness, createRetryingSlug } from "../tenancy/create-business";
import { AuthError } from "./errors";
import { hashPassword, verifyPassword } from "./password";
import { defaultTenantFor, endAllSessions, endSession, startSession, type SessionOrigin } from "./session";
import { loginBlockedFor, recordLoginAttempt } from "./throttle";

export interface Origin extends SessionOrigin {
  ip: string;
}

export interface SignedIn {
  userId: string;
  tenantId: string | null;
  setCookie: string;
  /** Where to go next: the app, or the platform console for a super admin with no business. */
  home: "/dashboard" | "/admin";
}

/** Same message for an unknown e-mail and a wrong password: the form must not reveal accounts. */
export const WRONG_CREDENTIALS = "Wrong e-mail or password.";

// Verifying against a real hash when the e-mail is unknown keeps both answers equally slow.
let dummyHash: Promise<string> | undefined;

export function homeFor(user: { isSuperAdmin: boolean }, tenantId: string | null): SignedIn["home"] {
  return user.isSuperAdmin && !tenantId ? "/admin" : "/dashboard";
}

export function tooManyAttempts(minutes: number): AuthError {
  return new AuthError("TOO_MANY_REQUESTS", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}

export async function signIn(input: { email: string; password: string }, origin: Origin): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const blocked = await loginBlockedFor(email, origin.ip);
  if (blocked !== null) throw tooManyAttempts(blocked);

  const user = await systemDb().user.findUnique({ where: { email } });
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await (dummyHash ??= hashPassword("not-a-real-password")), input.password), false);
  const target = user ? await defaultTenantFor(user.id) : null;
  if (!user || !ok) {
    await recordLoginAttempt(email, origin.ip, false);
    await recordAudit(systemDb(), {
      tenantId: target?.tenantId ?? null,
      actorId: user?.id ?? null,
      action: "auth.login_failed",
      targetType: "user",
      targetId: user?.id,
      ip: origin.ip,
      meta: { email, reason: user ? "wrong_password" : "unknown_email" },
    });
    throw new AuthError("UNAUTHORIZED", WRONG_CREDENTIALS);
  }
  // The password was right, so this is not a guess; it does not count towards the throttle.
  await recordLoginAttempt(email, origin.ip, true);
  if (target!.allSuspended && !user.isSuperAdmin) {
    await recordAudit(systemDb(), {
      tenantId: null,
      actorId: user.id,
      action: "auth.login_refused",
      ip: origin.ip,
      meta: { reason: "business_suspended" },
    });
    throw new AuthError("FORBIDDEN", "Your business is suspended, so you cannot sign in. Contact support.");
  }
  const tenantId = target!.tenantId;
  const { setCookie } = await startSession(user, tenantId, origin);
  await recordAudit(systemDb(), {
    tenantId,
    actorId: user.id,
    action: "auth.login",
    targetType: "user",
    targetId: user.id,
    ip: origin.ip,
  });
  return { userId: user.id, tenantId, setCookie, home: homeFor(user, tenantId) };
}

export interface SignUpInput {
  businessName: string;
  name: string;
  email: string;
  password: string;
}

/** Creates a business, its owner and a session for them. */
export async function signUp(input: SignUpInput, origin: Origin): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const exists = () => new AuthError("CONFLICT", "An account with this e-mail already exists. Sign in instead.", "email");
  const emailTaken = async () => (await systemDb().user.findUnique({ where: { email }, select: { id: true } })) !== null;
  if (await emailTaken()) throw exists();
  const passwordHash = await hashPassword(input.password);
  const create = () =>
    systemDb().$transaction(async (tx) => {
      const tenant = await createBusiness(tx, { name: input.businessName });
      const user = await tx.user.create({ data: { email, name: input.name.trim(), passwordHash } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "owner" } });
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorId: user.id,
        action: "auth.signup",
        targetType: "tenant",
        targetId: tenant.id,
        ip: origin.ip,
        meta: { businessName: tenant.name },
      });
      return { user, tenant };
    });
  // Two unique indexes can clash with a racing sign-up: the e-mail (that account now exists) or
  // the slug (retried with the next free one).
  let created: Awaited<ReturnType<typeof create>>;
  try {
    created = await createRetryingSlug(create, async () => ((await emailTaken()) ? exists() : null));
  } catch (err) {
    if (err instanceof BusinessNameBusyError) throw new AuthError("CONFLICT", err.message, "businessName");
    throw err;
  }
  const { user, tenant } = created;
  const { setCookie } = await startSession(user, tenant.id, origin);
  return { userId: user.id, tenantId: tenant.id, setCookie, home: "/dashboard" };
}

export async function signOut(
  auth: { sessionId: string; userId: string; tenantId: string | null },
  origin: Origin,
  everywhere: boolean,
): Promise<void> {
  if (everywhere) await endAllSessions(auth.userId);
  else await endSession(auth.sessionId);
  await recordAudit(systemDb(), {
    tenantId: auth.tenantId,
    actorId: auth.userId,
    action: everywhere ? "auth.logout_everywhere" : "auth.logout",
    ip: origin.ip,
  });
}

/** Moves the user into another of their businesses, on a fresh session id. */
export async function switchBusiness(
  auth: { sessionId: string; user: { id: string; isSuperAdmin: boolean } },
  tenantId: string,
  origin: Origin,
): Promise<{ setCookie: string }> {
  const membership = await systemDb().membership.findUnique({
    where: { tenantId_userId: { tenantId, userId: auth.user.id } },
    select: { tenant: { select: { status: true } } },
  });
  if (!membership) throw new AuthError("NOT_FOUND", "You are not a member of that business.");
  if (membership.tenant.status !== "active") throw new AuthError("FORBIDDEN", "That business is suspended.");
  const started = await startSession(auth.user, tenantId, origin);
  await endSession(auth.sessionId);
  await recordAudit(systemDb(), { tenantId, actorId: auth.user.id, action: "auth.business_switched", ip: origin.ip });
  return { setCookie: started.setCookie };
}
