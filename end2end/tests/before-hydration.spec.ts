// On a weak network a page is drawn seconds before its WASM makes it live. What a person
// types, ticks or taps in that window must not be lost. These tests hold the WASM back
// (so the gap lasts as long as the test wants, with no clock involved), act on the drawn
// page, then let it through.
import { test, expect, signIn, signOut, hydrated, submitLeave, createExam, EMPLOYEE, COORDINATOR } from "./fixtures";
import type { Page, Route } from "@playwright/test";

const SUPERVISOR = "00029"; // 刘洋, 赵丽's team leader

/** Holds every WASM download until the returned function is called. */
async function holdWasm(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  let holding = true;
  await page.route(/\.wasm(\?.*)?$/, (route) => (holding ? held.push(route) : route.continue()));
  return async () => {
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    await page.unroute(/\.wasm(\?.*)?$/);
  };
}

/** Opens `path` as a first visit would: the page drawn, its WASM held back. */
async function openDrawnOnly(page: Page, path: string): Promise<() => Promise<void>> {
  const release = await holdWasm(page);
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);
  return release;
}

test("what is typed into a form before the page is live is kept and saved as the draft", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await page.goto("/forms");
  const href = await page.getByRole("link", { name: /^请假/ }).getAttribute("href");
  const release = await openDrawnOnly(page, href!);

  await page.getByRole("combobox", { name: "请假类型" }).selectOption({ label: "年假" });
  await page.getByRole("textbox", { name: "请假事由" }).fill("孩子发烧，需在家照顾");
  await release();
  await hydrated(page);

  await expect(page.getByRole("textbox", { name: "请假事由" })).toHaveValue("孩子发烧，需在家照顾");
  await expect(page.getByRole("combobox", { name: "请假类型" })).toHaveValue(/.+/);
  await expect(page.getByTestId("save-state")).toHaveText("草稿已保存");
  // The draft is on the server: a reload (with the device copy gone) finds it.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "请假事由" })).toHaveValue("孩子发烧，需在家照顾");
});

test("a tap on 同意 before the page is live is held, shown as waiting, and then carried out", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  const id = await submitLeave(page, "2027-05-10", "2027-05-10", "复诊");
  await signOut(page);

  await signIn(page, SUPERVISOR);
  const release = await openDrawnOnly(page, `/approvals/${id}`);
  const approve = page.getByRole("button", { name: "同意" });
  await approve.click();
  await expect(approve).toHaveAttribute("aria-busy", "true");
  await release();
  await hydrated(page);
  // A one-day leave needs only the supervisor: approving it ends the request.
  await expect(page.getByText("已提交：已通过")).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("list", { name: "审批记录" })).toContainText("刘洋 直属上级 · 同意");
});

test("an exam answer ticked before the page is live is saved", async ({ page }) => {
  const title = `加载前作答 ${Date.now()}`;
  await signIn(page, COORDINATOR);
  await createExam(page, title, 3_600_000, { objectiveOnly: true });
  await signOut(page);

  await signIn(page, EMPLOYEE);
  await page.goto("/learn");
  await hydrated(page);
  await page.getByTestId("my-exam").filter({ hasText: title }).getByTestId("start-exam").click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[^/?]+/);
  const attempt = new URL(page.url()).pathname;

  const release = await openDrawnOnly(page, attempt);
  await page.getByTestId("question").locator("label").nth(1).click();
  await release();
  await hydrated(page);
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-pending", "0");
  await expect(page.getByTestId("save-state")).toHaveText("已保存");

  // From the server: the answer is there after a reload.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("question").locator("input").nth(1)).toBeChecked();
  await expect(page.getByTestId("question-map").locator("button[data-answered=true]")).toHaveCount(1);
});

test("the reading pages come without code and work as drawn: links, the exam start and signing out", async ({ page }) => {
  const code: string[] = [];
  page.on("request", (request) => {
    if (/\.(wasm|js)(\?.*)?$/.test(new URL(request.url()).pathname)) code.push(request.url());
  });
  await signIn(page, EMPLOYEE);
  for (const path of ["/", "/me", "/learn", "/adoption/leaderboard", "/me/points"]) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(code).toEqual([]);
  // The tab bar's links open their pages, still without code.
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "落地" }).filter({ visible: true });
  await nav.getByRole("link", { name: "学习" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByTestId("my-exams")).toBeVisible();
  expect(code).toEqual([]);
  // Signing out is a plain form on 我的.
  await signOut(page);
  expect(code).toEqual([]);
  // A page with controls that need code still gets it.
  await signIn(page, EMPLOYEE);
  await page.goto("/forms");
  await hydrated(page);
  expect(code.some((url) => /\.wasm(\?.*)?$/.test(url))).toBe(true);
});
