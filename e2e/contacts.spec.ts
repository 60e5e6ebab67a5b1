// Contacts journey: the demo owner imports a CSV with two bad rows through the UI (the import
// runs as a background job with a progress bar), sees the counts and the rejected lines,
// downloads the error report, then finds an imported contact by a differently written number,
// opens it and adds a note. Screenshots of the pages, light and dark, wide and phone-sized.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_LOGIN } from "../prisma/seed";

const shots = "e2e/.artifacts";

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/contacts-${name}-${scheme}-${width}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("import contacts with bad rows, download the rejected lines, find one by phone", async ({ page }) => {
  const suffix = Date.now().toString(36);
  // A number of our own each run, so a re-run against the same database still creates contacts.
  const last4 = String(Date.now() % 10_000).padStart(4, "0");
  const csv = [
    "First Name,Last Name,Mobile,E-mail Address,Company,Tags",
    `Rosa,Delgado-${suffix},(415) 555-${last4},rosa.${suffix}@example.com,Delgado Plumbing,vip`,
    `Ana,Short,12,ana.${suffix}@example.com,,`,
    `"Zoë","Ünal-${suffix}",,zoe.${suffix}@example.com,"Café ""Ünal""",`,
    `Marc,Broken,,not-an-email,,`,
  ].join("\r\n");

  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/contacts");
  await page.getByRole("link", { name: "Import CSV" }).first().click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
  // The file input works once React has hydrated the page.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("CSV file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("heading", { name: "Match the columns" })).toBeVisible();
  await expect(page.getByLabel("Mobile")).toHaveValue("phone");
  await expect(page.getByLabel("E-mail Address")).toHaveValue("email");
  // The preview checks each row as the import will: the short number and the bad address.
  await expect(page.getByText('phone: "12" is not a phone number')).toBeVisible();
  await expect(page.getByText(/^email: Not a valid e-mail address/)).toBeVisible();
  await shoot(page, "01-mapping");

  await page.getByRole("button", { name: "Import contacts" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
  const count = (label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd");
  await expect(count("Created")).toHaveText("2");
  await expect(count("Rejected")).toHaveText("2");
  await expect(page.getByRole("row", { name: /^3 phone: "12" is not a phone number/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /^5 email: Not a valid e-mail address/ })).toBeVisible();
  await shoot(page, "02-result");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download rejected lines" }).click()]);
  expect(download.suggestedFilename()).toBe("contacts-rejected-lines.csv");
  const report = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
  expect(report).toEqual([
    "line,reason,First Name,Last Name,Mobile,E-mail Address,Company,Tags",
    `3,"phone: ""12"" is not a phone number",Ana,Short,12,ana.${suffix}@example.com,,`,
    "5,email: Not a valid e-mail address,Marc,Broken,,not-an-email,,",
  ]);

  // Search with the number written another way than the file had it.
  await page.getByRole("link", { name: "See contacts" }).click();
  await page.getByLabel("Search").fill(`+1 415-555-${last4}`);
  await expect(page).toHaveURL(new RegExp(`q=%2B1\\+415-555-${last4}`));
  const row = page.getByRole("row", { name: new RegExp(`Rosa Delgado-${suffix}`) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(`+1 415 555 ${last4}`);
  await shoot(page, "03-search");

  // The export follows the list's filter: just the one match, in columns the importer reads back.
  const [exported] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const exportRows = (await readFile((await exported.path())!, "utf8")).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
  expect(exportRows).toHaveLength(2);
  expect(exportRows[0]).toMatch(/^id,first name,last name,company,title,phone,/);
  expect(exportRows[1]).toContain(`,Rosa,Delgado-${suffix},Delgado Plumbing,,+1415555${last4},`);

  await row.getByRole("link", { name: `Rosa Delgado-${suffix}` }).click();
  await expect(page.getByRole("heading", { name: `Rosa Delgado-${suffix}` })).toBeVisible();
  await page.getByLabel("Add a note").fill("Wants a quote for the boiler");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added")).toBeVisible();
  await expect(page.getByText("Wants a quote for the boiler")).toBeVisible();
  await shoot(page, "04-contact");

  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue(`+1 415 555 ${last4}`);
  await page.getByLabel("Tags").fill("vip, boiler");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Contact saved")).toBeVisible();
  await expect(page.getByRole("link", { name: "boiler" })).toBeVisible();

  // Adding the same person again by hand: the number, typed another way, gives them away.
  await page.goto("/contacts/new");
  await page.getByLabel("First name").fill("Rosa");
  await page.getByLabel("Phone", { exact: true }).fill(`415.555.${last4}`);
  await page.getByLabel("Job title").fill("Owner");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("This looks like someone you already have")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: `Rosa Delgado-${suffix}` })).toBeVisible();
  await shoot(page, "05-duplicate");
  await page.getByRole("button", { name: "Merge into this one" }).click();
  await expect(page.getByRole("heading", { name: `Rosa Delgado-${suffix}` })).toBeVisible();
  await expect(page.getByText(`Merged into Rosa Delgado-${suffix}`)).toBeVisible();
  // The title typed on the form filled the empty field; the note is still there.
  await expect(page.getByText("Owner, Delgado Plumbing")).toBeVisible();
  await expect(page.getByText("Wants a quote for the boiler")).toBeVisible();

  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete contact" }).click();
  await expect(page.getByText("Contact deleted")).toBeVisible();
  await expect(page).toHaveURL(/\/contacts$/);
  await shoot(page, "06-list");
});
