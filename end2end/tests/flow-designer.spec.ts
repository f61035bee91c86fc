import { test, expect, signIn, signOut, hydrated, ADMIN, EMPLOYEE } from "./fixtures";
import type { Page } from "@playwright/test";

const HEAD = "00030"; // 陈志明, head of internal medicine
const CARDIO = "00040"; // 周涛
const FINANCE = "00125"; // 杨洁

async function act(page: Page, account: string, id: string, button: string) {
  await signIn(page, account);
  await page.goto(`/approvals/${id}`);
  await hydrated(page);
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByText(/^已提交：/)).toBeVisible();
  await signOut(page);
}

/** Copies a template as a new form named `prefix` + a number, publishes it (its
 * built-in flow becomes v1) and opens its flow designer; returns the form's name. */
async function copyAndOpenFlow(page: Page, template: string, prefix: string): Promise<string> {
  await page.goto("/admin/forms");
  await hydrated(page);
  await page.getByLabel("模板").selectOption({ label: template });
  await page.getByRole("button", { name: "复制为新表单" }).click();
  await expect(page).toHaveURL(/\/admin\/forms\/[^/]+$/);
  await hydrated(page);
  const name = `${prefix}${Date.now() % 100000}`;
  await page.getByLabel("表单名称（中文）").fill(name);
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("已发布为版本 v1")).toBeVisible();
  await page.getByRole("link", { name: "流程设计" }).click();
  await expect(page.getByRole("heading", { name: `流程设计 · ${name}` })).toBeVisible();
  await hydrated(page);
  return name;
}

test("an administrator redesigns a seal flow (a 会签 node, a branch, checks, a preview), and the 会签 waits for all", async ({ page }) => {
  // A copy of the seal-request template of its own, published with its built-in flow.
  await signIn(page, ADMIN);
  const name = await copyAndOpenFlow(page, "用印申请", "合同用印");
  await expect(page.getByTestId("flow-version")).toHaveText("v1");
  await expect(page.getByTestId("flow-issue-count")).toHaveText("检查通过：每条路径都有审批人");

  // Add an approver between the department head and the condition.
  await page.getByRole("button", { name: "添加节点" }).nth(1).click();
  await page.getByRole("button", { name: "审批人", exact: true }).click();
  await page.getByLabel("名称（中文）").fill("法务会签");
  await page.getByRole("radio", { name: "会签（须所有人同意）" }).check();
  // Without approvers the node is at fault, and says so on the node.
  await page.getByRole("button", { name: "删除 直属上级" }).click();
  await expect(page.getByTestId("flow-issue-count")).toContainText("待改正的问题");
  await expect(page.getByTestId("flow-node").filter({ hasText: "法务会签" }).getByTestId("node-faults")).toHaveText("请设置审批人");
  await page.getByLabel("添加审批人").selectOption({ label: "指定成员" });
  await page.getByLabel("指定成员").fill("周涛");
  await page.getByRole("button", { name: /周涛 00040/ }).click();
  await page.getByLabel("指定成员").fill("00125");
  await page.getByRole("button", { name: /杨洁 00125/ }).click();
  await page.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByTestId("flow-issue-count")).toHaveText("检查通过：每条路径都有审批人");
  await expect(page.getByTestId("flow-node").filter({ hasText: "法务会签" })).toContainText("周涛、杨洁 · 会签（须所有人同意）");

  // A new branch left without a condition is named as the fault.
  await page.getByTestId("flow-node").filter({ hasText: "条件分支" }).getByRole("button", { name: "添加分支" }).click();
  const fresh = page.getByTestId("branch").filter({ hasText: "请设置条件" });
  await expect(fresh.getByTestId("node-faults")).toContainText("请为此分支设置条件");
  await fresh.getByRole("button").first().click();
  await page.getByLabel("添加条件").selectOption({ label: "选项" });
  await page.getByRole("checkbox", { name: "财务专用章" }).check();
  await page.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByTestId("flow-issue-count")).toHaveText("检查通过：每条路径都有审批人");

  // The path a sample request would take, planned in the browser.
  await page.getByLabel("示例发起人").fill("赵丽");
  await page.getByRole("button", { name: /赵丽 00031/ }).click();
  await page.getByLabel("印章类型", { exact: true }).selectOption({ label: "合同专用章" });
  await expect(page.getByTestId("sample-path").getByTestId("path-step")).toHaveText([
    "审批部门负责人陈志明",
    "审批法务会签周涛、杨洁",
    "办理院办盖章王建国",
  ]);
  await page.getByLabel("印章类型", { exact: true }).selectOption({ label: "公章" });
  await expect(page.getByTestId("sample-path").getByTestId("path-step")).toHaveCount(4);

  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("流程已发布为 v2")).toBeVisible();
  await expect(page.getByTestId("flow-version")).toHaveText("v2");
  await signOut(page);

  // 赵丽 asks for the contract seal on the new form.
  await signIn(page, EMPLOYEE);
  await page.goto("/forms");
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await hydrated(page);
  await page.getByRole("radio", { name: "合同专用章" }).check();
  await page.getByRole("textbox", { name: "文件名称" }).fill("设备采购合同");
  await page.getByRole("textbox", { name: "用印事由" }).fill("采购监护仪");
  await page.getByRole("group", { name: /需用日期/ }).locator("input").fill("2027-01-15");
  await expect(page.getByTestId("path-step").nth(1)).toHaveText("审批法务会签周涛、杨洁");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/submissions\/.+\?submitted=1/);
  const id = new URL(page.url()).pathname.split("/")[2];
  await signOut(page);

  await act(page, HEAD, id, "同意");
  // 会签: one approval is not enough.
  await act(page, CARDIO, id, "同意");
  await signIn(page, EMPLOYEE);
  await page.goto(`/approvals/${id}`);
  await expect(page.getByTestId("approval-status")).toHaveText("审批中");
  await expect(page.getByText(/等待 杨洁 · 法务会签/)).toBeVisible();
  await signOut(page);
  await act(page, FINANCE, id, "同意");
  await act(page, ADMIN, id, "办理完成");
  await signIn(page, EMPLOYEE);
  await page.goto(`/approvals/${id}`);
  await expect(page.getByTestId("approval-status")).toHaveText("已通过");
});

