// Accounts end to end through the tRPC procedures, with cookies resolved the way the HTTP edge
// resolves them (authenticateCookie on the Set-Cookie of the previous call).
import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { createCallerFactory, createContext, router, tenantProcedure } from "../trpc/init";
import { createCaller } from "../trpc/root";
import { authenticateCookie } from "./session";
import { SESSION_COOKIE } from "./lucia";
import { hashToken } from "./token";
import { suffix } from "../testing/members";

const PASSWORD = "correct-horse-battery";
const HOUR = 3_600_000;

/** A browser: keeps the session cookie between calls and applies every Set-Cookie it gets. */
function browser(ip = `10.${rnd()}.${rnd()}.${rnd()}`) {
  let cookie: string | undefined;
  const absorb = (header: string) => {
    const [pair] = header.split(";");
    const [name, value] = pair!.split("=");
    if (name !== SESSION_COOKIE) return;
    cookie = /max-age=0/i.test(header) || !value ? undefined : `${name}=${value}`;
  };
  return {
    ip,
    get sessionId() {
      return cookie?.split("=")[1];
    },
    async auth() {
      const { auth, setCookie } = await authenticateCookie(cookie);
      if (setCookie) absorb(setCookie);
      return auth;
    },
    async call<T>(fn: (c: ReturnType<typeof createCaller>) => Promise<T>): Promise<T> {
      const auth = await this.auth();
      const resHeaders = new Headers();
      const caller = createCaller(
        createContext({ request: new Request("http://test.local/"), auth, requestId: "test", ip, resHeaders }),
      );
      try {
        return await fn(caller);
      } finally {
        for (const h of resHeaders.getSetCookie()) absorb(h);
      }
    },
  };
}

function rnd() {
  return Math.floor(Math.random() * 250) + 1;
}

async function signUp(b = browser(), overrides: Partial<{ email: string; businessName: string }> = {}) {
  const email = overrides.email ?? `owner-${suffix()}@example.test`;
  await b.call((c) => c.auth.signup({ businessName: overrides.businessName ?? "Acme Plumbing", name: "Olive Owner", email, password: PASSWORD }));
  const auth = (await b.auth())!;
  return { b, email, auth, tenantId: auth.membership!.tenantId, userId: auth.user.id };
}

async function lastEmailTo(to: string) {
  return systemDb().emailOutbox.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
}

