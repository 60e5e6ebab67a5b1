// Test helpers for the contacts services: a fresh business and a way to act inside it.
import { systemDb, withTenant } from "../db";
import type { ContactContext } from "./contacts";
import { suffix } from "../testing/members";

export async function newBusiness(options: { country?: string; timezone?: string } = {}) {
  const s = suffix();
  return systemDb().tenant.create({
    data: { name: `Contacts ${s}`, slug: `contacts-${s}`, country: options.country ?? "US", timezone: options.timezone ?? "America/Chicago" },
  });
}

/** Runs `fn` as a staff member would: in the business's row-level-security transaction. */
export function asTenant<T>(tenantId: string, fn: (ctx: ContactContext) => Promise<T>, timeout?: number): Promise<T> {
  return withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null }), { timeout: timeout ?? 60_000 });
}
