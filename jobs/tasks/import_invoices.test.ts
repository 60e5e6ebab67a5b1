import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../../server/db";
import { createContact } from "../../server/contacts/contacts";
import { newBusiness } from "../../server/contacts/test-helpers";
import importInvoicesTask from "./import_invoices";

const helpers = { logger: { info() {}, debug() {}, warn() {}, error() {} }, job: { attempts: 1, max_attempts: 25 } } as unknown as JobHelpers;

function upload(csv: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "invoices-import-")), "invoices.csv");
  writeFileSync(path, csv);
  return path;
}

const CSV = [
  "Invoice Number,Customer Email,Total,Invoice Date,Due Date",
  "INV-1,bob@example.com,120.00,03/04/2027,04/04/2027",
  "INV-2,nobody@example.com,50.00,03/04/2027,04/04/2027",
  "INV-3,bob@example.com,12.345,03/04/2027,04/04/2027",
].join("\n");

describe("import_invoices task", () => {
  it("imports with the stored mapping and options, keeps the rejected lines, and removes the file", async () => {
    const biz = await newBusiness();
    await withTenant({ tenantId: biz.id }, (tx) => createContact({ db: tx, tenantId: biz.id, actorId: null }, { givenName: "Bob", email: "bob@example.com" }));
    const storagePath = upload(CSV);
    const record = await systemDb().invoiceImport.create({
      data: {
        tenantId: biz.id,
        fileName: "invoices.csv",
        storagePath,
        mapping: { "0": "number", "1": "contactEmail", "2": "total", "3": "issueDate", "4": "dueDate" },
        // Day first and euros: "03/04/2027" is 3 April.
        options: { defaultCurrency: "EUR", dateOrder: "dmy" },
      },
    });
    await importInvoicesTask({ tenantId: biz.id, importId: record.id }, helpers);

    const done = await systemDb().invoiceImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(done).toMatchObject({ status: "completed", processedRows: 3, created: 1, rejectedCount: 2, error: null });
    expect(done.rejections).toMatchObject({ headers: ["Invoice Number", "Customer Email", "Total", "Invoice Date", "Due Date"], rows: [{ line: 3 }, { line: 4 }] });
    expect(existsSync(storagePath)).toBe(false);
    const invoice = await systemDb().invoice.findFirstOrThrow({ where: { tenantId: biz.id, number: "INV-1" } });
    expect(invoice.currency).toBe("EUR");
    expect(invoice.issueDate.toISOString().slice(0, 10)).toBe("2027-04-03");

    // Run again (a retried job): already completed, nothing happens twice.
    await importInvoicesTask({ tenantId: biz.id, importId: record.id }, helpers);
    expect(await systemDb().invoice.count({ where: { tenantId: biz.id } })).toBe(1);
  });

  it("fails an unusable file with its reason and does not retry it", async () => {
    const biz = await newBusiness();
    const storagePath = upload("Just,Some,Columns\n1,2,3\n");
    const record = await systemDb().invoiceImport.create({ data: { tenantId: biz.id, fileName: "x.csv", storagePath } });
    await importInvoicesTask({ tenantId: biz.id, importId: record.id }, helpers);
    const failed = await systemDb().invoiceImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/No column was matched/);
  });

  it("cannot read another business's import", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const record = await systemDb().invoiceImport.create({ data: { tenantId: a.id, fileName: "x.csv", storagePath: upload(CSV) } });
    const seen = await withTenant({ tenantId: b.id }, (tx) => tx.invoiceImport.findFirst({ where: { id: record.id } }));
    expect(seen).toBeNull();
  });
});
