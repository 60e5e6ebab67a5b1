// Workflow journey: start from the scheduling template, add a scenario test that pins one
// question's wording, change that question and watch the test fail (with its reason), fix it,
// publish, then talk to the published workflow on the test-call page.
import { expect, test, type Page } from "@playwright/test";

const shots = "e2e/.artifacts";
// The demo owner (prisma/seed.ts DEMO_LOGIN). Not imported: the seed module now pulls in the
// template JSON files, which Playwright's loader cannot import without import attributes.
const DEMO_LOGIN = { email: "owner@demo.switchboard.local", password: "demo-switchboard-2026" };
const QUESTION = "What day and time would suit you?";

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

async function openStep(page: Page, id: string) {
  // Already open (the panel shows the selected step's form): nothing to do.
  const stepTab = page.getByRole("tab", { name: "Step", exact: true });
  if ((await stepTab.count()) > 0) {
    await stepTab.click();
    if ((await page.getByLabel("Id", { exact: true }).inputValue().catch(() => "")) === id) return;
  }
  await page.getByRole("tab", { name: /^(Workflow|Step)$/ }).click();
  await page.getByRole("list", { name: "Steps" }).getByRole("button", { name: new RegExp(`\\b${id}\\b`) }).click();
  await expect(page.getByTestId(`node-${id}`)).toBeVisible();
}

async function saveDraft(page: Page) {
  await page.keyboard.press("Control+s");
  await expect(page.getByText("Draft saved", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);
}

/** A toast can sit over a control a person wants next; they wait for it to go, as we do. */
async function toastGone(page: Page, text: string) {
  await expect(page.getByText(text, { exact: true })).toHaveCount(0, { timeout: 15_000 });
}

async function runTests(page: Page) {
  await page.getByRole("tab", { name: /^Tests/ }).click();
  // Every scenario is a whole simulated call: give them time.
  const done = page.waitForResponse((r) => r.request().method() === "POST" && /\/workflows\/[^/?]+\?/.test(r.url()), { timeout: 120_000 });
  await page.getByRole("button", { name: "Run tests" }).click();
  await done;
  await expect(page.getByRole("button", { name: "Run tests" })).toBeEnabled();
}

test("edit a template's question, see its test fail, fix it, publish, then test-call it", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);

  await page.goto("/workflows");
  await page.getByRole("button", { name: "New from template" }).first().click();
  await page.screenshot({ path: `${shots}/workflows-01-templates.png` });
  await page.getByRole("button", { name: /^Scheduling\s+inbound/i }).click();
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Scheduling" })).toBeVisible();
  await expect(page.getByText("Valid", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/workflows-02-editor.png` });

  // A test that pins the wording of the "when" question.
  await page.getByRole("tab", { name: /^Tests/ }).click();
  await page.getByRole("button", { name: "Add test" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("asks a new caller when to come");
  await dialog.getByLabel("Caller says").fill("Sam Lee");
  await dialog.getByLabel("Agent says").fill(QUESTION);
  await dialog.getByRole("button", { name: "Save test" }).click();
  await expect(page.getByText("Test added")).toBeVisible();
  await toastGone(page, "Test added");
  const myTest = page.getByTestId("scenario").filter({ hasText: "asks a new caller when to come" });
  await expect(myTest).toBeVisible();

  // Change the question: the step list selects it and brings it into view.
  await openStep(page, "b_ask_when");
  const question = page.getByLabel("Question", { exact: true });
  await expect(question).toHaveValue(QUESTION);
  await question.fill("When would you like to come in?");
  await expect(page.getByTestId("node-b_ask_when")).toContainText("When would you like to come in?");
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await saveDraft(page);
  await page.screenshot({ path: `${shots}/workflows-03-changed.png` });

  await runTests(page);
  await expect(myTest.getByLabel("Failed", { exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Why asks a new caller when to come failed" })).toContainText(QUESTION);
  await page.screenshot({ path: `${shots}/workflows-04-failing.png` });

  // Publishing is blocked while it fails.
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("button", { name: "Run tests and publish" }).click();
  await expect(page.getByTestId("publish-failures")).toContainText("asks a new caller when to come", { timeout: 120_000 });
  await page.screenshot({ path: `${shots}/workflows-05-publish-blocked.png` });
  await page.getByRole("button", { name: "Cancel" }).click();

  // Fix it: undo brings the old wording back.
  await openStep(page, "b_ask_when");
  await page.locator("body").press("Control+z");
  await expect(page.getByLabel("Question", { exact: true })).toHaveValue(QUESTION);
  await saveDraft(page);
  await runTests(page);
  await expect(myTest.getByLabel("Passed", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByLabel("What changed").fill("Pinned the when question");
  await page.getByRole("button", { name: "Run tests and publish" }).click();
  await expect(page.getByText("Version 1 published")).toBeVisible({ timeout: 120_000 });
  await page.getByRole("tab", { name: /^Versions/ }).click();
  await expect(page.getByRole("list", { name: "Versions" })).toContainText("Live");
  await page.screenshot({ path: `${shots}/workflows-06-published.png` });

  // Test call against the live version, as a new caller.
  await page.getByRole("link", { name: "Test call" }).click();
  await expect(page).toHaveURL(/\/test-call$/);
  await expect(page.getByLabel("Version", { exact: true })).toHaveValue(/.+/);
  await expect(page.getByLabel("Version", { exact: true }).locator("option:checked")).toHaveText(/live/);
  await page.getByRole("button", { name: "Start test call" }).click();
  const transcript = page.getByTestId("transcript");
  await expect(transcript).toContainText("Thanks for calling");
  await page.getByLabel("Caller says").fill("Sam Lee");
  await page.getByRole("button", { name: "Say", exact: true }).click();
  await expect(transcript).toContainText(QUESTION);
  await expect(page.getByTestId("slots")).toContainText("Sam Lee");
  await expect(page.getByTestId("test-canvas").locator('[data-highlight="current"]')).toHaveCount(1);
  await page.screenshot({ path: `${shots}/workflows-07-test-call.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/workflows-08-test-call-390.png`, fullPage: true });
  await page.getByRole("link", { name: "Back to editor" }).click();
  await expect(page.getByTestId("workflow-canvas")).toBeVisible();
  await page.screenshot({ path: `${shots}/workflows-09-editor-390.png`, fullPage: true });
});
