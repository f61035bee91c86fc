import { test, expect, signIn, hydrated, ADMIN } from "./fixtures";
import type { Page } from "@playwright/test";

/** The edit form of one department in the tree, opened. */
async function editForm(page: Page, name: string) {
  const details = page.locator("details").filter({ has: page.getByText(`编辑 ${name}`, { exact: true }) });
  await details.evaluate((d: HTMLDetailsElement) => (d.open = true));
  return details;
}

test("an administrator renames a department and sets its head in the tree", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/admin/org");
  await hydrated(page);
  let form = await editForm(page, "信息科");
  await form.getByLabel("部门名称").fill("信息中心");
  await form.getByLabel("负责人工号").fill("00136");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("编辑 信息中心", { exact: true })).toHaveCount(1);
  await expect(page.getByText("编辑 信息科", { exact: true })).toHaveCount(0);

  // An unknown head is refused with a message, and nothing changes.
  form = await editForm(page, "信息中心");
  await form.getByLabel("负责人工号").fill("99999");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("alert")).toContainText("该工号的人员不存在");

  // Put it back for the next run.
  form = await editForm(page, "信息中心");
  await form.getByLabel("部门名称").fill("信息科");
  await form.getByLabel("负责人工号").fill("00135");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("编辑 信息科", { exact: true })).toHaveCount(1);
});
