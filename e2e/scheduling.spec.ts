// Booking journey: set up a staff member with hours and a service, book a free time, then meet
// a double booking twice: a typed time that overlaps (shown before saving), and a time taken by
// someone else while the form was open ("That time was just taken." with the next free times).
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

/** "YYYY-MM-DD" plus some days, as calendar arithmetic (no time zone involved). */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test("book an appointment, then see double bookings refused with the next free times", async ({ page, context }) => {
  // Four views, light and dark, wide and narrow: more page loads than the default minute allows on a busy machine.
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const staffName = `Ana Ruiz ${suffix}`;
  const serviceName = `Consultation ${suffix}`;
  await signIn(page);

  // Staff member with hours every day, 9 to 5.
  await page.goto("/settings/scheduling");
  await page.getByLabel("Name", { exact: true }).fill(staffName);
  await page.getByRole("button", { name: "Add staff" }).click();
  await expect(page.getByText(`${staffName} added`)).toBeVisible();
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) {
    await page.getByRole("checkbox", { name: day }).check();
  }
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`${staffName} saved`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(staffName) })).toContainText("Mon–Sun 09:00–17:00");

  // A 30-minute service only this person performs.
  await page.getByRole("button", { name: "Add service" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Service name").fill(serviceName);
  await dialog.getByLabel("Duration (min)").fill("30");
  for (const box of await dialog.getByRole("checkbox").all()) await box.uncheck();
  await dialog.getByRole("checkbox", { name: staffName }).check();
  await dialog.getByRole("button", { name: "Save service" }).click();
  await expect(page.getByText(`${serviceName} added`)).toBeVisible();
  await page.screenshot({ path: `${shots}/scheduling-01-settings.png`, fullPage: true });

  // Book the first free time two days from now.
  await page.goto("/appointments/new");
  const today = await page.getByLabel("Date").inputValue();
  const day = plusDays(today, 2);
  // Each choice reloads the free times; wait for it before the next one.
  await page.getByLabel("Service").selectOption({ label: `${serviceName} (30 min)` });
  await expect(page).toHaveURL(/service=/);
  await page.getByLabel("With").selectOption({ label: staffName });
  await expect(page).toHaveURL(/staff=/);
  await page.getByLabel("Date").fill(day);
  await expect(page).toHaveURL(new RegExp(`date=${day}`));
  const freeTimes = page.getByRole("list", { name: "Free times" });
  await expect(freeTimes.getByRole("button", { name: "9:00 AM" })).toBeVisible();
  const newUrl = page.url();
  await freeTimes.getByRole("button", { name: "9:00 AM" }).click();
  await page.getByLabel("Notes").fill("First visit");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByText("Appointment booked")).toBeVisible();
  await expect(page).toHaveURL(/\/appointments\/(?!new)[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: serviceName })).toBeVisible();

  // A typed time that overlaps: the conflict and the next free times show before saving.
  await page.goto(`${newUrl}&time=09:15`);
  await expect(page.getByText("09:15 overlaps another appointment")).toBeVisible();
  await expect(page.getByRole("list", { name: "Next free times" }).getByRole("button", { name: /9:30\sAM/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Book appointment" })).toBeDisabled();
  await page.screenshot({ path: `${shots}/scheduling-02-conflict-before-saving.png`, fullPage: true });

  // Someone else takes 9:30 while this form is open.
  await page.goto(newUrl);
  await expect(freeTimes.getByRole("button", { name: "9:30 AM" })).toBeVisible();
  const other = await context.newPage();
  await other.goto(newUrl);
  await other.getByRole("list", { name: "Free times" }).getByRole("button", { name: "9:30 AM" }).click();
  await other.getByRole("button", { name: "Book appointment" }).click();
  await expect(other.getByText("Appointment booked")).toBeVisible();
  await other.close();

  await freeTimes.getByRole("button", { name: "9:30 AM" }).click();
  await page.getByRole("button", { name: "Book appointment" }).click();
  const taken = page.getByRole("alert").filter({ hasText: "That time was just taken." });
  await expect(taken).toBeVisible();
  const next = taken.getByRole("button", { name: /10:00\sAM/ });
  await expect(next).toBeVisible();
  await page.screenshot({ path: `${shots}/scheduling-03-just-taken.png`, fullPage: true });
  await next.click();
  await expect(page.getByText("Appointment booked")).toBeVisible();

  // The three bookings on the calendar, in every view, light and dark, wide and narrow.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // A phone gets the day as an agenda (a list by time) instead of squeezed grid columns.
      const phone = width === 390;
      await page.goto(`/appointments?date=${day}`);
      if (phone) await expect(page).toHaveURL(/view=day/);
      await expect(
        page.getByRole("region", { name: phone ? "Agenda" : "Week calendar" }).getByRole("link", { name: new RegExp(`9:00\\sAM.*${serviceName}`) }),
      ).toBeVisible();
      await page.screenshot({ path: `${shots}/scheduling-04-week-${scheme}-${width}.png`, fullPage: true });
      await page.goto(`/appointments?view=day&date=${day}`);
      await expect(page.getByRole("region", { name: phone ? "Agenda" : "Day calendar" }).getByRole("link", { name: new RegExp(serviceName) })).toHaveCount(3);
      await page.screenshot({ path: `${shots}/scheduling-05-day-${scheme}-${width}.png`, fullPage: true });
      await page.goto("/appointments?view=list");
      await page.screenshot({ path: `${shots}/scheduling-06-list-${scheme}-${width}.png`, fullPage: true });
      await page.goto("/settings/scheduling");
      await page.screenshot({ path: `${shots}/scheduling-07-settings-${scheme}-${width}.png`, fullPage: true });
    }
  }
});