test("the initiator picks the approver where the flow lets them choose", async ({ page }) => {
  // A copy of the office-supplies form whose approver is chosen by whoever asks.
  await signIn(page, ADMIN);
  const name = await copyAndOpenFlow(page, "办公用品申领", "自选审批");
  await page.getByTestId("flow-node").filter({ hasText: "直属上级" }).click();
  await page.getByRole("button", { name: "删除 直属上级" }).click();
  await page.getByLabel("添加审批人").selectOption({ label: "发起人自选（一人）" });
  await page.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByTestId("flow-issue-count")).toHaveText("检查通过：每条路径都有审批人");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("流程已发布为 v2")).toBeVisible();
  await signOut(page);

  await signIn(page, EMPLOYEE);
  await page.goto("/forms");
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await hydrated(page);
  const items = page.getByRole("group", { name: /申领明细/ });
  await items.getByRole("textbox", { name: "物品名称" }).first().fill("打印纸");
  await items.getByRole("textbox", { name: "数量" }).first().fill("2");
  await items.getByRole("textbox", { name: "单位" }).first().fill("包");
  // Without a choice the request cannot go.
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByText("请选择审批人").first()).toBeVisible();
  await page.getByLabel(/直属上级：请选择审批人/).fill("陈志明");
  await page.getByRole("button", { name: /陈志明 00030/ }).click();
  await expect(page.getByTestId("path-step").first()).toHaveText("审批直属上级陈志明");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/submissions\/.+\?submitted=1/);
  await page.getByRole("link", { name: "审批进度" }).click();
  await expect(page.getByText(/等待 陈志明/)).toBeVisible();
});
