import { test, expect, signIn, signOut, hydrated, createExam, ADMIN, EMPLOYEE, COORDINATOR } from "./fixtures";
import type { Page } from "@playwright/test";

const HEAD_OF_MEDICINE = "00030"; // 陈志明

async function balance(page: Page): Promise<number> {
  await page.goto("/me/points");
  await hydrated(page);
  return Number(await page.getByTestId("points-balance").innerText());
}

test("a department head opens the adoption board on a phone and sees where the department stands and who has not activated", async ({ page }) => {
  await signIn(page, HEAD_OF_MEDICINE);
  await page.getByRole("link", { name: "推广看板" }).click();
  await expect(page).toHaveURL(/\/adoption$/);
  await hydrated(page);
  await expect(page.getByTestId("board-scope")).toContainText("内科");
  await expect(page.getByTestId("board-rank")).toContainText(/第 \d+ 名 \/ 共 10/);
  await expect(page.getByTestId("campaign-target")).toHaveCount(3);
  const notActivated = page.getByTestId("not-activated");
  await expect(notActivated.locator("li").first()).toBeVisible();
  // Only internal medicine's people (with its sub-groups) are listed.
  for (const text of await notActivated.locator("li").allInnerTexts()) {
    expect(text).toMatch(/内科|心血管组|消化组/);
  }
  // Last month, by the month tab: the figures follow the address.
  await page.getByRole("link", { name: "月", exact: true }).click();
  await page.getByRole("link", { name: /上一期/ }).click();
  await expect(page).toHaveURL(/p=m&o=1/);
  await expect(page.getByTestId("period-label")).toHaveText(/^\d{4}-\d{2}$/);
  // Another department is not theirs to see.
  await page.goto("/adoption?d=nope");
  await expect(page.getByRole("alert")).toContainText("找不到");
});

test("an employee earns points by passing a test and redeems a reward; the rollout team hands it out", async ({ page }) => {
  const title = `积分测验 ${Date.now()}`;
  await signIn(page, COORDINATOR);
  await createExam(page, title, 3_600_000, { passMark: 0, objectiveOnly: true });
  await signOut(page);

  await signIn(page, EMPLOYEE);
  const before = await balance(page);
  await page.goto("/learn");
  await hydrated(page);
  await page.getByTestId("my-exam").filter({ hasText: title }).getByTestId("start-exam").click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[^/]+(\?.*)?$/);
  await hydrated(page);
  for (let i = 0; i < 5; i++) {
    await page.getByTestId("question").locator("label").first().click();
    if (i < 4) await page.getByRole("button", { name: "下一题" }).click();
  }
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-pending", "0");
  await page.getByTestId("hand-in").click();
  await page.getByTestId("confirm-hand-in-button").click();
  await expect(page.getByTestId("pass-state")).toHaveText("及格");

  // Passing a test earns 15 points, once.
  await expect.poll(() => balance(page)).toBe(before + 15);
  await expect(page.getByTestId("ledger")).toContainText("通过一场考试");
  await page.reload();
  await hydrated(page);
  expect(Number(await page.getByTestId("points-balance").innerText())).toBe(before + 15);

  // Redeem a coffee voucher: the balance drops by its cost and the request waits.
  await page.getByRole("button", { name: "兑换 咖啡券" }).click();
  await expect(page).toHaveURL(/redeemed=1/);
  await hydrated(page);
  await expect(page.getByText("兑换申请已提交，等待发放")).toBeVisible();
  await expect(page.getByTestId("points-balance")).toHaveText(String(before + 15 - 30));
  await expect(page.getByTestId("my-redemptions").locator("li").first()).toContainText("待发放");
  await signOut(page);

  await signIn(page, ADMIN);
  await page.goto("/admin/adoption");
  await hydrated(page);
  const pending = page.getByTestId("redemptions").locator("li").filter({ hasText: "赵丽" }).filter({ hasText: "待发放" });
  const waiting = await pending.count();
  await pending.first().getByRole("button", { name: "确认发放" }).click();
  await expect(pending).toHaveCount(waiting - 1);
  // The list reloads with the fresh data, and says so.
  await expect(page.getByText("已保存")).toBeVisible();
  await signOut(page);
  await signIn(page, EMPLOYEE);
  await page.goto("/me/points");
  await hydrated(page);
  await expect(page.getByTestId("my-redemptions").locator("li").first()).toContainText("已发放");
});
