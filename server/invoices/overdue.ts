// The nightly bookkeeping behind "overdue follows the due date": stored statuses catch up with
// each business's calendar, and promises whose date has passed unpaid become broken. Reads
// already derive both (status.ts, payments.ts), so this keeps the stored data honest for
// reports, exports and integrations that read the table directly. It spans businesses by
// design (runs as the owner) and is pure bookkeeping, so suspended businesses are included.
import type { PrismaClient } from "../db";

export async function markOverdueInvoices(db: PrismaClient, now: Date = new Date()) {
  const overdue = await db.$executeRaw`
    UPDATE "Invoice" i SET status = 'overdue', "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM "Tenant" t
    WHERE t.id = i."tenantId" AND i.status = 'open' AND i."dueDate" < (${now}::timestamptz AT TIME ZONE t.timezone)::date`;
  // A due date moved later (an edit or a re-import) makes an overdue invoice open again.
  const reopened = await db.$executeRaw`
    UPDATE "Invoice" i SET status = 'open', "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM "Tenant" t
    WHERE t.id = i."tenantId" AND i.status = 'overdue' AND i."dueDate" >= (${now}::timestamptz AT TIME ZONE t.timezone)::date`;
  // Kept promises are settled when the payment is recorded; what is still pending past its date is broken.
  const brokenPromises = await db.$executeRaw`
    UPDATE "PromiseToPay" p SET status = 'broken', "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM "Tenant" t
    WHERE t.id = p."tenantId" AND p.status = 'pending' AND p."promisedFor" < (${now}::timestamptz AT TIME ZONE t.timezone)::date`;
  return { overdue, reopened, brokenPromises };
}