function linkToken(text: string, path: "invite" | "reset-password") {
  const m = text.match(new RegExp(`/${path}/([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1]!;
}

async function inviteAndAccept(owner: ReturnType<typeof browser>, email: string, role: "admin" | "staff" | "viewer" | "owner") {
  await owner.call((c) => c.team.invite({ email, role }));
  const token = linkToken((await lastEmailTo(email)).text, "invite");
  const b = browser();
  await b.call((c) => c.auth.acceptInvite({ token, name: `Member ${role}`, password: PASSWORD }));
  const auth = (await b.auth())!;
  return { b, auth, membershipId: (await systemDb().membership.findFirstOrThrow({ where: { userId: auth.user.id, tenantId: auth.membership!.tenantId } })).id };
}

describe("sign up and sign in", () => {
  it("signs up: creates the business with a unique slug, its owner, an audit entry and a session", async () => {
    const name = `Bright Smile ${suffix()}`;
    const first = await signUp(browser(), { businessName: name });
    const second = await signUp(browser(), { businessName: name });
    expect(first.auth.membership).toMatchObject({ role: "owner", tenant: { name, status: "active" } });
    const slug1 = first.auth.membership!.tenant.slug;
    expect(second.auth.membership!.tenant.slug).toBe(`${slug1}-2`);
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: first.tenantId, action: "auth.signup" } });
    expect(audit?.actorId).toBe(first.userId);
    expect(await first.b.call((c) => c.me.get())).toMatchObject({ user: { email: first.email } });
  });

  it("gives racing sign-ups with one business name each their own slug", async () => {
    const name = `Racing Dental ${suffix()}`;
    // Four at once: their slug look-ups all see the name free before any of them commits.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => signUp(browser(), { businessName: name })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const slugs = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof signUp>>>).value.auth.membership!.tenant.slug);
    const base = slugs.find((s) => !/-\d+$/.test(s))!;
    expect(slugs.sort()).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`].sort());
  });

  it("lets only one of racing sign-ups with one e-mail through, and tells the others the account exists", async () => {
    const email = `racer-${suffix()}@example.test`;
    const name = `Racing Vets ${suffix()}`;
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => signUp(browser(), { email, businessName: name })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "CONFLICT",
        message: "An account with this e-mail already exists. Sign in instead.",
      });
    }
    expect(await systemDb().tenant.count({ where: { name } })).toBe(1);
  });

  it("refuses a second account for the same e-mail and weak passwords, with field errors", async () => {
    const { email } = await signUp();
    const b = browser();
    await expect(
      b.call((c) => c.auth.signup({ businessName: "Other", name: "X", email: email.toUpperCase(), password: PASSWORD })),
    ).rejects.toMatchObject({ code: "CONFLICT", cause: { field: "email" } });
    const weak = b.call((c) => c.auth.signup({ businessName: "Other", name: "X", email: `w-${suffix()}@example.test`, password: "password123" }));
    await expect(weak).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await weak.catch((err: { cause?: { flatten?: () => { fieldErrors: Record<string, string[]> } } }) =>
      expect(err.cause?.flatten?.().fieldErrors.password?.[0]).toMatch(/too common/),
    );
  });

  it("logs in with the right password and gives one message for a wrong password or unknown e-mail", async () => {
    const { email, userId, tenantId } = await signUp();
    const b = browser();
    const wrong = await b.call((c) => c.auth.login({ email, password: "not-the-password" })).catch((e: Error) => e);
    const unknown = await b.call((c) => c.auth.login({ email: `nobody-${suffix()}@example.test`, password: PASSWORD })).catch((e: Error) => e);
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong e-mail or password." });
    expect(unknown).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong e-mail or password." });
    expect(await b.auth()).toBeNull();

    expect(await b.call((c) => c.auth.login({ email: ` ${email.toUpperCase()} `, password: PASSWORD }))).toEqual({ home: "/dashboard" });
    expect((await b.auth())?.membership?.tenantId).toBe(tenantId);
    const actions = (await systemDb().auditLog.findMany({ where: { actorId: userId }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.login_failed", "auth.login"]));
  });

  it("gives a fresh session id on every sign-in and ends the old one", async () => {
    const { b, email } = await signUp();
    const before = b.sessionId;
    await b.call((c) => c.auth.login({ email, password: PASSWORD }));
    expect(b.sessionId).not.toBe(before);
    expect(await systemDb().session.findUnique({ where: { id: before! } })).toBeNull();
  });

  it("throttles an account after 5 failures in 5 minutes, from any address, and says for how long", async () => {
    const { email } = await signUp();
    for (let i = 0; i < 5; i++) {
      await expect(browser().call((c) => c.auth.login({ email, password: "wrong-password-1" }))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    // Even the right password waits: the throttle is checked before the password.
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many attempts. Try again in 5 minutes.",
    });
    // Age the attempts by 3 minutes: the oldest counted one frees the account in 2 minutes.
    await systemDb().$executeRaw`UPDATE "LoginAttempt" SET "createdAt" = "createdAt" - interval '3 minutes' WHERE email = ${email}`;
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).rejects.toMatchObject({
      message: "Too many attempts. Try again in 2 minutes.",
    });
    await systemDb().$executeRaw`UPDATE "LoginAttempt" SET "createdAt" = "createdAt" - interval '2 minutes' WHERE email = ${email}`;
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).resolves.toEqual({ home: "/dashboard" });
  });

  it("throttles an address after 5 failures across accounts", async () => {
    const { email } = await signUp();
    const attacker = browser();
    for (let i = 0; i < 5; i++) {
      await expect(
        attacker.call((c) => c.auth.login({ email: `guess-${i}-${suffix()}@example.test`, password: "wrong-password-1" })),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(attacker.call((c) => c.auth.login({ email, password: PASSWORD }))).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many attempts. Try again in 5 minutes.",
    });
    // The same account from another address is not affected.
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).resolves.toEqual({ home: "/dashboard" });
  });
});

