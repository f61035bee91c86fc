import { test, expect, EMPLOYEE, DEMO_PASSWORD } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("signing in works with JavaScript off", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(EMPLOYEE);
  await page.getByLabel("密码").fill("not-the-password9");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确");
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "赵丽" })).toBeVisible();
  await page.goto("/me");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});
