// Safeguards and campaign queue on a phone and on a desktop: the guard's recent decisions read as
// stacked cards below the md breakpoint (reason in full, the holiday code labelled) and as a table
// above it; "View task" opens the campaign with that task highlighted.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";

// The demo owner (prisma/seed.ts DEMO_LOGIN), inlined: see e2e/workflows.spec.ts.
const DEMO_LOGIN = { email: "owner@demo.switchboard.local", password: "demo-switchboard-2026" };
const shots = "e2e/.artifacts";
const HOLIDAY_REASON =
  "No calls on legal holidays in PA: Christmas Day (73 P.S. 2245 as amended in 2019; 44 P.S. 11); next window Sat, Dec 26, 9:00 AM EST (callee's time America/New_York, from area code 215 (PA))";

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

const seeded = { campaignId: "", taskId: "", contactName: "" };

// A campaign task the guard deferred for a state holiday, written straight into the e2e database
// (the planner and dispatcher run on a timer; their own behaviour is covered by Vitest).
test.beforeAll(async () => {
  const client = new pg.Client({ connectionString: `postgresql://postgres:switchboard@127.0.0.1:${process.env.E2E_PG_PORT ?? "5436"}/switchboard` });
  await client.connect();
  try {
    const { rows } = await client.query<{ tenantId: string; id: string; name: string }>(
      `SELECT c."tenantId", c.id, trim(c."givenName" || ' ' || c."familyName") AS name
         FROM "Contact" c JOIN "Membership" m ON m."tenantId" = c."tenantId" JOIN "User" u ON u.id = m."userId"
        WHERE u.email = $1 AND c."givenName" <> '' ORDER BY c.id LIMIT 1`,
      [DEMO_LOGIN.email],
    );
    const contact = rows[0]!;
    seeded.campaignId = `e2e-campaign-${randomUUID()}`;
    seeded.taskId = `e2e-task-${randomUUID()}`;
    seeded.contactName = contact.name;
    const due = new Date("2026-12-25T15:00:00Z");
    await client.query(
      `INSERT INTO "Campaign" (id, "tenantId", type, name, status, settings, "updatedAt") VALUES ($1, $2, 'list', 'Holiday check-ins', 'paused', '{"tag":"e2e"}', now())`,
      [seeded.campaignId, contact.tenantId],
    );
    await client.query(
      `INSERT INTO "CallTask" (id, "tenantId", "campaignId", "subjectType", "subjectId", "contactId", phone, state, "dueAt", "nextAttemptAt", "reasonCode", reason, "updatedAt")
       VALUES ($1, $2, $3, 'contact', $4, $4, '+12155550188', 'waiting', $5, $6, 'holiday', $7, now())`,
      [seeded.taskId, contact.tenantId, seeded.campaignId, contact.id, due, new Date("2026-12-26T14:00:00Z"), HOLIDAY_REASON],
    );
    await client.query(
      `INSERT INTO "GuardDecision" (id, "tenantId", "taskId", decision, "reasonCode", reason, "nextAllowedAt", at) VALUES ($1, $2, $3, 'defer', 'holiday', $4, $5, now())`,
      [`e2e-decision-${randomUUID()}`, contact.tenantId, seeded.taskId, HOLIDAY_REASON, new Date("2026-12-26T14:00:00Z")],
    );
  } finally {
    await client.end();
  }
});

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("guard decisions are stacked cards with the full reason; View task highlights the task in the queue", async ({ page }) => {
    await signIn(page);
    await page.goto("/campaigns/safeguards");
    const cards = page.getByRole("list", { name: "Recent guard decisions" });
    await expect(cards).toBeVisible();
    await expect(page.getByRole("table")).toBeHidden();
    const card = cards.getByRole("listitem").filter({ hasText: "+12155550188" });
    await expect(card.getByText("Deferred", { exact: true })).toBeVisible();
    await expect(card.getByText("Legal holiday", { exact: true })).toBeVisible();
    await expect(card.getByText(HOLIDAY_REASON)).toBeVisible();
    expect(await noSidewaysScroll(page)).toBe(0);
    await page.screenshot({ path: `${shots}/safeguards-390.png`, fullPage: true });

    await card.getByRole("link", { name: "View task" }).click();
    await expect(page).toHaveURL(new RegExp(`/campaigns/${seeded.campaignId}\\?task=${seeded.taskId}`));
    const queue = page.getByRole("list", { name: "Queue" });
    const task = queue.locator('[aria-current="true"]');
    await expect(task).toBeVisible();
    await expect(task).toContainText(seeded.contactName);
    await expect(task.getByText("Legal holiday", { exact: true })).toBeVisible();
    await expect(task.getByText(HOLIDAY_REASON)).toBeVisible();
    expect(await noSidewaysScroll(page)).toBe(0);
    await page.screenshot({ path: `${shots}/campaign-queue-390.png`, fullPage: true });
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 900 } });

  test("guard decisions and the queue stay tables", async ({ page }) => {
    await signIn(page);
    await page.goto("/campaigns/safeguards");
    await expect(page.getByRole("list", { name: "Recent guard decisions" })).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: "+12155550188" });
    await expect(row.getByText("Legal holiday", { exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: HOLIDAY_REASON })).toBeVisible();
    expect(await noSidewaysScroll(page)).toBe(0);

    await page.goto(`/campaigns/${seeded.campaignId}`);
    await expect(page.getByRole("list", { name: "Queue" })).toBeHidden();
    const taskRow = page.getByRole("row").filter({ hasText: seeded.contactName });
    await expect(taskRow.getByText("Waiting", { exact: true })).toBeVisible();
    await expect(taskRow.getByText("Legal holiday", { exact: true })).toBeVisible();
    expect(await noSidewaysScroll(page)).toBe(0);
  });
});
