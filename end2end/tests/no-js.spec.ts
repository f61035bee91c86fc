import { test, expect, EMPLOYEE, DEMO_PASSWORD, COORDINATOR, createExam } from "./fixtures";

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
