import { describe, expect, it } from "vitest";
import { signedInMember } from "../testing/members";

// Default tenant country is US (month-first dates).
const SAMPLE = [
  "Invoice No,Customer Email,Currency,Amount,Invoice Date,Due Date",
  "INV-1,ann@example.com,USD,120.00,05/01/2027,05/31/2027",
  "INV-2,ann@example.com,USD,12.345,05/01/2027,05/31/2027",
  "INV-3,ann@example.com,USD,50,13/45/2027,05/31/2027",
  "INV-4,,USD,50,05/01/2027,05/31/2027",
  "INV-5,cut@exam",
].join("\n");

describe("invoices router: importPreview", () => {
  it("guesses the mapping and points each refused row at the column at fault", async () => {
    const staff = await signedInMember("staff");
    const preview = await staff.caller.invoices.importPreview({ sample: SAMPLE, truncated: true });
    expect(preview.headers).toEqual(["Invoice No", "Customer Email", "Currency", "Amount", "Invoice Date", "Due Date"]);
    expect(preview.mapping).toEqual({ "0": "number", "1": "contactEmail", "2": "currency", "3": "total", "4": "issueDate", "5": "dueDate" });
    expect(preview.missing).toEqual([]);
    // The cut-off last record is left out rather than judged.
    expect(preview.rows.map((r) => [r.line, r.problem?.column ?? null])).toEqual([
      [2, null],
      [3, 3],
      [4, 4],
      [5, null],
    ]);
    expect(preview.rows[0]!.problem).toBeNull();
    expect(preview.rows[1]!.problem!.message).toMatch(/^total: .*more than two decimals/);
    expect(preview.rows[3]!.problem!.message).toMatch(/^contact:/);
  });

  it("uses the mapping chosen on the screen and names the required fields still unmapped", async () => {
    const staff = await signedInMember("staff");
    const preview = await staff.caller.invoices.importPreview({ sample: SAMPLE, mapping: { "0": "number", "1": "contactEmail" } });
    expect(preview.missing).toEqual(["total", "issueDate"]);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]!.problem).toMatchObject({ column: null, message: expect.stringMatching(/^currency:/) });
  });

  it("refuses viewers", async () => {
    const viewer = await signedInMember("viewer");
    await expect(viewer.caller.invoices.importPreview({ sample: SAMPLE })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
