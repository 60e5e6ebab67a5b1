// Invites: an e-mailed link (7 days, only the token's sha256 stored) that lets a person join a
// business with a role, either as a new user or with their existing account.
import type { PrismaClient, Tx } from "../db";
import { systemDb } from "../db";
import { appUrl } from "../env";
import { recordAudit } from "../audit/log";
import { enqueueEmail } from "../email/outbox";
import { AuthError } from "./errors";
import { hashPassword } from "./password";
import { endSession, startSession } from "./session";
import type { Origin, SignedIn } from "./sign-in";
import { hashToken, newToken } from "./token";
import type { AuthUser, Role } from "./types";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

export interface NewInvite {
  tenantId: string;
  email: string;
  role: Role;
  invitedById: string | null;
  tenantName: string;
  inviterName?: string;
}

/**
 * Stores the invite and queues its e-mail in the caller's transaction (so both commit or neither
 * does). An earlier pending invite to the same address is revoked: only the newest link works.
 */
export async function createInvite(tx: Tx | PrismaClient, input: NewInvite): Promise<{ id: string; url: string }> {
  const email = input.email.trim().toLowerCase();
  const { token, tokenHash } = newToken();
  const url = `${appUrl()}/invite/${token}`;
  await tx.invite.updateMany({
    where: { tenantId: input.tenantId, email, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const invite = await tx.invite.create({
    data: {
      tenantId: input.tenantId,
      email,
      role: input.role,
      tokenHash,
      invitedById: input.invitedById,
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
    },
    select: { id: true },
  });
  const who = input.inviterName ? `${input.inviterName} invited you` : "You are invited";
  await enqueueEmail(tx, {
    tenantId: input.tenantId,
    to: email,
    subject: `Join ${input.tenantName} on Switchboard`,
    text: [
      `${who} to join ${input.tenantName} on Switchboard as ${ROLE_NOUN[input.role]}.`,
      "",
      "Accept the invite within 7 days:",
      url,
    ].join("\n"),
    kind: "invite",
  });
  return { id: invite.id, url };
}

const ROLE_NOUN: Record<Role, string> = {
  owner: "an owner",
  admin: "an admin",
  staff: "a staff member",
  viewer: "a viewer",
};

export type InviteState = "valid" | "expired" | "revoked" | "accepted";

interface InviteRow {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

export function inviteState(invite: InviteRow, now = new Date()): InviteState {
  if (invite.acceptedAt) return "accepted";
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt <= now) return "expired";
  return "valid";
}

const STATE_MESSAGES: Record<Exclude<InviteState, "valid">, string> = {
  accepted: "This invite has already been used.",
  revoked: "This invite was withdrawn. Ask for a new one.",
  expired: "This invite has expired. Ask for a new one.",
};

export interface InviteView {
  state: InviteState;
  email: string;
  role: Role;
  businessName: string;
  /** The address already has an account: the person must sign in with it to accept. */
  accountExists: boolean;
  stateMessage: string | null;
}

/** What the invite page shows; null when the link matches no invite. */
export async function describeInvite(token: string): Promise<InviteView | null> {
  const invite = await systemDb().invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!invite) return null;
  const state = inviteState(invite);
  const account = await systemDb().user.findUnique({ where: { email: invite.email }, select: { id: true } });
  return {
    state,
    email: invite.email,
    role: invite.role,
    businessName: invite.tenant.name,
    accountExists: Boolean(account),
    stateMessage: state === "valid" ? null : STATE_MESSAGES[state],
  };
}

export interface AcceptInput {
  token: string;
  /** For a new account. */
  name?: string;
  password?: string;
}

/**
 * Joins the invited business. Signed in: the account must be the invited address. Signed out:
 * creates the account, unless the address already has one (then the person signs in first).
 * Ends on a fresh session in the business.
 */
export async function acceptInvite(
  input: AcceptInput,
  auth: { sessionId: string; user: AuthUser } | null,
  origin: Origin,
): Promise<SignedIn> {
  const invite = await systemDb().invite.findUnique({
    where: { tokenHash: hashToken(input.token) },
    include: { tenant: { select: { status: true } } },
  });
  if (!invite) throw new AuthError("NOT_FOUND", "This invite link is not valid.");
  const state = inviteState(invite);
  if (state !== "valid") throw new AuthError("BAD_REQUEST", STATE_MESSAGES[state]);
  if (invite.tenant.status !== "active") throw new AuthError("FORBIDDEN", "This business is suspended.");

  let newAccount: { name: string; passwordHash: string } | null = null;
  if (auth) {
    if (auth.user.email !== invite.email) {
      throw new AuthError("FORBIDDEN", `This invite is for ${invite.email}. Sign out, then sign in as ${invite.email} to accept.`);
    }
  } else {
    const existing = await systemDb().user.findUnique({ where: { email: invite.email }, select: { id: true } });
    if (existing) throw new AuthError("UNAUTHORIZED", `You already have an account. Sign in as ${invite.email} to accept.`);
    if (!input.name?.trim()) throw new AuthError("BAD_REQUEST", "Enter your name.", "name");
    if (!input.password) throw new AuthError("BAD_REQUEST", "Choose a password.", "password");
    newAccount = { name: input.name.trim(), passwordHash: await hashPassword(input.password) };
  }

  const user = await systemDb()
    .$transaction(async (tx) => {
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count !== 1) throw new AuthError("BAD_REQUEST", STATE_MESSAGES.accepted);
      const user = auth
        ? auth.user
        : await tx.user.create({
            data: { email: invite.email, name: newAccount!.name, passwordHash: newAccount!.passwordHash },
            select: { id: true, isSuperAdmin: true },
          });
      // Someone already in the business keeps their role; the invite is simply used up.
      const membership = await tx.membership.upsert({
        where: { tenantId_userId: { tenantId: invite.tenantId, userId: user.id } },
        update: {},
        create: { tenantId: invite.tenantId, userId: user.id, role: invite.role },
      });
      await recordAudit(tx, {
        tenantId: invite.tenantId,
        actorId: user.id,
        action: "team.invite_accepted",
        targetType: "membership",
        targetId: membership.id,
        ip: origin.ip,
        meta: { email: invite.email, role: membership.role, newAccount: !auth },
      });
      return user;
    })
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === "P2002") {
        throw new AuthError("CONFLICT", `You already have an account. Sign in as ${invite.email} to accept.`);
      }
      throw err;
    });

  const { setCookie } = await startSession(user, invite.tenantId, origin);
  if (auth) await endSession(auth.sessionId);
  return { userId: user.id, tenantId: invite.tenantId, setCookie, home: "/dashboard" };
}
