import { test, expect, signIn, hydrated, ADMIN, EMPLOYEE } from "./fixtures";
import type { Page } from "@playwright/test";

async function openForm(page: Page, name: string) {
  await page.goto("/forms");
  await page.getByRole("link", { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await hydrated(page);
}

async function mySubmissionsOf(page: Page, name: string) {
  await page.goto("/forms/mine");
  return page.getByRole("link", { name: new RegExp(name) }).count();
}

test("an employee fills the leave form on a flaky connection and submits it once", async ({ page, context }) => {
  await signIn(page, EMPLOYEE);
  const before = await mySubmissionsOf(page, "请假");
  await openForm(page, "请假");

  await page.getByRole("combobox", { name: "请假类型" }).selectOption({ label: "年假" });
  const period = page.getByRole("group", { name: /请假时间/ });
  await period.getByLabel("开始日期").fill("2026-12-03");
  await period.getByLabel("结束日期").fill("2026-12-01");
  await expect(period.getByText("结束时间不能早于开始时间")).toBeVisible();
  await period.getByLabel("结束日期").fill("2026-12-04");
  await expect(period.getByText("结束时间不能早于开始时间")).toHaveCount(0);
  await expect(period.getByTestId("range-days")).toHaveText("时长 2 天");
  await period.getByLabel("开始时段").selectOption({ label: "下午" });
  await expect(period.getByTestId("range-days")).toHaveText("时长 1.5 天");
  await page.getByRole("textbox", { name: "请假事由" }).fill("回老家探亲");
  await expect(page.getByTestId("save-state")).toHaveText("草稿已保存");

  // The connection drops mid-way: typing goes on, the page says so plainly.
  await context.setOffline(true);
  await page.getByRole("textbox", { name: "请假事由" }).fill("回老家探亲，顺便体检");
  await expect(page.getByTestId("save-state")).toContainText("网络不通");
  await context.setOffline(false);
  await expect(page.getByTestId("save-state")).toHaveText("草稿已保存");

  // Coming back later finds the saved draft.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "请假事由" })).toHaveValue("回老家探亲，顺便体检");
  await expect(page.getByRole("group", { name: /请假时间/ }).getByTestId("range-days")).toHaveText("时长 1.5 天");

  // A double tap submits once.
  await page.getByRole("button", { name: "提交" }).dblclick();
  await expect(page).toHaveURL(/\/submissions\/.+\?submitted=1/);
  await expect(page.getByText("提交成功")).toBeVisible();
  await expect(page.getByText("回老家探亲，顺便体检")).toBeVisible();
  expect(await mySubmissionsOf(page, "请假")).toBe(before + 1);
});

test("a draft the server could not take is sent again by itself once the server answers", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await openForm(page, "请假");
  // The phone is online but the server does not answer (a restart, say).
  await page.route("**/api/forms/save-my-draft", (route) => route.abort("connectionrefused"));
  await page.getByRole("textbox", { name: "请假事由" }).fill("服务器重启时写的事由");
  await expect(page.getByTestId("save-state")).toContainText("网络不通");
  // It answers again: with nothing typed and no online event, the page tries again.
  await page.unroute("**/api/forms/save-my-draft");
  await expect(page.getByTestId("save-state")).toHaveText("草稿已保存", { timeout: 15_000 });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "请假事由" })).toHaveValue("服务器重启时写的事由");
});

test("the quality-assessment sheet totals its deductions", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await openForm(page, "门诊医疗质量考核表");
  await expect(page.getByTestId("score-total")).toHaveText("100");
  const records = page.getByRole("group", { name: /门诊病历书写率100%/ });
  await expect(records).toContainText("随机抽查，一例未写扣3分");
  await records.getByLabel(/扣分（0–10）/).fill("3");
  await expect(page.getByTestId("score-total")).toHaveText("97");
  await records.getByLabel(/扣分（0–10）/).fill("11");
  await records.getByLabel(/扣分（0–10）/).blur();
  await expect(records.getByText("扣分不能超过 10 分")).toBeVisible();
  await records.getByLabel(/扣分（0–10）/).fill("3.5");
  await expect(page.getByTestId("score-total")).toHaveText("96.5");
});

