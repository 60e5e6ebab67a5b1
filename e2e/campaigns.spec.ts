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

const seeded = { campaignId: "", taskId: "", contactName: "", farCampaignId: "", farTaskId: "" };
// A number unique to this run (a retry seeds again into the same database; afterAll removes the rows).
const PHONE = `+1215555${String(parseInt(randomUUID().slice(0, 8), 16) % 10_000).padStart(4, "0")}`;
const pgClient = () => new pg.Client({ connectionString: `postgresql://postgres:switchboard@127.0.0.1:${process.env.E2E_PG_PORT ?? "5436"}/switchboard` });

// A campaign task the guard deferred for a state holiday, written straight into the e2e database
// (the planner and dispatcher run on a timer; their own behaviour is covered by Vitest).
test.beforeAll(async () => {
  const client = pgClient();
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
       VALUES ($1, $2, $3, 'contact', $4, $4, $8, 'waiting', $5, $6, 'holiday', $7, now())`,
      [seeded.taskId, contact.tenantId, seeded.campaignId, contact.id, due, new Date("2026-12-26T14:00:00Z"), HOLIDAY_REASON, PHONE],
    );
    await client.query(
      `INSERT INTO "GuardDecision" (id, "tenantId", "taskId", decision, "reasonCode", reason, "nextAllowedAt", at) VALUES ($1, $2, $3, 'defer', 'holiday', $4, $5, now())`,
      [`e2e-decision-${randomUUID()}`, contact.tenantId, seeded.taskId, HOLIDAY_REASON, new Date("2026-12-26T14:00:00Z")],
    );
    // A second campaign whose linked task comes after 120 others (the page lists the first 100).
    seeded.farCampaignId = `e2e-campaign-${randomUUID()}`;
    seeded.farTaskId = `e2e-task-far-${randomUUID()}`;
    await client.query(
      `INSERT INTO "Campaign" (id, "tenantId", type, name, status, settings, "updatedAt") VALUES ($1, $2, 'list', 'Long queue', 'paused', '{"tag":"e2e"}', now())`,
      [seeded.farCampaignId, contact.tenantId],
    );
    await client.query(
      `INSERT INTO "CallTask" (id, "tenantId", "campaignId", "subjectType", "subjectId", "contactId", phone, state, "dueAt", "nextAttemptAt", "updatedAt")
       SELECT CASE WHEN i = 121 THEN $4 ELSE $1 || '-' || i END, $2, $1, 'contact', 'far-' || i, $3, $5, 'waiting', $6, $6::timestamp + i * interval '1 minute', now()
         FROM generate_series(1, 121) i`,
      [seeded.farCampaignId, contact.tenantId, contact.id, seeded.farTaskId, PHONE, due],
    );
  } finally {
    await client.end();
  }
});

test.afterAll(async () => {
  const client = pgClient();
  await client.connect();
  try {
    const ids = [seeded.campaignId, seeded.farCampaignId];
    await client.query(`DELETE FROM "GuardDecision" WHERE "taskId" IN (SELECT id FROM "CallTask" WHERE "campaignId" = ANY($1))`, [ids]);
    await client.query(`DELETE FROM "CallTask" WHERE "campaignId" = ANY($1)`, [ids]);
    await client.query(`DELETE FROM "Campaign" WHERE id = ANY($1)`, [ids]);
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
    const card = cards.getByRole("listitem").filter({ hasText: PHONE });
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
    const row = page.getByRole("row").filter({ hasText: PHONE });
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

  test("View task opens a task beyond the first 100 in the queue", async ({ page }) => {
    await signIn(page);
    await page.goto(`/campaigns/${seeded.farCampaignId}?task=${seeded.farTaskId}`);
    await expect(page.getByText("The linked task is shown first: it is not among the first 100 in the queue.")).toBeVisible();
    const task = page.getByRole("row").and(page.locator(`[data-task-id="${seeded.farTaskId}"]`));
    await expect(task).toHaveAttribute("aria-current", "true");
    await expect(task).toBeVisible();
    await expect(task).toContainText(seeded.contactName);
    await page.screenshot({ path: `${shots}/campaign-queue-far-1280.png`, fullPage: false });
  });
});
