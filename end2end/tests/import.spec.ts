import path from "node:path";
import { test, expect, signIn, hydrated, ADMIN } from "./fixtures";

const fixture = (name: string) => path.join(__dirname, "..", "fixtures", name);

test("an administrator imports an HR export: a bad row is named and nothing is written until the file is fixed", async ({ page }, info) => {
  // One run is enough: the second project would find the people already imported.
  test.skip(info.project.name !== "phone", "imports once per test run");
  await signIn(page, ADMIN);
  await page.goto("/admin/import");
  await hydrated(page);
  await page.getByLabel("选择文件").setInputFiles(fixture("hr-export-bad.xlsx"));
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByText("文件中有错误，未写入任何数据。")).toBeVisible();
  await expect(page.getByText("部门“放射科”不存在")).toBeVisible();
  await expect(page.getByText("手机号“1380000”格式不正确")).toBeVisible();
  await expect(page.getByRole("button", { name: "确认导入" })).toBeDisabled();

  await page.goto("/admin/org/employees?q=林小雨");
  await expect(page.getByText("没有符合条件的人员")).toBeVisible();

  await page.goto("/admin/import");
  await hydrated(page);
  await page.getByLabel("选择文件").setInputFiles(fixture("hr-export-good.xlsx"));
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByText("3 行可以导入")).toBeVisible();
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByText(/导入完成 — 共 3 行：新增 3，/)).toBeVisible();

  await page.goto("/admin/org/employees?q=00203");
  const row = page.getByRole("listitem").filter({ hasText: "秦思远" });
  await expect(row).toBeVisible();
  await expect(row.getByText("已邀请")).toBeVisible();
  await page.screenshot({ path: `/tmp/luodi-e2e-results/employees-${info.project.name}.png`, fullPage: true });
});
