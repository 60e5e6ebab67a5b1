// Accounts-receivable aging: what is still owed, per currency, by how long it is past due
// (current, 1-30, 31-60, 61-90, 90+ days) in the business's calendar. One SQL pass; amounts are
// summed as numeric and returned as decimal strings, never floats.
import { toDbDate } from "./dates";
import { Decimal } from "./money";
import { todayFor, type InvoiceContext } from "./invoices";

export const AGING_BUCKETS = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingRow {
  currency: string;
  buckets: Record<AgingBucket, { amount: string; count: number }>;
  total: { amount: string; count: number };
}

interface Raw {
  currency: string;
  bucket: AgingBucket;
  amount: string;
  count: number;
}

/** Collectible invoices (open, overdue, partially paid) with money still due, per currency. */
export async function agingSummary(ctx: InvoiceContext): Promise<{ today: string; currencies: AgingRow[] }> {
  const today = await todayFor(ctx);
  const rows = await ctx.db.$queryRaw<Raw[]>`
    SELECT currency, bucket, sum("amountDue")::text AS amount, count(*)::int AS count
    FROM (
      SELECT currency, "amountDue",
        CASE
          WHEN ${toDbDate(today)}::date - "dueDate" <= 0 THEN 'current'
          WHEN ${toDbDate(today)}::date - "dueDate" <= 30 THEN 'd1_30'
          WHEN ${toDbDate(today)}::date - "dueDate" <= 60 THEN 'd31_60'
          WHEN ${toDbDate(today)}::date - "dueDate" <= 90 THEN 'd61_90'
          ELSE 'd90_plus'
        END AS bucket
      FROM "Invoice"
      WHERE "tenantId" = ${ctx.tenantId} AND status IN ('open', 'overdue', 'partially_paid') AND "amountDue" > 0
    ) aged
    GROUP BY currency, bucket
    ORDER BY currency`;
  const byCurrency = new Map<string, Raw[]>();
  for (const r of rows) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  const currencies = [...byCurrency].map(([currency, list]): AgingRow => {
    const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, { amount: "0.00", count: 0 }])) as AgingRow["buckets"];
    let amount = new Decimal(0);
    let count = 0;
    for (const r of list) {
      buckets[r.bucket] = { amount: new Decimal(r.amount).toFixed(2), count: r.count };
      amount = amount.plus(r.amount);
      count += r.count;
    }
    return { currency, buckets, total: { amount: amount.toFixed(2), count } };
  });
  return { today, currencies };
}
