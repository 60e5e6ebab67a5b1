// Invoices journey: the demo owner imports a CSV of invoices with one bad row, sees the counts
// and the rejected line, downloads the error report, then records a payment on an imported invoice.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { DEMO_LOGIN } from "../prisma/seed";

const shots = "e2e/.artifacts";

function isoDaysAgo(days: number) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

test("import invoices with a bad row, download the rejected lines, record a payment", async ({ page, baseURL }) => {
  const suffix = Date.now().toString(36);
  const email = `ines+${suffix}@example.com`;

  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  // The demo business has no contacts: create the one the file names through the contacts API.
  const created = await page.request.post("/api/trpc/contacts.create", {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    data: { json: { givenName: "Inès", familyName: "Moreau", email } },
  });
  expect(created.ok()).toBe(true);

  const csv = [
    "Invoice Number,Customer Email,Currency,Total,Invoice Date,Due Date,Description",
    `E2E-${suffix}-1,${email},USD,250.00,${isoDaysAgo(40)},${isoDaysAgo(10)},Spring tune-up`,
    `E2E-${suffix}-2,${email},USD,12.345,${isoDaysAgo(40)},${isoDaysAgo(10)},Typo in the total`,
  ].join("\n");

  await page.goto("/invoices/import");
  await page.getByLabel("CSV file").setInputFiles({ name: "invoices.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(page.getByLabel("Invoice Number")).toHaveValue("number");
  await expect(page.getByText(/^total: .*more than two decimals/)).toBeVisible();
  await page.screenshot({ path: `${shots}/invoices-01-mapping.png`, fullPage: true });

  await page.getByRole("button", { name: "Import invoices" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible();
  const count = (label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd");
  await expect(count("Created")).toHaveText("1");
  await expect(count("Rejected")).toHaveText("1");
  await expect(page.getByRole("row", { name: /^3 total:/ })).toBeVisible();
  await page.screenshot({ path: `${shots}/invoices-02-result.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download rejected lines" }).click()]);
  expect(download.suggestedFilename()).toBe("invoices-rejected-lines.csv");
  const report = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").split("\r\n");
  expect(report[0]).toBe("line,reason,Invoice Number,Customer Email,Currency,Total,Invoice Date,Due Date,Description");
  expect(report[1]).toBe(
    `3,"total: ""12.345"" has more than two decimals",E2E-${suffix}-2,${email},USD,12.345,${isoDaysAgo(40)},${isoDaysAgo(10)},Typo in the total`,
  );
  expect(report.filter(Boolean)).toHaveLength(2);

  await page.getByRole("link", { name: "See invoices" }).click();
  // The demo business has dozens of invoices: find the imported one by its number.
  await page.getByRole("searchbox", { name: "Search" }).fill(`E2E-${suffix}-1`);
  await page.getByRole("link", { name: `E2E-${suffix}-1` }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Invoice E2E-${suffix}-1`) })).toContainText("Overdue");

  await page.getByLabel("Amount (USD)").first().fill("300");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText(/more than the \$250\.00 still due/)).toBeVisible();

  await page.getByLabel("Amount (USD)").first().fill("100");
  await page.getByLabel("Method").fill("Card");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText("Payment recorded")).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(`Invoice E2E-${suffix}-1`) })).toContainText("Partially paid");
  await expect(page.getByRole("row", { name: /\$100\.00 Card/ })).toBeVisible();
  await page.screenshot({ path: `${shots}/invoices-03-invoice.png`, fullPage: true });
});
