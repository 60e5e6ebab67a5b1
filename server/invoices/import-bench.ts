// `npm run bench:invoice-import [-- --rows 20000]`: the invoice CSV import (no budget in issue #3;
// figures in docs/performance.md, "Invoice CSV import"), through the real service in a tenant
// transaction as the import_invoices job runs it. A new business of 5,000 contacts; the file's
// invoices name their contact by phone (in the business's local format) or by e-mail, in turn.
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { withMigratedDatabase } from "../boot";
import { systemDb, withTenant } from "../db";
import { importInvoices } from "./import";

const CONTACTS = 5_000;

function phoneOf(i: number) {
  return `415${String(5_000_000 + (i % CONTACTS)).padStart(7, "0")}`;
}

/** A deterministic invoice export: numbers, a contact by phone or e-mail, amounts, some part paid. */
export function invoicesCsv(rows: number): string {
  const lines = ["Invoice Number,Phone,Email,Currency,Total,Amount Paid,Invoice Date,Due Date,Description"];
  for (let i = 0; i < rows; i += 1) {
    const p = phoneOf(i);
    const contact = i % 2 ? `(${p.slice(0, 3)}) ${p.slice(3, 6)}-${p.slice(6)},` : `,c${i % CONTACTS}@example.com`;
    lines.push(`INV-${i},${contact},USD,${(i % 997) + 10}.50,${i % 3 ? "" : "5"},05/01/2026,06/${10 + (i % 18)}/2026,Cleaning visit ${i}`);
  }
  return lines.join("\n");
}

export async function runInvoiceImportBench(rows: number) {
  const tenant = await systemDb().tenant.create({
    data: { name: "Invoice import bench", slug: `invoice-bench-${Date.now()}`, country: "US", timezone: "America/Chicago" },
  });
  try {
    await systemDb().contact.createMany({
      data: Array.from({ length: CONTACTS }, (_, i) => ({
        tenantId: tenant.id,
        givenName: `Given${i}`,
        familyName: `Family${i}`,
        phone: `+1${phoneOf(i)}`,
        email: `c${i}@example.com`,
        timezone: "America/Chicago",
      })),
    });
    const csv = invoicesCsv(rows);
    console.log(`\n| Invoice CSV import, ${rows.toLocaleString("en-US")} rows | seconds | created | updated | skipped | rejected |\n|---|---|---|---|---|---|`);
    for (const label of ["first import", "same file again"]) {
      const started = performance.now();
      const r = await withTenant(
        { tenantId: tenant.id },
        (tx) => importInvoices({ db: tx, tenantId: tenant.id, actorId: null }, Readable.from([Buffer.from(csv)])),
        { timeout: 600_000 },
      );
      console.log(`| ${label} | ${((performance.now() - started) / 1000).toFixed(1)} | ${r.created} | ${r.updated} | ${r.skipped} | ${r.rejectedCount} |`);
      if (r.rejectedCount) throw new Error(`rows rejected: ${JSON.stringify(r.rejections.slice(0, 3))}`);
    }
  } finally {
    await systemDb().invoice.deleteMany({ where: { tenantId: tenant.id } });
    await systemDb().tenant.delete({ where: { id: tenant.id } });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--rows");
  const rows = at > 0 ? Number(process.argv[at + 1]) : 20_000;
  await withMigratedDatabase(() => runInvoiceImportBench(rows));
}
