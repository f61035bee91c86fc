import { test, expect, signIn, signOut, hydrated, EMPLOYEE } from "./fixtures";
import type { Page } from "@playwright/test";

const SUPERVISOR = "00029"; // 刘洋, 赵丽's team leader
const HEAD = "00030"; // 陈志明, head of internal medicine

async function submitLeave(page: Page, start: string, end: string, reason: string): Promise<string> {
  await page.goto("/forms");
  await page.getByRole("link", { name: /^请假/ }).click();
  await hydrated(page);
  await page.getByRole("combobox", { name: "请假类型" }).selectOption({ label: "年假" });
  const period = page.getByRole("group", { name: /请假时间/ });
  await period.getByLabel("开始日期").fill(start);
  await period.getByLabel("结束日期").fill(end);
  await page.getByRole("textbox", { name: "请假事由" }).fill(reason);
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/submissions\/.+\?submitted=1/);
  const id = new URL(page.url()).pathname.split("/")[2];
  return id;
}

async function openApproval(page: Page, id: string) {
  await page.goto(`/approvals/${id}`);
  await hydrated(page);
}

test("a five-day leave: the supervisor approves on a phone, the head sends it back with a comment", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const id = await submitLeave(page, "2027-01-04", "2027-01-08", "家中有事");
  await page.getByRole("link", { name: "审批进度" }).click();
  await hydrated(page);
  await expect(page.getByTestId("approval-status")).toHaveText("审批中");
  await expect(page.getByText(/等待 刘洋/)).toBeVisible();
  // Nobody has acted: the initiator could withdraw, and may urge.
  await expect(page.getByRole("button", { name: "撤回" })).toBeVisible();
  await expect(page.getByRole("button", { name: "同意" })).toHaveCount(0);
  await signOut(page);

  // The supervisor finds it in the to-do tab (with a count) and approves with one tap.
  await signIn(page, SUPERVISOR);
  await page.goto("/todo");
  await hydrated(page);
  await expect(page.getByTestId("todo-count")).toBeVisible();
  await page.getByRole("link", { name: /赵丽请假/ }).first().click();
  await hydrated(page);
  await page.getByRole("button", { name: "同意" }).click();
  await expect(page.getByText("已提交：审批中")).toBeVisible();
  await expect(page.getByText(/等待 陈志明/)).toBeVisible();
  await signOut(page);

  // The department head sends it back to the initiator with a reason.
  await signIn(page, HEAD);
  await openApproval(page, id);
  await page.getByRole("button", { name: "拒绝" }).click();
  await expect(page.getByText("请填写意见或理由")).toBeVisible();
  await page.getByLabel("审批意见").fill("请写明工作交接安排");
  await page.getByLabel("拒绝后").selectOption({ label: "退回发起人修改" });
  await page.getByRole("button", { name: "拒绝" }).click();
  await expect(page.getByTestId("approval-status")).toHaveText("已退回");
  await signOut(page);

  // The employee sees the result and the timeline: who, what, the comment, the wait.
  await signIn(page, EMPLOYEE);
  await openApproval(page, id);
  await expect(page.getByTestId("approval-status")).toHaveText("已退回");
  const timeline = page.getByRole("list", { name: "审批记录" });
  await expect(timeline.getByTestId("timeline-entry")).toHaveCount(3);
  await expect(timeline).toContainText("刘洋 直属上级 · 同意");
  await expect(timeline).toContainText("请写明工作交接安排");
  await expect(timeline).toContainText("等待");
});

test("the initiator withdraws a request nobody has touched", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const id = await submitLeave(page, "2027-02-01", "2027-02-01", "临时有事");
  await openApproval(page, id);
  await page.getByRole("button", { name: "撤回" }).click();
  await expect(page.getByTestId("approval-status")).toHaveText("已撤回");
  await page.goto("/todo?box=started");
  await hydrated(page);
  await expect(page.getByRole("link", { name: /赵丽请假/ }).first()).toBeVisible();
});
