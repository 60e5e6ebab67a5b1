import type { Role, TenantStatus } from "../../../server/db/generated/enums";

/** What the app shell shows about the signed-in user and their businesses. */
export interface ShellUser {
  name: string;
  email: string;
  isSuperAdmin: boolean;
}

export interface ShellBusiness {
  tenantId: string;
  name: string;
  status: TenantStatus;
  role: Role;
}
