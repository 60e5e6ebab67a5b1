// The dashboard's "Get started" list, derived from what the business has actually set up.
// Steps whose feature does not exist yet are reported as "coming_soon", never as done.
import type { PrismaClient, Tx } from "../db";
import { getBusinessProfile } from "../tenancy/business-profile";
import { WEEKDAYS } from "../tenancy/business-profile-schema";

export type ChecklistStepKey = "business_hours" | "team" | "phone_number" | "first_workflow" | "import_contacts";
export type ChecklistStatus = "done" | "todo" | "coming_soon";

export interface ChecklistStep {
  key: ChecklistStepKey;
  status: ChecklistStatus;
}

export interface Checklist {
  steps: ChecklistStep[];
  /** Steps the business can act on today, and how many of those are done. */
  available: number;
  done: number;
}

export async function getChecklist(db: Tx | PrismaClient, tenantId: string): Promise<Checklist> {
  const profile = await getBusinessProfile(db, tenantId);
  const hoursSet = WEEKDAYS.some((day) => profile.businessHours[day].length > 0);

  // Explicit tenantId filters: row-level security also lets a user see their own memberships in
  // other businesses, so an unfiltered count would credit this business with them.
  const members = await db.membership.count({ where: { tenantId } });
  const pendingInvites = await db.invite.count({
    where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
  });
  const teamStarted = members > 1 || pendingInvites > 0;

  const steps: ChecklistStep[] = [
    { key: "business_hours", status: hoursSet ? "done" : "todo" },
    { key: "team", status: teamStarted ? "done" : "todo" },
    { key: "phone_number", status: "coming_soon" },
    { key: "first_workflow", status: "coming_soon" },
    { key: "import_contacts", status: "coming_soon" },
  ];
  const available = steps.filter((s) => s.status !== "coming_soon");
  return { steps, available: available.length, done: available.filter((s) => s.status === "done").length };
}
