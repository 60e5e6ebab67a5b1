import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { createContact } from "../contacts/contacts";
import { newBusiness } from "../contacts/test-helpers";
import { importInvoices, parseCsvDate, rejectionsCsv, type InvoiceImportOptions } from "./import";
import { listInvoices } from "./invoices";

const NOW = new Date("2027-06-15T12:00:00Z");

function run(tenantId: string, csv: string, options: InvoiceImportOptions = {}) {
  return withTenant({ tenantId }, (tx) => importInvoices({ db: tx, tenantId, actorId: null, now: () => NOW }, Readable.from([Buffer.from(csv)]), options), { timeout: 60_000 });
}

async function setup() {
  const tenant = await newBusiness({ country: "US", timezone: "America/Chicago" });
  await withTenant({ tenantId: tenant.id }, async (tx) => {
    const ctx = { db: tx, tenantId: tenant.id, actorId: null };
    await createContact(ctx, { givenName: "Ann", phone: "+1 415 555 0101" });
    await createContact(ctx, { givenName: "Bob", email: "bob@example.com" });
    await createContact(ctx, { givenName: "Cy", externalIds: [{ source: "csv", externalId: "C-9" }] });
  });
  return tenant;
}

// A UTF-8 BOM, `;` delimiters, a quoted summary with a newline, a blank line, and US dates.
const FILE = [
  "\uFEFFInvoice Number;Customer ID;Phone;Email;Currency;Total;Amount Paid;Invoice Date;Due Date;Description",
  "A-1;;(415) 555-0101;;usd;1,200.00;;05/01/2027;05/31/2027;\"Deck repair,\nlabour\"",
  "A-2;;;BOB@example.com;EUR;99,50;99,50;06/01/2027;06/30/2027;",
  "",
  "A-3;C-9;;;USD;300;100;06/10/2027;07/10/2027;",
  "A-4;;;nobody@example.com;USD;10;;06/01/2027;06/30/2027;",
  "A-5;;(415) 555-0101;;USD;12.345;;06/01/2027;06/30/2027;",
  ";;(415) 555-0101;;USD;12;;06/01/2027;06/30/2027;",
  "A-6;;(415) 555-0101;;USD;10;;31/12/2027;06/30/2027;",
  "A-7;;(415) 555-0101;;USD;10;20;06/01/2027;06/30/2027;",
  "A-8;;(415) 555-0101;;XYZ;10;;06/01/2027;06/30/2027;",
  "A-9;;;;USD;10;;06/01/2027;06/30/2027;",
].join("\r\n");

