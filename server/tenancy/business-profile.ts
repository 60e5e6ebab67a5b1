// The business profile (name, time zone, country, industry, weekly opening hours): read by any
// member, changed by owners and admins, every change recorded in the audit log.
import type { PrismaClient, Tx } from "../db";
import type { TenantStatus } from "../db/generated/enums";
import { recordAudit } from "../audit/log";
import {
  businessHoursSchema,
  emptyWeek,
  type BusinessHours,
  type BusinessProfileUpdate,
} from "./business-profile-schema";

export interface BusinessProfile {
  id: string;
  name: string;
  slug: string;
  status: TenantStatus;
  timezone: string;
  country: string;
  industry: string;
  businessHours: BusinessHours;
  updatedAt: Date;
}

/** Who is changing the profile, inside the tenant's row-level-security transaction. */
export interface TenantWriteContext {
  db: Tx;
  tenantId: string;
  actorId: string;
  ip?: string;
}

/** Stored hours that predate a rule (or the `{}` default) read as a closed week rather than failing. */
function readHours(stored: unknown): BusinessHours {
  const parsed = businessHoursSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : emptyWeek();
}

export async function getBusinessProfile(db: Tx | PrismaClient, tenantId: string): Promise<BusinessProfile> {
  const t = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    status: t.status,
    timezone: t.timezone,
    country: t.country,
    industry: t.industry,
    businessHours: readHours(t.businessHours),
    updatedAt: t.updatedAt,
  };
}

const SCALAR_FIELDS = ["name", "timezone", "country", "industry"] as const;

/**
 * Applies the given fields (already parsed by `businessProfileUpdateSchema`). Returns the profile and the names of the fields that actually changed;
 * nothing is written (and nothing audited) when the input matches what is stored.
 */
export async function updateBusinessProfile(
  ctx: TenantWriteContext,
  input: BusinessProfileUpdate,
): Promise<{ profile: BusinessProfile; changed: string[] }> {
  const current = await getBusinessProfile(ctx.db, ctx.tenantId);

  const changed: string[] = [];
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const field of SCALAR_FIELDS) {
    const next = input[field];
    if (next !== undefined && next !== current[field]) {
      changed.push(field);
      before[field] = current[field];
      after[field] = next;
    }
  }
  const hoursChanged =
    input.businessHours !== undefined && JSON.stringify(input.businessHours) !== JSON.stringify(current.businessHours);
  if (hoursChanged) changed.push("businessHours");
  if (changed.length === 0) return { profile: current, changed };

  await ctx.db.tenant.update({
    where: { id: ctx.tenantId },
    data: { ...after, ...(hoursChanged ? { businessHours: input.businessHours } : {}) },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "business.updated",
    targetType: "tenant",
    targetId: ctx.tenantId,
    ip: ctx.ip,
    // Hours are a nested week; the entry names the field rather than copying both weeks.
    meta: { fields: changed, before, after },
  });
  return { profile: await getBusinessProfile(ctx.db, ctx.tenantId), changed };
}
