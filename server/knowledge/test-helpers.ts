// Test helpers for the knowledge services: a fresh business and a way to act inside it.
import { systemDb, withTenant } from "../db";
import { suffix } from "../testing/members";
import type { KnowledgeContext } from "./articles";

export async function newBusiness() {
  const s = suffix();
  return systemDb().tenant.create({ data: { name: `Knowledge ${s}`, slug: `knowledge-${s}` } });
}

/** Runs `fn` as a staff member would: in the business's row-level-security transaction. */
export function asTenant<T>(tenantId: string, fn: (ctx: KnowledgeContext) => Promise<T>): Promise<T> {
  return withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null }), { timeout: 60_000 });
}
