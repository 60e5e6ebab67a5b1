// The authenticated identity a request carries, resolved once at the HTTP edge
// (server/http/app.ts) and handed to Remix loaders and tRPC as context.
import type { Role, TenantStatus } from "../db/generated/enums";

export type { Role };

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  isSuperAdmin: boolean;
}

export interface AuthTenant {
  id: string;
  name: string;
  slug: string;
  status: TenantStatus;
  timezone: string;
  country: string;
  industry: string;
}

export interface AuthMembership {
  tenantId: string;
  role: Role;
  tenant: AuthTenant;
}

export interface RequestAuth {
  user: AuthUser;
  sessionId: string;
  /** The business this session works in; null for a super admin with no business, or none left. */
  membership: AuthMembership | null;
}

/** Roles that may change data (viewers only read). */
export const WRITE_ROLES: readonly Role[] = ["owner", "admin", "staff"];
/** Roles that manage the business: team, settings, billing, integrations. */
export const ADMIN_ROLES: readonly Role[] = ["owner", "admin"];
