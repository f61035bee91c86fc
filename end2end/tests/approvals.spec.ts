import { test, expect, signIn, signOut, hydrated, submitLeave, EMPLOYEE } from "./fixtures";
import type { Page } from "@playwright/test";

const SUPERVISOR = "00029"; // 刘洋, 赵丽's team leader
const HEAD = "00030"; // 陈志明, head of internal medicine

async function openApproval(page: Page, id: string) {
  await page.goto(`/approvals/${id}`);
  await hydrated(page);
}

test("a five-day leave: supervisor approves, the head sends it back, the employee edits and resubmits, both approve", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const id = await submitLeave(page, "2027-01-04", "2027-01-08", "家中有事", [
    "审批直属上级刘洋",
    "审批部门负责人陈志明",
    "抄送抄送人事科李晓梅",
  ]);
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

  // The employee edits the request and sends it again.
  await page.getByRole("link", { name: "修改后重新提交" }).click();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "请假事由" })).toHaveValue("家中有事");
  await page.getByRole("textbox", { name: "请假事由" }).fill("家中有事，工作已交接给刘洋");
  await page.getByRole("button", { name: "重新提交" }).click();
  await expect(page).toHaveURL(new RegExp(`/approvals/${id}$`));
  await expect(page.getByTestId("approval-status")).toHaveText("审批中");
  await signOut(page);

  for (const approver of [SUPERVISOR, HEAD]) {
    await signIn(page, approver);
    await openApproval(page, id);
    await expect(page.getByText("家中有事，工作已交接给刘洋")).toBeVisible();
    await page.getByRole("button", { name: "同意" }).click();
    await expect(page.getByText(/^已提交：/)).toBeVisible();
    await signOut(page);
  }

  await signIn(page, EMPLOYEE);
  await openApproval(page, id);
  await expect(page.getByTestId("approval-status")).toHaveText("已通过");
  await expect(timeline.getByTestId("timeline-entry")).toHaveCount(7);
  await expect(timeline).toContainText("重新提交了申请");
  await expect(timeline).toContainText("李晓梅 抄送人事科 · 已抄送");
  // The result is also a notification.
  await page.goto("/notifications");
  await expect(page.getByTestId("notification").first()).toContainText("你的申请已通过");
});

test("an approver transfers a task to a colleague", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const id = await submitLeave(page, "2027-03-01", "2027-03-01", "体检");
  await signOut(page);
  await signIn(page, SUPERVISOR);
  await openApproval(page, id);
  await page.getByText("转交或加签").click();
  await page.getByLabel("选择人员").fill("陈志明");
  await page.getByRole("button", { name: /陈志明 00030/ }).click();
  await page.getByLabel("审批意见").fill("我出差，请陈主任审批");
  await page.getByRole("button", { name: "转交", exact: true }).click();
  await expect(page.getByText(/等待 陈志明/)).toBeVisible();
  await expect(page.getByRole("button", { name: "同意" })).toHaveCount(0);
  await signOut(page);
  await signIn(page, HEAD);
  await openApproval(page, id);
  await page.getByRole("button", { name: "同意" }).click();
  await expect(page.getByTestId("approval-status")).toHaveText("已通过");
  await expect(page.getByRole("list", { name: "审批记录" })).toContainText("刘洋 转交 → 陈志明");
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

test("a supervisor approves several simple requests at once", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const serials: string[] = [];
  for (const day of ["2027-04-01", "2027-04-02"]) {
    await submitLeave(page, day, day, "调休");
    const line = await page.getByText(/^编号 \d+/).first().textContent();
    serials.push(line!.match(/编号 (\d+)/)![1]);
  }
  await signOut(page);
  await signIn(page, SUPERVISOR);
  await page.goto("/todo");
  await hydrated(page);
  for (const serial of serials) {
    await page.getByRole("checkbox", { name: `选择 ${serial}` }).check();
  }
  await page.getByRole("button", { name: /批量同意（2）/ }).click();
  await expect(page.getByText("已同意 2")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `选择 ${serials[0]}` })).toHaveCount(0);
});
