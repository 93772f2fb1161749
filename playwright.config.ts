import { defineConfig } from "@playwright/test";

// Debian's Chromium; Playwright's own browser download cannot run here. scripts/test.ts starts
// the app (E2E_BASE_URL) and its database before running these specs, and a second app on the
// same build with no AWS or GitLab configured (E2E_SANDBOX_URL), where sandbox-*.spec.ts run.
const SANDBOX_SPECS = /sandbox-.*\.spec\.ts$/;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "tmp/e2e-results",
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://localhost:3000",
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "default", testIgnore: SANDBOX_SPECS },
    { name: "sandbox", testMatch: SANDBOX_SPECS, use: { baseURL: process.env.E2E_SANDBOX_URL ?? "http://localhost:3001" } },
  ],
});
