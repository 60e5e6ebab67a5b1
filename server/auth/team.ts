// The team of one business: members, pending invites, roles. Runs in the tenant's transaction
// (row-level security), so every query here only ever sees this business.
import type { Tx } from "../db";
import { recordAudit } from "../audit/log";
import { AuthError } from "./errors";
import { createInvite } from "./invites";
import { endTenantSessions } from "./session";
import { ADMIN_ROLES, type Role } from "./types";

export interface TeamContext {
  db: Tx;
  tenantId: string;
  tenantName: string;
  actor: { id: string; name: string; role: Role };
  ip: string;
}

const isAdmin = (role: Role) => ADMIN_ROLES.includes(role);

export async function listTeam(ctx: TeamContext) {
  const members = await ctx.db.membership.findMany({
    where: { tenantId: ctx.tenantId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  // Pending invites carry addresses of people who have not joined; only those who manage the team see them.
  const invites = isAdmin(ctx.actor.role)
    ? await ctx.db.invite.findMany({
        where: { tenantId: ctx.tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
        orderBy: { createdAt: "desc" },
      })
    : [];
  return { members, invites };
}

/** Only an owner may hand out or take away ownership; admins manage everyone else. */
function assertMayAssign(ctx: TeamContext, role: Role) {
  if (role === "owner" && ctx.actor.role !== "owner") {
    throw new AuthError("FORBIDDEN", "Only an owner can make someone an owner.");
  }
}

export async function inviteMember(ctx: TeamContext, input: { email: string; role: Role }) {
  assertMayAssign(ctx, input.role);
  const email = input.email.trim().toLowerCase();
  const member = await ctx.db.membership.findFirst({
    where: { tenantId: ctx.tenantId, user: { email } },
    select: { id: true },
  });
  if (member) throw new AuthError("CONFLICT", `${email} is already on the team.`, "email");
  const invite = await createInvite(ctx.db, {
    tenantId: ctx.tenantId,
    email,
    role: input.role,
    invitedById: ctx.actor.id,
    tenantName: ctx.tenantName,
    inviterName: ctx.actor.name,
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actor.id,
    action: "team.invited",
    targetType: "invite",
    targetId: invite.id,
    ip: ctx.ip,
    meta: { email, role: input.role },
  });
  return { id: invite.id };
}

export async function revokeInvite(ctx: TeamContext, inviteId: string) {
  const invite = await ctx.db.invite.findFirst({ where: { id: inviteId, tenantId: ctx.tenantId } });
  if (!invite || invite.acceptedAt || invite.revokedAt) throw new AuthError("NOT_FOUND", "That invite is no longer pending.");
  assertMayAssign(ctx, invite.role);
  await ctx.db.invite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actor.id,
    action: "team.invite_revoked",
    targetType: "invite",
    targetId: invite.id,
    ip: ctx.ip,
    meta: { email: invite.email, role: invite.role },
  });
}

/**
 * Loads the member to change and locks the business's owner rows, so two owners demoting each
 * other at the same moment cannot leave the business without one.
 */
async function loadForChange(ctx: TeamContext, membershipId: string) {
  const owners = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "tenantId" = ${ctx.tenantId} AND role = 'owner' FOR UPDATE`;
  const target = await ctx.db.membership.findFirst({
    where: { id: membershipId, tenantId: ctx.tenantId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!target) throw new AuthError("NOT_FOUND", "That person is not on the team.");
  if (target.role === "owner" && ctx.actor.role !== "owner") {
    throw new AuthError("FORBIDDEN", "Only an owner can change or remove an owner.");
  }
  const lastOwner = target.role === "owner" && owners.length <= 1;
  return { target, lastOwner };
}

export async function changeRole(ctx: TeamContext, input: { membershipId: string; role: Role }) {
  assertMayAssign(ctx, input.role);
  const { target, lastOwner } = await loadForChange(ctx, input.membershipId);
  if (target.role === input.role) return;
  if (lastOwner) throw new AuthError("BAD_REQUEST", "A business needs at least one owner. Make someone else an owner first.");
  await ctx.db.membership.update({ where: { id: target.id }, data: { role: input.role } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actor.id,
    action: "team.role_changed",
    targetType: "membership",
    targetId: target.id,
    ip: ctx.ip,
    meta: { email: target.user.email, from: target.role, to: input.role },
  });
}

export async function removeMember(ctx: TeamContext, membershipId: string) {
  const { target, lastOwner } = await loadForChange(ctx, membershipId);
  if (lastOwner) throw new AuthError("BAD_REQUEST", "A business needs at least one owner. Make someone else an owner first.");
  await ctx.db.membership.delete({ where: { id: target.id } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actor.id,
    action: "team.member_removed",
    targetType: "membership",
    targetId: target.id,
    ip: ctx.ip,
    meta: { email: target.user.email, role: target.role },
  });
  // Sessions live outside tenant scope (owner connection); the removed person's sessions in this
  // business end now rather than at their next request.
  await endTenantSessions(target.userId, ctx.tenantId);
}