test("an administrator adds a field to the expense form; the older claim keeps its fields", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/forms");
  await hydrated(page);
  const row = page.getByRole("listitem").filter({ hasText: "费用报销" });
  await row.getByRole("link", { name: "设计" }).click();
  await hydrated(page);
  await page.getByLabel("字段类型").selectOption({ label: "单行文本" });
  await page.getByRole("button", { name: "添加字段" }).click();
  // Each run (phone, desktop) adds its own field to the shared demo database.
  const label = `项目编号${Date.now() % 100000}`;
  await page.getByLabel("字段名称（中文）").fill(label);
  await page.getByLabel("字段名称 (English)").fill("Project code");
  await expect(page.getByTestId("preview").getByText(label)).toBeVisible();
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText(/已发布为版本 v\d+/)).toBeVisible();

  await page.getByRole("link", { name: "数据" }).click();
  await page.getByRole("link", { name: /202611170001/ }).click();
  await expect(page.getByRole("heading", { name: "费用报销" })).toBeVisible();
  await expect(page.getByText("费用明细")).toBeVisible();
  await expect(page.getByText("北京往返高铁")).toBeVisible();
  await expect(page.getByText(/项目编号/)).toHaveCount(0);
});

test("an employee claims an expense with an uploaded invoice; a forbidden file is refused at once", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await openForm(page, "费用报销");
  await page.getByRole("combobox", { name: "报销类型" }).selectOption({ label: "差旅费" });
  const row = page.getByTestId("table-row").first();
  await row.getByRole("group", { name: /^日期/ }).locator("input").fill("2026-11-20");
  await row.getByRole("radio", { name: "交通" }).check();
  await row.getByRole("textbox", { name: /金额/ }).fill("42.5");
  await expect(page.getByRole("group", { name: /报销总额/ })).toContainText("¥42.50");
  await expect(page.getByRole("group", { name: /报销总额/ })).toContainText("肆拾贰元伍角整");
  await page.getByRole("textbox", { name: "收款账户" }).fill("工商银行 6222 0000");

  const files = page.locator("input[type=file]");
  await files.setInputFiles({ name: "virus.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await expect(page.getByRole("alert").filter({ hasText: "virus.exe" })).toContainText("不支持");
  await files.setInputFiles({ name: "发票.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 e2e invoice") });
  await expect(page.getByRole("link", { name: /发票\.pdf/ })).toBeVisible();

  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/submissions\//);
  await expect(page.getByRole("link", { name: "发票.pdf" })).toBeVisible();
  await expect(page.getByText("¥42.50（肆拾贰元伍角整）").first()).toBeVisible();
});

test("an administrator designs a new form: faults are named on the field, then it is published", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/forms");
  await hydrated(page);
  await page.getByRole("button", { name: "新建空白表单" }).click();
  await expect(page).toHaveURL(/\/admin\/forms\/[^/]+$/);
  await hydrated(page);
  const name = `会议室预约${Date.now() % 100000}`;
  await page.getByLabel("表单名称（中文）").fill(name);
  await page.getByLabel("字段类型").selectOption({ label: "日期" });
  await page.getByRole("button", { name: "添加字段" }).click();
  await page.getByLabel("字段名称（中文）").fill("会议日期");
  await page.getByLabel("字段标识").fill("title");
  await expect(page.getByTestId("design-issues")).toContainText("字段标识重复");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "表单有问题" })).toBeVisible();

  await page.getByLabel("字段标识").fill("meeting_date");
  await expect(page.getByTestId("design-issues")).toHaveCount(0);
  // Reorder: the date first (drag on a desktop, the arrows on a phone).
  await page.getByRole("button", { name: "上移 会议日期" }).click();
  await expect(page.getByTestId("designer-field").first()).toContainText("会议日期");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("已发布为版本 v1")).toBeVisible();

  await page.goto("/forms");
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await hydrated(page);
  const fields = page.getByRole("group");
  await expect(fields.first()).toContainText("会议日期");
});
