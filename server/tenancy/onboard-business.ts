// A super admin opens a business for someone: the business, an owner invite e-mailed to them,
// and an audit entry in the new business's log, all in one transaction.
import type { PrismaClient } from "../db";
import type { Tenant } from "../db/generated/client";
import { recordAudit } from "../audit/log";
import { createInvite } from "../auth/invites";
import { createBusiness, createRetryingSlug } from "./create-business";
import type { NewBusinessInput } from "./business-profile-schema";

export interface PlatformActor {
  id: string;
  name: string;
  ip?: string;
}

export async function onboardBusiness(
  db: PrismaClient,
  actor: PlatformActor,
  input: NewBusinessInput,
): Promise<{ tenant: Tenant; inviteId: string }> {
  // A racing creation with the same name takes the slug first: retried with "name-2".
  return createRetryingSlug(() => db.$transaction(async (tx) => {
    const tenant = await createBusiness(tx, {
      name: input.name,
      timezone: input.timezone,
      country: input.country,
      industry: input.industry,
    });
    const invite = await createInvite(tx, {
      tenantId: tenant.id,
      email: input.ownerEmail,
      role: "owner",
      invitedById: actor.id,
      tenantName: tenant.name,
      inviterName: actor.name,
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorId: actor.id,
      action: "business.created",
      targetType: "tenant",
      targetId: tenant.id,
      ip: actor.ip,
      meta: { ownerEmail: input.ownerEmail, by: "platform" },
    });
    return { tenant, inviteId: invite.id };
  }));
}
