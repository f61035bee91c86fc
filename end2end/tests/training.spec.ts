import { test, expect, signIn, signOut, hydrated, createExam, EMPLOYEE, COORDINATOR } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

/** Picks the option of `select` whose text contains `text`. */
async function chooseByText(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).getAttribute("value");
  await select.selectOption(value ?? "");
}

async function startExam(page: Page, title: string) {
  await page.goto("/learn");
  await hydrated(page);
  const card = page.getByTestId("my-exam").filter({ hasText: title });
  await card.getByTestId("start-exam").click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[^/]+(\?.*)?$/);
  await hydrated(page);
}

/** Answers the question on screen with its first option (or types into it). */
async function answerShown(page: Page, text = "") {
  const question = page.getByTestId("question");
  if (await question.locator("textarea").count()) {
    await question.locator("textarea").fill(text);
  } else {
    await question.locator("label").first().click();
  }
}

async function saved(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-pending", "0");
  await expect(page.getByTestId("save-state")).toHaveText("已保存");
}

test("an employee answers on a phone, goes offline, answers on, comes back, reloads, finds every answer, hands in; the coordinator grades and assigns a retest", async ({ page, context }) => {
  const title = `离线测验 ${Date.now()}`;
  await signIn(page, COORDINATOR);
  await createExam(page, title, 3_600_000);
  await signOut(page);

  await signIn(page, EMPLOYEE);
  await startExam(page, title);
  await expect(page.getByTestId("timer")).toHaveText(/^(29|30):\d\d$/);
  await answerShown(page);
  await saved(page);
  await page.getByRole("button", { name: "下一题" }).click();
  await answerShown(page);
  await saved(page);

  // The connection drops: two more answers are kept on the phone.
  await context.setOffline(true);
  await page.getByRole("button", { name: "下一题" }).click();
  await answerShown(page);
  await page.getByRole("button", { name: "下一题" }).click();
  await answerShown(page);
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveText("离线");
  await expect(page.getByTestId("save-state")).not.toHaveAttribute("data-pending", "0");

  // It returns: the queue is sent without anyone doing anything.
  await context.setOffline(false);
  await saved(page);
  await expect(page.getByTestId("offline-banner")).toHaveCount(0);

  // Reloading shows every answer, from the server.
  await page.reload();
  await hydrated(page);
  const map = page.getByTestId("question-map");
  await expect(map.locator("button[data-answered=true]")).toHaveCount(4);
  await map.getByRole("button", { name: "3", exact: true }).click();
  await expect(page.getByTestId("question").locator("input:checked")).toHaveCount(1);

  // The rest, then hand in.
  await map.getByRole("button", { name: "5", exact: true }).click();
  await answerShown(page);
  await map.getByRole("button", { name: "6", exact: true }).click();
  await answerShown(page, "催办提醒审批人尽快处理，离线测验的回答");
  await saved(page);
  await page.getByTestId("hand-in").click();
  await expect(page.getByTestId("confirm-hand-in")).toContainText("所有题目都已作答");
  await page.getByTestId("confirm-hand-in-button").click();
  await expect(page).toHaveURL(/\/result$/);
  await hydrated(page);
  await expect(page.getByTestId("score")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("pass-state")).toHaveText("阅卷中");
  await expect(page.getByTestId("result-question")).toHaveCount(6);
  await signOut(page);

  // The coordinator grades the short answer; the result is final.
  await signIn(page, COORDINATOR);
  await page.goto("/admin/training/grading");
  await hydrated(page);
  const item = page.getByTestId("grading-item").filter({ hasText: "离线测验的回答" });
  await item.getByLabel(/得分/).fill("15");
  await item.getByLabel("阅卷评语").fill("要点基本齐全");
  await item.getByRole("button", { name: "提交评分" }).click();
  await expect(item).toContainText("已评分");

  // Its standing: 赵丽 is done; a retest goes to those who failed or did not take it.
  await page.goto("/admin/training");
  await hydrated(page);
  await page.getByTestId("admin-exam").filter({ hasText: title }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(page);
  const zhao = page.getByTestId("exam-person").filter({ hasText: "00031" });
  await expect(zhao).toContainText(/及格|不及格/);
  // The people are filtered by state with links (they work before the page's code).
  const filters = page.getByTestId("people-filters");
  await filters.getByRole("link", { name: /^未开始 \d+$/ }).click();
  await expect(page).toHaveURL(/state=not_started/);
  await expect(filters.getByRole("link", { name: /^未开始/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("exam-person").filter({ hasText: "00031" })).toHaveCount(0);
  await expect(page.getByTestId("exam-person").first()).toContainText("未开始");
  await filters.getByRole("link", { name: /^全部/ }).click();
  await expect(zhao).toBeVisible();
  // One definition of the pass rate, written on the page: of those who handed in (only
  // 赵丽 has), so all or none; who did not sit shows in the sit rate.
  await expect(page.getByTestId("rates-explained")).toContainText("通过率 = 通过人数 ÷ 交卷人数");
  await expect(page.getByTestId("first-pass-rate")).toHaveText(/^(100|0)%$/);
  await expect(page.getByTestId("sit-rate")).toHaveText(/^\d+(\.\d+)?%$/);
  await page.getByLabel("不及格和缺考（未考）的人").check();
  await page.getByRole("button", { name: "安排补考", exact: true }).click();
  await expect(page.getByText(/已为 \d+ 人安排补考/)).toBeVisible();
  await expect(page.getByRole("link", { name: `${title}（补考）` })).toBeVisible();
});

test("when time is up the server hands the attempt in, even with the phone off", async ({ page }) => {
  test.setTimeout(120_000);
  const title = `限时测验 ${Date.now()}`;
  await signIn(page, COORDINATOR);
  await createExam(page, title, 25_000);
  await signOut(page);

  await signIn(page, EMPLOYEE);
  await startExam(page, title);
  await answerShown(page);
  await saved(page);
  // The phone goes off: nobody has the page open any more.
  await page.goto("about:blank");
  // Poll (no fixed sleep) until the window has closed and the server's exam clock (every
  // 5 s) has handed the attempt in: the result link appears.
  const card = page.getByTestId("my-exam").filter({ hasText: title });
  await expect(async () => {
    await page.goto("/learn");
    await hydrated(page);
    await expect(card).toContainText("考试已结束", { timeout: 1_000 });
    await expect(card.getByRole("link", { name: /最好成绩/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await card.getByRole("link", { name: /最好成绩/ }).click();
  await expect(page.getByTestId("handed-in-by-server")).toBeVisible();
});

test("a coordinator writes a question, builds an exam from chosen and drawn questions and assigns it to three departments", async ({ page }) => {
  const stamp = Date.now();
  await signIn(page, COORDINATOR);
  await page.goto("/admin/training/questions/new");
  await hydrated(page);
  const editor = page.getByTestId("question-editor");
  await editor.getByLabel("题型").selectOption({ label: "填空题" });
  await editor.getByLabel("题干").fill(`急诊处方一般不得超过 ____ 日用量。（${stamp}）`);
  await editor.getByLabel(/每空一行/).fill("3 | 三");
  await editor.getByLabel("分类").fill(`e2e 分类 ${stamp}`);
  await editor.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(/\/admin\/training\/bank$/);
  await expect(page.getByTestId("bank-question").filter({ hasText: String(stamp) })).toBeVisible();

  // Once (in a desktop run) this page's load event never came although the page was
  // complete; wait for the document and the WASM instead.
  await page.goto("/admin/training/new", { waitUntil: "domcontentloaded" });
  await hydrated(page);
  const builder = page.getByTestId("exam-builder");
  await builder.getByLabel("考试名称").fill(`三科室测验 ${stamp}`);
  // Two drawn questions of 10 points from the OA bank, and the new question for 20.
  await builder.getByTestId("add-draw").click();
  const draw = builder.getByTestId("draw-row");
  await chooseByText(draw.getByLabel("分类"), "OA 系统基本操作");
  await draw.getByLabel("题数").fill("2");
  await draw.getByLabel("每题分值").fill("10");
  await expect(builder.getByTestId("paper-total")).toHaveText("试卷总分 20");
  await chooseByText(builder.getByLabel("分类").last(), `e2e 分类 ${stamp}`);
  await builder.getByLabel("每题分值").last().fill("20");
  await builder.getByTestId("builder-question").filter({ hasText: String(stamp) }).getByRole("checkbox").check();
  await expect(builder.getByTestId("paper-total")).toHaveText("试卷总分 40");
  await builder.getByLabel("及格分").fill("24");
  const departments = builder.getByTestId("audience-departments");
  for (const name of ["门诊部", "外科", "护理部"]) {
    await departments.getByLabel(name, { exact: true }).check();
  }
  await builder.getByTestId("publish-exam").click();
  await expect(page.getByRole("heading", { name: `三科室测验 ${stamp}` })).toBeVisible();
  await hydrated(page);
  const table = page.locator("table");
  for (const name of ["门诊部", "外科", "护理部"]) {
    await expect(table.getByRole("row").filter({ hasText: name })).toBeVisible();
  }
  await expect(table.getByRole("row").filter({ hasText: "内科" })).toHaveCount(0);
});

test("a coordinator previews a GIFT file, sees the bad question by its line, and imports the corrected file", async ({ page }) => {
  const stamp = Date.now();
  const good = `$CATEGORY: $course$/top/导入测试 ${stamp}\n\n::一::需要我审批的申请在哪个标签里？{=待办 ~工作台 ~消息}\n\n::二::会签要求所有人同意。{T}\n`;
  const bad = `${good}\n::三::没有正确答案 {~甲 ~乙}\n`;
  await signIn(page, COORDINATOR);
  await page.goto("/admin/training/bank/import");
  await hydrated(page);
  const file = page.getByLabel("选择文件");
  await file.setInputFiles({ name: "bank.gift", mimeType: "text/plain", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "预览" }).click();
  const problems = page.getByTestId("import-problems");
  await expect(problems.locator("li")).toHaveCount(1);
  await expect(problems.locator("li").first()).toHaveText(/^7\D/);
  await expect(page.getByRole("button", { name: "确认导入" })).toBeDisabled();
  await file.setInputFiles({ name: "bank.gift", mimeType: "text/plain", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByTestId("import-report")).toContainText("可导入 2 题");
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByTestId("import-report")).toContainText("已导入 2 题");
  await page.goto("/admin/training/bank");
  await hydrated(page);
  await expect(page.getByRole("link", { name: `导入测试 ${stamp} 2` })).toBeVisible();
});
