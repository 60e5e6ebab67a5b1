// Project journey: add a project by hand for a client picked by name (the booking form's contact
// search), then change its name, due date, owner and client on its page, and find it on the list.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_LOGIN } from "../prisma/seed";

const shots = "e2e/.artifacts";

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

async function addContact(page: Page, givenName: string, familyName: string, last4: string) {
  await page.goto("/contacts/new");
  await page.getByLabel("First name").fill(givenName);
  await page.getByLabel("Last name").fill(familyName);
  await page.getByLabel("Phone", { exact: true }).fill(`(312) 555-${last4}`);
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("heading", { name: `${givenName} ${familyName}` })).toBeVisible();
}

async function pickContact(page: Page, name: string) {
  await page.getByRole("combobox", { name: "Client contact" }).fill(name);
  await page.getByRole("option", { name: new RegExp(name) }).click();
}

test("add a project for a client, then edit its details", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const last4 = String(Date.now() % 10_000).padStart(4, "0");
  const other4 = String((Date.now() + 1) % 10_000).padStart(4, "0");
  await signIn(page);
  await addContact(page, "Priya", `Nair${suffix}`, last4);
  await addContact(page, "Tomas", `Berg${suffix}`, other4);

  await page.goto("/projects");
  await page.getByRole("link", { name: "New project" }).first().click();
  await expect(page.getByRole("heading", { name: "New project" })).toBeVisible();

  // A name is required: the form says so beside the field.
  await page.getByRole("button", { name: "Add project" }).click();
  await expect(page).toHaveURL(/\/projects\/new/);

  await page.getByLabel("Project name").fill(`Website ${suffix}`);
  await pickContact(page, `Nair${suffix}`);
  await page.getByLabel("Company").fill("Nair Studio");
  await page.getByLabel("Due date").fill("2027-03-14");
  await page.getByLabel("Owner").selectOption({ label: "Dana Whitfield" });
  await page.getByLabel("Status").selectOption({ label: "In progress" });
  await page.getByLabel("Latest update").fill("Wireframes approved; design next.");
  await page.screenshot({ path: `${shots}/projects-01-new.png`, fullPage: true });
  await page.getByRole("button", { name: "Add project" }).click();

  await expect(page.getByText(`Project "Website ${suffix}" added`)).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(`Website ${suffix}`) })).toContainText("In progress");
  await expect(page.getByRole("link", { name: `Priya Nair${suffix}` }).first()).toBeVisible();
  await expect(page.getByText("Mar 14, 2027")).toBeVisible();
  await expect(page.getByText("Wireframes approved; design next.")).toBeVisible();

  // Edit: new name, later due date, nobody owns it, and another client.
  await page.getByLabel("Project name").fill(`Website relaunch ${suffix}`);
  await page.getByLabel("Due date").fill("2027-04-30");
  await page.getByLabel("Owner").selectOption({ label: "Nobody yet" });
  await page.getByRole("button", { name: new RegExp(`Remove Priya Nair${suffix}`) }).click();
  await pickContact(page, `Berg${suffix}`);
  await page.getByRole("button", { name: "Save details" }).click();

  await expect(page.getByText("Project details saved")).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(`Website relaunch ${suffix}`) })).toBeVisible();
  await expect(page.getByRole("link", { name: `Tomas Berg${suffix}` }).first()).toBeVisible();
  await expect(page.getByText("Apr 30, 2027")).toBeVisible();
  await expect(page.getByText("Nobody yet").first()).toBeVisible();
  await page.screenshot({ path: `${shots}/projects-02-edited.png`, fullPage: true });

  await page.goto("/projects");
  await page.getByRole("searchbox", { name: "Search" }).fill(`relaunch ${suffix}`);
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page.getByRole("link", { name: `Website relaunch ${suffix}` })).toBeVisible();
});
