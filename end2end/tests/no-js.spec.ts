import { test, expect, EMPLOYEE, DEMO_PASSWORD, COORDINATOR, ADMIN, createExam, signIn, inviteFirstInvited } from "./fixtures";

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

test("an exam is taken and handed in with JavaScript off", async ({ page }) => {
  const signInPlain = async (account: string) => {
    await page.goto("/sign-in");
    await page.getByLabel("工号 / 手机号 / 邮箱").fill(account);
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/$/);
  };
  const title = `无脚本测验 ${Date.now()}`;
  await signInPlain(COORDINATOR);
  await createExam(page, title, 3_600_000);
  await page.context().clearCookies();

  await signInPlain("00029");
  await page.goto("/learn");
  await page.getByTestId("my-exam").filter({ hasText: title }).getByRole("button", { name: "开始考试" }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[^/?]+$/);
  const question = page.getByTestId("question");
  await expect(question).toContainText("1. 单选题");
  await question.locator("label").nth(1).click();
  await page.getByRole("button", { name: "下一题" }).click();
  await expect(question).toContainText("2. 单选题");
  await question.locator("label").first().click();
  // The map takes the answer along and shows where it is.
  await page.getByTestId("question-map").getByRole("button", { name: "1", exact: true }).click();
  await expect(question).toContainText("1. 单选题");
  await expect(question.locator("input").nth(1)).toBeChecked();
  await expect(page.getByTestId("question-map").locator("button[data-answered=true]")).toHaveCount(2);
  await page.getByTestId("hand-in").click();
  await expect(page.getByTestId("confirm-hand-in")).toContainText("还有 4 题未作答");
  await page.getByTestId("confirm-hand-in-button").click();
  await expect(page).toHaveURL(/\/result$/);
  await expect(page.getByTestId("score")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("result-question")).toHaveCount(6);
});

test("an invited employee activates and changes the password with JavaScript off", async ({ page, browser, baseURL }) => {
  // The administrator hands out a code (in a browser with JavaScript).
  const adminContext = await browser.newContext({ baseURL, javaScriptEnabled: true });
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN);
  const { employeeNo, code } = await inviteFirstInvited(admin);
  await adminContext.close();

  // The employee's phone runs no script: every step is a plain form.
  await page.goto(`/activate?code=${code}`);
  await page.getByLabel("新密码", { exact: true }).fill("Welcome2026x");
  await page.getByLabel("确认新密码").fill("Welcome2026y");
  await page.getByRole("button", { name: "激活并登录" }).click();
  await expect(page.getByText("两次输入的密码不一致")).toBeVisible();
  await expect(page.getByLabel("邀请码")).toHaveValue(code);
  await page.getByLabel("新密码", { exact: true }).fill("Welcome2026x");
  await page.getByLabel("确认新密码").fill("Welcome2026x");
  await page.getByRole("button", { name: "激活并登录" }).click();
  await expect(page.getByText("账号已激活，欢迎使用落地！")).toBeVisible();

  await page.goto("/me/password");
  await page.getByLabel("当前密码").fill("wrong-password1");
  await page.getByLabel("新密码", { exact: true }).fill("Changed2026x");
  await page.getByLabel("确认新密码").fill("Changed2026x");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("当前密码不正确")).toBeVisible();
  await page.getByLabel("当前密码").fill("Welcome2026x");
  await page.getByLabel("新密码", { exact: true }).fill("Changed2026x");
  await page.getByLabel("确认新密码").fill("Changed2026x");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("密码已修改")).toBeVisible();

  // Signed out, the new password is the one that works.
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(employeeNo);
  await page.getByLabel("密码").fill("Welcome2026x");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确");
  await page.getByLabel("密码").fill("Changed2026x");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/$/);
});