describe("invoice CSV import", () => {
  it("keeps good rows, reports each bad one by line, and matches contacts by id, phone or e-mail", async () => {
    const tenant = await setup();
    const result = await run(tenant.id, FILE);
    expect(result).toMatchObject({ processedRows: 10, created: 3, updated: 0, skipped: 0, rejectedCount: 7 });
    expect(result.rejections.map((r) => [r.line, r.reason.split(":")[0]])).toEqual([
      [7, "contact"],
      [8, "total"],
      [9, "number"],
      [10, "issueDate"],
      [11, "amountDue"],
      [12, "currency"],
      [13, "contact"],
    ]);
    expect(result.rejections[0]!.reason).toContain("nobody@example.com");

    const list = await withTenant({ tenantId: tenant.id }, (tx) => listInvoices({ db: tx, tenantId: tenant.id, actorId: null, now: () => NOW }, {}));
    const byNumber = Object.fromEntries(list.items.map((i) => [i.number, i]));
    expect(byNumber["A-1"]).toMatchObject({ contactName: "Ann", total: "1200.00", amountDue: "1200.00", dueDate: "2027-05-31", status: "overdue", source: "csv", lineSummary: "Deck repair,\nlabour" });
    expect(byNumber["A-2"]).toMatchObject({ contactName: "Bob", currency: "EUR", total: "99.50", amountDue: "0.00", status: "paid" });
    expect(byNumber["A-3"]).toMatchObject({ contactName: "Cy", amountDue: "200.00", status: "partially_paid" });

    const report = [...rejectionsCsv(result.headers, result.rejections)].join("");
    expect(report.split("\r\n")[0]).toBe("line,reason,Invoice Number,Customer ID,Phone,Email,Currency,Total,Amount Paid,Invoice Date,Due Date,Description");
    expect(report).toContain("7,contact: no contact matches nobody@example.com");
  });

  it("creates nothing new when the same file is imported twice, and updates what changed", async () => {
    const tenant = await setup();
    await run(tenant.id, FILE);
    const again = await run(tenant.id, FILE);
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 3, rejectedCount: 7 });
    const changed = await run(tenant.id, FILE.replace("A-3;C-9;;;USD;300;100", "A-3;C-9;;;USD;300;250"));
    expect(changed).toMatchObject({ created: 0, updated: 1, skipped: 2 });
  });

  it("upserts by external id, so a renumbered invoice is updated rather than duplicated", async () => {
    const tenant = await setup();
    const header = "id,number,email,currency,total,issue date,due date\r\n";
    expect(await run(tenant.id, header + "z-1,B-1,bob@example.com,USD,10,2027-06-01,2027-06-30\r\n")).toMatchObject({ created: 1 });
    expect(await run(tenant.id, header + "z-1,B-1-R,bob@example.com,USD,10,2027-06-01,2027-06-30\r\n")).toMatchObject({ created: 0, updated: 1 });
    // A different external id claiming an existing number is refused, not merged.
    const clash = await run(tenant.id, header + "z-2,B-1-R,bob@example.com,USD,10,2027-06-01,2027-06-30\r\n");
    expect(clash.rejections[0]!.reason).toContain("already used");
  });

  it("writes what the file says last when it changes a stored invoice twice, and gives a number-matched invoice its id", async () => {
    const tenant = await setup();
    const header = "id,number,email,currency,total,amount paid,issue date,due date,description\r\n";
    expect(await run(tenant.id, header + ",B-7,bob@example.com,USD,100,,2027-06-01,2027-06-30,first\r\n")).toMatchObject({ created: 1 });
    const again = await run(
      tenant.id,
      header +
        "x-7,B-7,bob@example.com,USD,100,40,2027-06-01,2027-07-15,second\r\n" +
        ",B-7,bob@example.com,USD,120,40,2027-06-01,2027-07-20,third\r\n",
    );
    expect(again).toMatchObject({ created: 0, updated: 2, rejectedCount: 0 });
    const [stored] = await withTenant({ tenantId: tenant.id }, (tx) => tx.invoice.findMany({ where: { tenantId: tenant.id } }));
    expect(stored).toMatchObject({ number: "B-7", externalId: "x-7", source: "csv", lineSummary: "third", status: "partially_paid" });
    expect(stored!.total.toFixed(2)).toBe("120.00");
    expect(stored!.amountDue.toFixed(2)).toBe("80.00");
    expect(stored!.dueDate.toISOString().slice(0, 10)).toBe("2027-07-20");
    // The stored invoice now answers to its external id: renumbering by id updates it.
    expect(await run(tenant.id, header + "x-7,B-8,bob@example.com,USD,120,40,2027-06-01,2027-07-20,third\r\n")).toMatchObject({ created: 0, updated: 1 });
    // Given an id and renumbered by it within one file: one invoice, updated twice.
    await run(tenant.id, header + ",C-1,bob@example.com,USD,10,,2027-06-01,2027-06-30,\r\n");
    const both = await run(tenant.id, header + "y-1,C-1,bob@example.com,USD,10,,2027-06-01,2027-06-30,\r\ny-1,C-2,bob@example.com,USD,10,,2027-06-01,2027-06-30,\r\n");
    expect(both).toMatchObject({ created: 0, updated: 2, rejectedCount: 0 });
    const numbers = await withTenant({ tenantId: tenant.id }, (tx) => tx.invoice.findMany({ where: { tenantId: tenant.id }, select: { number: true, externalId: true }, orderBy: { number: "asc" } }));
    expect(numbers).toEqual([{ number: "B-8", externalId: "x-7" }, { number: "C-2", externalId: "y-1" }]);
  });

  it("refuses a file without the columns an invoice needs, and an empty file", async () => {
    const tenant = await setup();
    await expect(run(tenant.id, "name,phone\r\nAnn,4155550101\r\n")).rejects.toThrow("number, total, issueDate");
    await expect(run(tenant.id, "")).rejects.toThrow("empty");
  });

  it("reads dates in the order the business's country writes them", () => {
    expect(parseCsvDate("03/04/2027", "mdy")).toBe("2027-03-04");
    expect(parseCsvDate("03/04/2027", "dmy")).toBe("2027-04-03");
    expect(parseCsvDate("2027-02-29", "dmy")).toBeNull();
    expect(parseCsvDate("31/12/2027", "mdy")).toBeNull();
    expect(parseCsvDate("2027-03-04T00:00:00Z", "mdy")).toBe("2027-03-04");
    expect(parseCsvDate("14.03.2027", "dmy")).toBe("2027-03-14");
  });
});
