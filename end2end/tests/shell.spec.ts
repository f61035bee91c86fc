import { test, expect, signIn, signOut, hydrated, submitLeave, EMPLOYEE } from "./fixtures";

test("an employee signs in and sees the workbench in Chinese", async ({ page }, info) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "赵丽" })).toBeVisible();
  await expect(page.getByText("即将上线").first()).toBeVisible();
  const nav = page.getByRole("navigation", { name: "落地" }).filter({ visible: true });
  await expect(nav).toHaveCount(1);
  for (const tab of ["工作台", "待办", "消息", "学习", "我的"]) {
    await expect(nav.getByRole("link", { name: tab })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "工作台" })).toHaveAttribute("aria-current", "page");
  // The tab bar sits at the bottom on phones; wide screens get a sidebar instead.
  const box = await nav.boundingBox();
  if (info.project.name === "phone") {
    expect(box!.y).toBeGreaterThan(600);
  } else {
    expect(box!.x).toBeLessThan(300);
  }
  // Until the news center exists, 消息 is where approval messages are.
  await nav.getByRole("link", { name: "消息" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "通知", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "消息" })).toHaveAttribute("aria-current", "page");
  // The to-do tab opens the approvals inbox.
  await nav.getByRole("link", { name: "待办" }).click();
  await expect(page.getByRole("navigation", { name: "待办" }).getByRole("link", { name: "我发起的" })).toBeVisible();
  // The profile shows who is signed in.
  await nav.getByRole("link", { name: "我的" }).click();
  await expect(page.getByText(EMPLOYEE, { exact: true })).toBeVisible();
  // No horizontal scrolling at phone width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `/tmp/luodi-e2e-results/me-${info.project.name}.png`, fullPage: true });
});

test("a wrong password is refused with a clear message, and signing in by mobile works", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(EMPLOYEE);
  await page.getByLabel("密码").fill("wrong-password1");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确");
  await expect(page.getByLabel("工号 / 手机号 / 邮箱")).toHaveValue(EMPLOYEE);
  await signIn(page, "13800000031");
  await expect(page.getByRole("heading", { name: "赵丽" })).toBeVisible();
});

test("the language switch turns the interface to English and is remembered", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await page.getByRole("button", { name: "切换语言" }).filter({ visible: true }).click();
  await expect(page.getByText("Apps")).toBeVisible();
  await page.goto("/me");
  await expect(page.getByRole("heading", { name: "Me" })).toBeVisible();
  await page.getByRole("button", { name: "Switch language" }).filter({ visible: true }).click();
  await expect(page.getByRole("heading", { name: "我的" })).toBeVisible();
});

test("visitors are sent to sign in and come back where they were going", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fme/);
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(EMPLOYEE);
  await page.getByLabel("密码").fill("Luodi2026");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/me$/);
});

test("the language switch stays on the page reached by navigating inside the app", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const nav = page.getByRole("navigation", { name: "落地" }).filter({ visible: true });
  await nav.getByRole("link", { name: "学习" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole("button", { name: "切换语言" }).filter({ visible: true }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Switch language" }).filter({ visible: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", /^zh/);
});

test("the controls a phone user met as too small are 44 px both ways", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "touch targets are a phone's concern");
  const atLeast44 = async (what: string, locator: import("@playwright/test").Locator) => {
    const box = (await locator.boundingBox())!;
    expect(box.width, `${what} width`).toBeGreaterThanOrEqual(44);
    expect(box.height, `${what} height`).toBeGreaterThanOrEqual(44);
  };
  await page.goto("/sign-in");
  await atLeast44("激活账号", page.getByRole("link", { name: "激活账号" }));
  await atLeast44("language switch", page.getByRole("button", { name: "切换语言" }));
  // A simple request in the supervisor's to-do can be chosen for batch approval.
  await signIn(page, EMPLOYEE);
  await submitLeave(page, "2027-06-14", "2027-06-14", "体检");
  await signOut(page);
  await signIn(page, "00029");
  await page.goto("/todo");
  await hydrated(page);
  await atLeast44("batch choice", page.locator("label", { has: page.getByRole("checkbox") }).first());
  await atLeast44("language switch", page.getByRole("button", { name: "切换语言" }));
});

test("the workbench lists what waits: a draft not yet sent, and requests to approve", async ({ page }, info) => {
  await signIn(page, EMPLOYEE);
  await page.goto("/forms");
  await page.getByRole("link", { name: /^出差/ }).click();
  await hydrated(page);
  await page.getByRole("textbox", { name: "出差地点" }).fill("上海 华山医院进修");
  await expect(page.getByTestId("save-state")).toHaveText("草稿已保存");

  await page.goto("/");
  const waiting = page.getByTestId("waiting");
  await expect(waiting).toBeVisible();
  const draft = waiting.getByTestId("waiting-draft").filter({ hasText: "出差" });
  await expect(draft).toHaveCount(1);
  const box = await draft.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await page.screenshot({ path: `/tmp/luodi-e2e-results/workbench-${info.project.name}.png`, fullPage: true });
  await draft.click();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "出差地点" })).toHaveValue("上海 华山医院进修");

  // A request submitted to the supervisor waits on the supervisor's workbench.
  await submitLeave(page, "2026-12-21", "2026-12-21", "看牙");
  await signOut(page);
  await signIn(page, "00029");
  const approvals = page.getByTestId("waiting").getByTestId("waiting-approvals");
  await expect(approvals).toContainText(/\d+ 项申请等您审批/);
  const badge = await page.getByRole("navigation", { name: "落地" }).filter({ visible: true }).getByRole("link", { name: /待办/ }).innerText();
  expect(await approvals.innerText()).toContain(`${badge.match(/\d+/)![0]} 项申请`);
  await approvals.click();
  await expect(page).toHaveURL(/\/todo$/);
});
