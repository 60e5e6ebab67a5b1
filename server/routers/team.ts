// The team of the current business: members, invites, roles. Thin: validate, call server/auth/team.
import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "../trpc/init";
import { changeRole, inviteMember, listTeam, removeMember, revokeInvite, type TeamContext } from "../auth/team";
import { authErrors } from "./auth-errors";

const role = z.enum(["owner", "admin", "staff", "viewer"]);

const member = tenantProcedure.use(authErrors);
const manager = adminProcedure.use(authErrors);

function teamContext(ctx: {
  db: TeamContext["db"];
  tenantId: string;
  tenant: { name: string };
  user: { id: string; name: string };
  role: TeamContext["actor"]["role"];
  ip: string;
}): TeamContext {
  return {
    db: ctx.db,
    tenantId: ctx.tenantId,
    tenantName: ctx.tenant.name,
    actor: { id: ctx.user.id, name: ctx.user.name, role: ctx.role },
    ip: ctx.ip,
  };
}

export const teamRouter = router({
  /** Members for everyone in the business; pending invites for owners and admins. */
  list: member.query(({ ctx }) => listTeam(teamContext(ctx))),

  invite: manager
    .input(z.object({ email: z.string().trim().toLowerCase().email("Enter a valid e-mail address."), role }))
    .mutation(({ ctx, input }) => inviteMember(teamContext(ctx), input)),

  revokeInvite: manager
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeInvite(teamContext(ctx), input.id)),

  changeRole: manager
    .input(z.object({ membershipId: z.string().min(1), role }))
    .mutation(({ ctx, input }) => changeRole(teamContext(ctx), input)),

  remove: manager
    .input(z.object({ membershipId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(teamContext(ctx), input.membershipId)),
});
