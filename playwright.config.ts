import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against the real app (server/main.ts) with a fresh embedded PostgreSQL,
// in Debian's Chromium. `npm run test:e2e` builds first.
const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  // One folder per port: two runs side by side (a parallel checkout) must not wipe each other.
  outputDir: PORT === 3210 ? "test-results" : `test-results-${PORT}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: PORT === 3210 ? "playwright-report" : `playwright-report-${PORT}` }]],
  use: {
    baseURL: BASE_URL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "tsx e2e/start-server.ts",
    url: `${BASE_URL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      APP_URL: BASE_URL,
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "5436",
      // One folder per database port, so two runs side by side never wipe each other's data.
      DATA_DIR: `.data/e2e-${process.env.E2E_PG_PORT ?? "5436"}`,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
  },
});