describe("sessions", () => {
  it("lasts 8 hours for business users and slides once less than half is left", async () => {
    const { b, auth } = await signUp();
    const row = await systemDb().session.findUniqueOrThrow({ where: { id: auth.sessionId } });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(7.9 * HOUR);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(8 * HOUR);
    expect(row.tenantId).toBe(auth.membership!.tenantId);

    // More than half left: no renewal, no cookie.
    const cookie = `${SESSION_COOKIE}=${auth.sessionId}`;
    expect((await authenticateCookie(cookie)).setCookie).toBeNull();

    // Less than half left: activity extends it to a full 8 hours and renews the cookie.
    await systemDb().session.update({ where: { id: auth.sessionId }, data: { expiresAt: new Date(Date.now() + 3 * HOUR) } });
    const slid = await authenticateCookie(cookie);
    expect(slid.auth?.sessionId).toBe(auth.sessionId);
    expect(slid.setCookie).toMatch(/Max-Age=28800/);
    expect(slid.setCookie).toMatch(/HttpOnly/);
    expect(slid.setCookie).toMatch(/SameSite=Lax/);
    const renewed = await systemDb().session.findUniqueOrThrow({ where: { id: auth.sessionId } });
    expect(renewed.expiresAt.getTime() - Date.now()).toBeGreaterThan(7.9 * HOUR);

    // Expired: no access, the row is deleted and the browser's cookie cleared.
    await systemDb().session.update({ where: { id: auth.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await b.auth()).toBeNull();
    expect(b.sessionId).toBeUndefined();
    expect(await systemDb().session.findUnique({ where: { id: auth.sessionId } })).toBeNull();
  });

  it("clears a cookie whose session does not exist", async () => {
    const result = await authenticateCookie(`${SESSION_COOKIE}=nonexistent-session-id`);
    expect(result.auth).toBeNull();
    expect(result.setCookie).toMatch(/^sb_session=;.*Max-Age=0/);
  });

  it("lasts 4 hours for super admins, who land on /admin without a business", async () => {
    const email = `root-${suffix()}@example.test`;
    const { hashPassword } = await import("./password");
    await systemDb().user.create({ data: { email, name: "Root", isSuperAdmin: true, passwordHash: await hashPassword(PASSWORD) } });
    const b = browser();
    expect(await b.call((c) => c.auth.login({ email, password: PASSWORD }))).toEqual({ home: "/admin" });
    const auth = (await b.auth())!;
    expect(auth.membership).toBeNull();
    const row = await systemDb().session.findUniqueOrThrow({ where: { id: auth.sessionId } });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(3.9 * HOUR);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(4 * HOUR);
    await systemDb().session.update({ where: { id: auth.sessionId }, data: { expiresAt: new Date(Date.now() + 1.5 * HOUR) } });
    expect((await authenticateCookie(`${SESSION_COOKIE}=${auth.sessionId}`)).setCookie).toMatch(/Max-Age=14400/);
  });

  it("logs out one session, or every session of the user", async () => {
    const { b, email } = await signUp();
    const other = browser();
    await other.call((c) => c.auth.login({ email, password: PASSWORD }));
    const third = browser();
    await third.call((c) => c.auth.login({ email, password: PASSWORD }));

    await b.call((c) => c.auth.logout());
    expect(b.sessionId).toBeUndefined();
    expect(await other.auth()).not.toBeNull();

    await other.call((c) => c.auth.logoutEverywhere());
    expect(await other.auth()).toBeNull();
    expect(await third.auth()).toBeNull();
  });

  it("switches business on a fresh session id", async () => {
    const { b, email } = await signUp();
    const second = await signUp();
    await inviteAndAcceptExisting(second.b, email, b);
    const before = (await b.auth())!;
    expect(before.membership!.tenantId).toBe(second.tenantId);
    const firstTenant = (await systemDb().membership.findFirstOrThrow({ where: { userId: before.user.id, role: "owner" } })).tenantId;
    await b.call((c) => c.auth.switchBusiness({ tenantId: firstTenant }));
    const after = (await b.auth())!;
    expect(after.membership!.tenantId).toBe(firstTenant);
    expect(after.sessionId).not.toBe(before.sessionId);
    const elsewhere = (await signUp()).tenantId;
    await expect(b.call((c) => c.auth.switchBusiness({ tenantId: elsewhere }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

/** `member` (signed in as `email`) accepts an invite from `owner`'s business. */
async function inviteAndAcceptExisting(owner: ReturnType<typeof browser>, email: string, member: ReturnType<typeof browser>) {
  await owner.call((c) => c.team.invite({ email, role: "staff" }));
  const token = linkToken((await lastEmailTo(email)).text, "invite");
  await member.call((c) => c.auth.acceptInvite({ token }));
}

describe("invites", () => {
  it("invites a new person by e-mail; they accept with a name and password and join with the role", async () => {
    const owner = await signUp();
    const email = `new-${suffix()}@example.test`;
    await owner.b.call((c) => c.team.invite({ email, role: "staff" }));
    const mail = await lastEmailTo(email);
    expect(mail).toMatchObject({ kind: "invite", tenantId: owner.tenantId });
    const token = linkToken(mail.text, "invite");
    const invite = await systemDb().invite.findFirstOrThrow({ where: { email } });
    expect(invite.tokenHash).toBe(hashToken(token));
    expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * HOUR);

    const guest = browser();
    expect(await guest.call((c) => c.auth.getInvite({ token }))).toMatchObject({
      invite: { state: "valid", email, role: "staff", businessName: "Acme Plumbing", accountExists: false },
      signedInAs: null,
    });
    await expect(guest.call((c) => c.auth.acceptInvite({ token, name: "Sam", password: "short" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await guest.call((c) => c.auth.acceptInvite({ token, name: "Sam Staff", password: PASSWORD }));
    expect((await guest.auth())?.membership).toMatchObject({ tenantId: owner.tenantId, role: "staff" });

    // Single use.
    await expect(browser().call((c) => c.auth.acceptInvite({ token, name: "Again", password: PASSWORD }))).rejects.toMatchObject({
      message: "This invite has already been used.",
    });
    const list = await owner.b.call((c) => c.team.list());
    expect(list.members.map((m) => m.user.email)).toEqual([owner.email, email]);
    expect(list.invites).toEqual([]);
  });

  it("lets an existing user accept only when signed in as the invited address", async () => {
    const owner = await signUp();
    const existing = await signUp();
    await owner.b.call((c) => c.team.invite({ email: existing.email, role: "admin" }));
    const token = linkToken((await lastEmailTo(existing.email)).text, "invite");

    const guest = browser();
    expect((await guest.call((c) => c.auth.getInvite({ token }))).invite?.accountExists).toBe(true);
    await expect(guest.call((c) => c.auth.acceptInvite({ token, name: "X", password: PASSWORD }))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: `You already have an account. Sign in as ${existing.email} to accept.`,
    });
    const stranger = await signUp();
    await expect(stranger.b.call((c) => c.auth.acceptInvite({ token }))).rejects.toMatchObject({ code: "FORBIDDEN" });

    await existing.b.call((c) => c.auth.acceptInvite({ token }));
    expect((await existing.b.auth())?.membership).toMatchObject({ tenantId: owner.tenantId, role: "admin" });
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: owner.tenantId, action: "team.invite_accepted" } });
    expect(audit?.actorId).toBe(existing.userId);
  });

  it("refuses an expired or revoked invite, and only the newest of repeated invites works", async () => {
    const owner = await signUp();
    const email = `late-${suffix()}@example.test`;
    await owner.b.call((c) => c.team.invite({ email, role: "viewer" }));
    const first = linkToken((await lastEmailTo(email)).text, "invite");
    await owner.b.call((c) => c.team.invite({ email, role: "viewer" }));
    const second = linkToken((await lastEmailTo(email)).text, "invite");
    expect((await browser().call((c) => c.auth.getInvite({ token: first }))).invite?.state).toBe("revoked");

    await systemDb().invite.updateMany({ where: { tokenHash: hashToken(second) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await browser().call((c) => c.auth.getInvite({ token: second }))).invite?.state).toBe("expired");
    await expect(browser().call((c) => c.auth.acceptInvite({ token: second, name: "Late", password: PASSWORD }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This invite has expired. Ask for a new one.",
    });
    expect((await browser().call((c) => c.auth.getInvite({ token: "no-such-token-at-all" }))).invite).toBeNull();

    await owner.b.call((c) => c.team.invite({ email, role: "viewer" }));
    const third = linkToken((await lastEmailTo(email)).text, "invite");
    const pending = (await owner.b.call((c) => c.team.list())).invites;
    expect(pending).toHaveLength(1);
    await owner.b.call((c) => c.team.revokeInvite({ id: pending[0]!.id }));
    await expect(browser().call((c) => c.auth.acceptInvite({ token: third, name: "Late", password: PASSWORD }))).rejects.toMatchObject({
      message: "This invite was withdrawn. Ask for a new one.",
    });
  });
});

describe("password reset", () => {
  it("answers the same for unknown e-mails and sends nothing", async () => {
    const email = `ghost-${suffix()}@example.test`;
    await expect(browser().call((c) => c.auth.requestPasswordReset({ email }))).resolves.toBeUndefined();
    expect(await systemDb().emailOutbox.count({ where: { to: email } })).toBe(0);
  });

  it("resets with a single-use link, ends every session and signs in on a fresh one", async () => {
    const { b, email, userId } = await signUp();
    const other = browser();
    await other.call((c) => c.auth.login({ email, password: PASSWORD }));

    await browser().call((c) => c.auth.requestPasswordReset({ email }));
    const mail = await lastEmailTo(email);
    expect(mail).toMatchObject({ kind: "password_reset", tenantId: null });
    const token = linkToken(mail.text, "reset-password");
    const row = await systemDb().passwordReset.findFirstOrThrow({ where: { userId } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    const resetter = browser();
    expect(await resetter.call((c) => c.auth.resetTokenState({ token }))).toBe("valid");
    await resetter.call((c) => c.auth.resetPassword({ token, password: "a-brand-new-secret" }));
    expect(await resetter.auth()).not.toBeNull();
    expect(await b.auth()).toBeNull();
    expect(await other.auth()).toBeNull();

    expect(await resetter.call((c) => c.auth.resetTokenState({ token }))).toBe("invalid");
    await expect(browser().call((c) => c.auth.resetPassword({ token, password: "yet-another-secret" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(browser().call((c) => c.auth.login({ email, password: "a-brand-new-secret" }))).resolves.toEqual({ home: "/dashboard" });
    expect(await systemDb().auditLog.count({ where: { actorId: userId, action: "auth.password_reset" } })).toBe(1);
  });

  it("limits requests to 3 per e-mail in 15 minutes, alike for known and unknown e-mails", async () => {
    const { email } = await signUp();
    const ghost = `ghost-${suffix()}@example.test`;
    for (const target of [email, ghost]) {
      for (let i = 0; i < 3; i++) {
        await expect(browser().call((c) => c.auth.requestPasswordReset({ email: target }))).resolves.toBeUndefined();
      }
      // From a fresh address too: the e-mail is the key. Same answer whether the account exists.
      await expect(browser().call((c) => c.auth.requestPasswordReset({ email: target.toUpperCase() }))).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        message: "Too many attempts. Try again in 15 minutes.",
      });
    }
    expect(await systemDb().emailOutbox.count({ where: { to: email, kind: "password_reset" } })).toBe(3);
    // Reset requests do not count towards the login throttle.
    await expect(browser().call((c) => c.auth.login({ email, password: PASSWORD }))).resolves.toEqual({ home: "/dashboard" });
    // The oldest request ages out after 15 minutes, and one more may go.
    await systemDb().$executeRaw`UPDATE "LoginAttempt" SET "createdAt" = "createdAt" - interval '10 minutes' WHERE email = ${email}`;
    await expect(browser().call((c) => c.auth.requestPasswordReset({ email }))).rejects.toMatchObject({
      message: "Too many attempts. Try again in 5 minutes.",
    });
    await systemDb().$executeRaw`UPDATE "LoginAttempt" SET "createdAt" = "createdAt" - interval '5 minutes' WHERE email = ${email}`;
    await expect(browser().call((c) => c.auth.requestPasswordReset({ email }))).resolves.toBeUndefined();
    expect(await systemDb().emailOutbox.count({ where: { to: email, kind: "password_reset" } })).toBe(4);
  });

  it("limits requests to 10 per address in 15 minutes, across e-mails", async () => {
    const { email } = await signUp();
    const attacker = browser();
    for (let i = 0; i < 10; i++) {
      await attacker.call((c) => c.auth.requestPasswordReset({ email: `probe-${i}-${suffix()}@example.test` }));
    }
    await expect(attacker.call((c) => c.auth.requestPasswordReset({ email }))).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "Too many attempts. Try again in 15 minutes.",
    });
    expect(await systemDb().emailOutbox.count({ where: { to: email } })).toBe(0);
    // The same e-mail from another address is not affected.
    await expect(browser().call((c) => c.auth.requestPasswordReset({ email }))).resolves.toBeUndefined();
    expect(await systemDb().emailOutbox.count({ where: { to: email, kind: "password_reset" } })).toBe(1);
  });

  it("refuses a link older than 30 minutes", async () => {
    const { email, userId } = await signUp();
    await browser().call((c) => c.auth.requestPasswordReset({ email }));
    const token = linkToken((await lastEmailTo(email)).text, "reset-password");
    await systemDb().passwordReset.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(browser().call((c) => c.auth.resetPassword({ token, password: "a-brand-new-secret" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This reset link is invalid or has expired. Ask for a new one.",
    });
  });
});

describe("team roles", () => {
  it("refuses team management to staff and viewers", async () => {
    const owner = await signUp();
    for (const role of ["staff", "viewer"] as const) {
      const member = await inviteAndAccept(owner.b, `${role}-${suffix()}@example.test`, role);
      await expect(member.b.call((c) => c.team.invite({ email: `x-${suffix()}@example.test`, role: "viewer" }))).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(member.b.call((c) => c.team.changeRole({ membershipId: member.membershipId, role: "admin" }))).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      // Everyone sees the team, but only managers see pending invites.
      expect((await member.b.call((c) => c.team.list())).invites).toEqual([]);
    }
  });

  it("keeps admins away from owners", async () => {
    const owner = await signUp();
    const admin = await inviteAndAccept(owner.b, `admin-${suffix()}@example.test`, "admin");
    const ownerMembership = (await systemDb().membership.findFirstOrThrow({ where: { userId: owner.userId } })).id;
    await expect(admin.b.call((c) => c.team.invite({ email: `o-${suffix()}@example.test`, role: "owner" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(admin.b.call((c) => c.team.changeRole({ membershipId: ownerMembership, role: "viewer" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(admin.b.call((c) => c.team.remove({ membershipId: ownerMembership }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.b.call((c) => c.team.changeRole({ membershipId: admin.membershipId, role: "owner" }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // Admins do manage everyone else.
    const staff = await inviteAndAccept(owner.b, `staff-${suffix()}@example.test`, "staff");
    await admin.b.call((c) => c.team.changeRole({ membershipId: staff.membershipId, role: "viewer" }));
    expect((await staff.b.auth())?.membership?.role).toBe("viewer");
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: owner.tenantId, action: "team.role_changed" } });
    expect(audit).toMatchObject({ actorId: admin.auth.user.id, targetId: staff.membershipId, meta: { from: "staff", to: "viewer" } });
  });

  it("protects the last owner, and lets one of two owners step down", async () => {
    const owner = await signUp();
    const ownerMembership = (await systemDb().membership.findFirstOrThrow({ where: { userId: owner.userId } })).id;
    await expect(owner.b.call((c) => c.team.changeRole({ membershipId: ownerMembership, role: "admin" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "A business needs at least one owner. Make someone else an owner first.",
    });
    await expect(owner.b.call((c) => c.team.remove({ membershipId: ownerMembership }))).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const coOwner = await inviteAndAccept(owner.b, `co-${suffix()}@example.test`, "owner");
    await owner.b.call((c) => c.team.changeRole({ membershipId: ownerMembership, role: "admin" }));
    await expect(coOwner.b.call((c) => c.team.changeRole({ membershipId: coOwner.membershipId, role: "staff" }))).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("removes a member and ends their sessions in that business", async () => {
    const owner = await signUp();
    const staff = await inviteAndAccept(owner.b, `gone-${suffix()}@example.test`, "staff");
    await owner.b.call((c) => c.team.remove({ membershipId: staff.membershipId }));
    expect(await staff.b.auth()).toBeNull();
    expect(await systemDb().membership.findUnique({ where: { id: staff.membershipId } })).toBeNull();
    expect(await systemDb().auditLog.count({ where: { tenantId: owner.tenantId, action: "team.member_removed" } })).toBe(1);
  });
});

describe("tenant procedures", () => {
  it("roll back their writes when the procedure fails after writing", async () => {
    const owner = await signUp();
    const email = `rollback-${suffix()}@example.test`;
    const failing = router({
      inviteThenFail: tenantProcedure.mutation(async ({ ctx }) => {
        await ctx.db.invite.create({
          data: { tenantId: ctx.tenantId, email, role: "staff", tokenHash: `h-${suffix()}`, expiresAt: new Date(Date.now() + HOUR) },
        });
        throw new Error("failed after writing");
      }),
    });
    const auth = await owner.b.auth();
    const caller = createCallerFactory(failing)(createContext({ request: new Request("http://test.local/"), auth, requestId: "t", ip: "127.0.0.1" }));
    await expect(caller.inviteThenFail()).rejects.toThrow();
    expect(await systemDb().invite.count({ where: { email } })).toBe(0);
  });
});

describe("suspended businesses", () => {
  it("keep their users out; super admins still sign in", async () => {
    const owner = await signUp();
    await systemDb().tenant.update({ where: { id: owner.tenantId }, data: { status: "suspended", suspendedAt: new Date() } });

    // An open session keeps the business (so the page can say why) but every business procedure is refused.
    expect((await owner.b.auth())?.membership?.tenant.status).toBe("suspended");
    await expect(owner.b.call((c) => c.team.list())).rejects.toMatchObject({ code: "FORBIDDEN" });

    await expect(browser().call((c) => c.auth.login({ email: owner.email, password: PASSWORD }))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Your business is suspended, so you cannot sign in. Contact support.",
    });

    const { hashPassword } = await import("./password");
    const rootEmail = `root-${suffix()}@example.test`;
    const root = await systemDb().user.create({
      data: { email: rootEmail, name: "Root", isSuperAdmin: true, passwordHash: await hashPassword(PASSWORD) },
    });
    await systemDb().membership.create({ data: { tenantId: owner.tenantId, userId: root.id, role: "owner" } });
    await expect(browser().call((c) => c.auth.login({ email: rootEmail, password: PASSWORD }))).resolves.toEqual({ home: "/admin" });
  });
});
