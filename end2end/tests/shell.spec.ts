import { test, expect, signIn, hydrated, EMPLOYEE } from "./fixtures";

test("an employee signs in and sees the workbench in Chinese", async ({ page }, info) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "赵丽" })).toBeVisible();
  await expect(page.getByText("即将上线").first()).toBeVisible();
  const nav = page.getByRole("navigation", { name: "落地" }).filter({ visible: true });
  await expect(nav).toHaveCount(1);
  for (const tab of ["工作台", "待办", "消息", "学习", "我的"]) {
    await expect(nav.getByRole("link", { name: tab })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "工作台" })).toHaveAttribute("aria-current", "page");
  // The tab bar sits at the bottom on phones; wide screens get a sidebar instead.
  const box = await nav.boundingBox();
  if (info.project.name === "phone") {
    expect(box!.y).toBeGreaterThan(600);
  } else {
    expect(box!.x).toBeLessThan(300);
  }
  // Unbuilt modules say so plainly.
  await nav.getByRole("link", { name: "消息" }).click();
  await expect(page.getByText("该模块正在建设中")).toBeVisible();
  // The to-do tab opens the approvals inbox.
  await nav.getByRole("link", { name: "待办" }).click();
  await expect(page.getByRole("navigation", { name: "待办" }).getByRole("link", { name: "我发起的" })).toBeVisible();
  // The profile shows who is signed in.
  await nav.getByRole("link", { name: "我的" }).click();
  await expect(page.getByText(EMPLOYEE, { exact: true })).toBeVisible();
  // No horizontal scrolling at phone width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `/tmp/luodi-e2e-results/me-${info.project.name}.png`, fullPage: true });
});

test("a wrong password is refused with a clear message, and signing in by mobile works", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(EMPLOYEE);
  await page.getByLabel("密码").fill("wrong-password1");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确");
  await expect(page.getByLabel("工号 / 手机号 / 邮箱")).toHaveValue(EMPLOYEE);
  await signIn(page, "13800000031");
  await expect(page.getByRole("heading", { name: "赵丽" })).toBeVisible();
});

test("the language switch turns the interface to English and is remembered", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await page.getByRole("button", { name: "切换语言" }).filter({ visible: true }).click();
  await expect(page.getByText("Apps")).toBeVisible();
  await page.goto("/me");
  await expect(page.getByRole("heading", { name: "Me" })).toBeVisible();
  await page.getByRole("button", { name: "Switch language" }).filter({ visible: true }).click();
  await expect(page.getByRole("heading", { name: "我的" })).toBeVisible();
});

test("visitors are sent to sign in and come back where they were going", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fme/);
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(EMPLOYEE);
  await page.getByLabel("密码").fill("Luodi2026");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/me$/);
});
