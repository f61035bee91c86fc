import { test, expect, signIn, signOut, hydrated, EMPLOYEE } from "./fixtures";
import type { Page } from "@playwright/test";

const COORDINATOR = "00003"; // 李晓梅, training coordinator

/** As the signed-in coordinator: a paper drawn from the OA bank and an exam for everyone. */
async function createExam(page: Page, title: string, closesInMs: number): Promise<string> {
  const call = async (endpoint: string, body: unknown) => {
    // A state-changing request from the page's own origin, as the browser would send it.
    const origin = new URL(page.url()).origin;
    const res = await page.request.post(`/api/training/${endpoint}`, { data: body, headers: { Accept: "application/json", Origin: origin } });
    expect(res.ok(), `${endpoint}: ${await res.text()}`).toBeTruthy();
    return res.json();
  };
  const categories = await call("categories", {});
  const oa = categories.find((c: { name: string }) => c.name.includes("OA"));
  const draw = (kind: string, count: number, points: number) => ({
    Draw: { category_id: oa.id, kind, difficulty_min: 1, difficulty_max: 5, count, points },
  });
  const paperId = await call("create-paper", {
    title,
    parts: [draw("Single", 3, 20), draw("TrueFalse", 2, 10), draw("Short", 1, 20)],
  });
  const now = Date.now();
  return call("create-exam", {
    settings: {
      title,
      paper_id: paperId,
      opens_at: now - 60_000,
      closes_at: now + closesInMs,
      duration_minutes: 30,
      attempts_allowed: 1,
      pass_mark: 50,
      shuffle_questions: false,
      shuffle_options: false,
      reveal: "AfterHandIn",
      layout: "OnePerScreen",
      audience: { departments: [], roles: ["Employee"], people: [] },
      retest_of: null,
    },
  });
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
  await page.waitForTimeout(40_000);
  await page.goto("/learn");
  await hydrated(page);
  const card = page.getByTestId("my-exam").filter({ hasText: title });
  await expect(card).toContainText("考试已结束");
  await card.getByRole("link", { name: /最好成绩/ }).click();
  await expect(page.getByTestId("handed-in-by-server")).toBeVisible();
});
