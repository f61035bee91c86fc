import { test as base, expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "Luodi2026";
export const ADMIN = "00002";
export const EMPLOYEE = "00031";

/** Every page fails its test on a console error or an uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        // A 4xx answer is the server refusing bad input (the page shows why); Chromium
        // logs it anyway; so is a request made while a test holds the connection down.
        // Real faults (5xx) and script errors still fail the test.
        if (msg.type() === "error" && !/status of 4\d\d|ERR_INTERNET_DISCONNECTED/.test(msg.text())) errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Waits until the WASM has hydrated the page (a marker only the browser sets). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1, { timeout: 30_000 });
}

export async function signIn(page: Page, account: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
}

export async function signOut(page: Page) {
  await page.goto("/me");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
