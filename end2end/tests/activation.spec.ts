import { test, expect, signIn, signOut, ADMIN, inviteFirstInvited } from "./fixtures";

test("an invited employee activates with the code an administrator gives, then signs in", async ({ page }, info) => {
  await signIn(page, ADMIN);
  const { employeeNo, code } = await inviteFirstInvited(page);
  expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await signOut(page);

  await page.goto(`/activate?code=${code}`);
  await expect(page.getByLabel("邀请码")).toHaveValue(code);
  await page.getByLabel("新密码", { exact: true }).fill("short1");
  await page.getByLabel("确认新密码").fill("short1");
  await page.getByRole("button", { name: "激活并登录" }).click();
  await expect(page.getByText("密码至少 8 位")).toBeVisible();

  await page.getByLabel("新密码", { exact: true }).fill("Welcome2026x");
  await page.getByLabel("确认新密码").fill("Welcome2026x");
  await page.getByRole("button", { name: "激活并登录" }).click();
  await expect(page.getByText("账号已激活，欢迎使用落地！")).toBeVisible();
  await signOut(page);

  // The code is used up; the new password works.
  await page.goto(`/activate?code=${code}`);
  await page.getByLabel("新密码", { exact: true }).fill("Another2026x");
  await page.getByLabel("确认新密码").fill("Another2026x");
  await page.getByRole("button", { name: "激活并登录" }).click();
  await expect(page.getByText("邀请码无效或已过期")).toBeVisible();
  await signIn(page, employeeNo, "Welcome2026x");
  await page.screenshot({ path: `/tmp/luodi-e2e-results/workbench-${info.project.name}.png`, fullPage: true });
});
