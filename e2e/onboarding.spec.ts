// The first journey of a business: sign up, invite a teammate, the teammate accepts through the
// link in the Outbox (no SMTP here), then log out and back in.
import { expect, test } from "@playwright/test";

const shots = "e2e/.artifacts";

test("sign up, invite a teammate who accepts from the outbox, log out and in", async ({ page, browser }) => {
  const suffix = Date.now().toString(36);
  const owner = { name: "Maya Ortiz", email: `maya+${suffix}@example.com`, password: "correct-horse-battery-9" };
  const mate = { name: "Sam Lee", email: `sam+${suffix}@example.com`, password: "staple-orbit-lantern-4" };

  await page.goto("/signup");
  await page.getByLabel("Business name").fill(`Ortiz Plumbing ${suffix}`);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: /create/i }).click();

  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Contacts" })).toBeVisible();
  await page.screenshot({ path: `${shots}/01-dashboard.png`, fullPage: true });

  await page.goto("/settings/team");
  await page.getByLabel("E-mail").fill(mate.email);
  await page.getByLabel("Role").selectOption("staff");
  await page.getByRole("button", { name: /invite/i }).click();
  await expect(page.getByText(`Invite sent to ${mate.email}`)).toBeVisible();
  await expect(page.getByRole("cell", { name: mate.email })).toBeVisible();
  await page.screenshot({ path: `${shots}/02-team.png`, fullPage: true });

  await page.goto("/settings/outbox");
  await page.getByRole("cell", { name: /^Join Ortiz Plumbing/ }).click();
  const link = page.getByRole("link", { name: /\/invite\// });
  const inviteUrl = await link.first().getAttribute("href");
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]+/);
  await page.screenshot({ path: `${shots}/03-outbox.png`, fullPage: true });

  const other = await browser.newContext();
  const matePage = await other.newPage();
  await matePage.goto(inviteUrl!);
  await expect(matePage.getByText(/Ortiz Plumbing/)).toBeVisible();
  await matePage.getByLabel("Your name").fill(mate.name);
  await matePage.getByLabel("Choose a password").fill(mate.password);
  await matePage.getByRole("button", { name: /join|accept/i }).click();
  await expect(matePage).toHaveURL(/\/dashboard/);
  await matePage.screenshot({ path: `${shots}/04-teammate-dashboard.png`, fullPage: true });
  await other.close();

  await page.goto("/settings/team");
  await expect(page.getByRole("cell", { name: mate.email })).toBeVisible();

  await page.getByRole("button", { name: new RegExp(owner.name) }).click();
  await page.getByRole("menuitem", { name: /^log out$/i }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.screenshot({ path: `${shots}/05-back-in.png`, fullPage: true });
});
