import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium; never `npx playwright install` (no downloads on these machines).
const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: process.env.LUODI_E2E_OUTPUT ?? "/tmp/luodi-e2e-results",
  use: {
    baseURL: process.env.LUODI_BASE_URL ?? "http://127.0.0.1:3000",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: "off",
  },
  projects: [
    {
      name: "phone",
      use: { ...devices["Pixel 5"], ...chromium, viewport: { width: 360, height: 780 } },
    },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], ...chromium, viewport: { width: 1280, height: 800 } },
    },
  ],
});
