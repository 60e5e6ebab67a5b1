// Test fixtures for campaigns: a business with a contact, appointments, invoices and a campaign.
import { systemDb } from "../db";
import { suffix } from "../testing/members";
import type { Placement } from "./dispatch";

export async function outboundBusiness(opts: { timezone?: string } = {}) {
  const db = systemDb();
  const s = suffix();
  const tz = opts.timezone ?? "America/New_York";
  const tenant = await db.tenant.create({ data: { name: `Outbound ${s}`, slug: `outbound-${s}`, timezone: tz, country: "US" } });
  const contact = await db.contact.create({ data: { tenantId: tenant.id, givenName: "Pat", familyName: "Lee", phone: `+1212555${String(Math.floor(Math.random() * 9000) + 1000)}`, timezone: tz } });
  const staff = await db.staffMember.create({ data: { tenantId: tenant.id, name: "Dr Who" } });
  const service = await db.service.create({ data: { tenantId: tenant.id, name: "Checkup", durationMinutes: 30 } });
  return { tenant, contact, staff, service };
}

export type Biz = Awaited<ReturnType<typeof outboundBusiness>>;

export async function appointmentAt(b: Biz, startsAt: Date, status: "scheduled" | "cancelled" = "scheduled") {
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  return systemDb().appointment.create({
    data: { tenantId: b.tenant.id, contactId: b.contact.id, staffId: b.staff.id, serviceId: b.service.id, startsAt, endsAt, blockedStart: startsAt, blockedEnd: endsAt, status },
  });
}

export async function invoiceDue(b: Biz, dueDate: string, amount = "120.00") {
  const s = suffix();
  return systemDb().invoice.create({
    data: { tenantId: b.tenant.id, contactId: b.contact.id, number: `INV-${s}`, currency: "USD", total: amount, amountDue: amount, issueDate: new Date(`${dueDate}T00:00:00Z`), dueDate: new Date(`${dueDate}T00:00:00Z`), status: "overdue" },
  });
}

export async function campaignOf(b: Biz, type: "reminder" | "collections" | "list", settings: Record<string, unknown> = {}) {
  return systemDb().campaign.create({ data: { tenantId: b.tenant.id, type, name: `${type} ${suffix()}`, status: "active", settings: settings as object } });
}

/** A placement service that records every request and, like T's, dials once per call id. */
export function fakePlacement(configured = true) {
  const requests: string[] = [];
  const dialled = new Set<string>();
  const placement: Placement = {
    isTelephonyConfigured: () => configured,
    async placeCall(_ctx, { callId }) {
      requests.push(callId);
      const already = dialled.has(callId);
      dialled.add(callId);
      return { placed: true, alreadyPlaced: already, roomName: `call-${callId}` };
    },
  };
  return { placement, requests, dials: () => dialled.size };
}
