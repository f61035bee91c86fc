import { test as base, expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "Luodi2026";
export const ADMIN = "00002";
export const EMPLOYEE = "00031";
export const COORDINATOR = "00003"; // 李晓梅, training coordinator

/** Every page fails its test on a console error or an uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        // A 4xx answer is the server refusing bad input (the page shows why); Chromium
        // logs it anyway; so is a request made while a test holds the connection down.
        // Real faults (5xx) and script errors still fail the test.
        if (msg.type() === "error" && !/status of 4\d\d|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(msg.text())) errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Waits until the WASM has hydrated the page (a marker only the browser sets). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1, { timeout: 30_000 });
}

export async function signIn(page: Page, account: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("工号 / 手机号 / 邮箱").fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
}

export async function signOut(page: Page) {
  await page.goto("/me");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** As the signed-in administrator: an invite for the first invited employee on the list;
 * returns their employee number and the invite code. */
export async function inviteFirstInvited(page: Page): Promise<{ employeeNo: string; code: string }> {
  await page.goto("/admin/org/employees?status=invited");
  await hydrated(page);
  const first = page.getByRole("listitem").getByRole("link").first();
  const employeeNo = (await first.locator("span.text-xs").first().textContent())!.trim();
  await first.click();
  await page.getByRole("button", { name: "发送邀请" }).click();
  const code = (await page.getByTestId("invite-code").textContent())!.trim();
  return { employeeNo, code };
}

/** As the signed-in coordinator: a paper drawn from the OA bank and an exam for everyone.
 * `objectiveOnly` leaves out the short answer (graded at hand-in); `passMark` defaults to 50. */
export async function createExam(page: Page, title: string, closesInMs: number, options: { passMark?: number; objectiveOnly?: boolean } = {}): Promise<string> {
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
    parts: options.objectiveOnly
      ? [draw("Single", 3, 20), draw("TrueFalse", 2, 10)]
      : [draw("Single", 3, 20), draw("TrueFalse", 2, 10), draw("Short", 1, 20)],
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
      pass_mark: options.passMark ?? 50,
      shuffle_questions: false,
      shuffle_options: false,
      reveal: "AfterHandIn",
      layout: "OnePerScreen",
      audience: { departments: [], roles: ["Employee"], people: [] },
      retest_of: null,
    },
  });
}

/** As the signed-in employee: a leave request for these days, submitted; returns its id.
 * `path`, when given, is checked against the approval path the form previews. */
export async function submitLeave(page: Page, start: string, end: string, reason: string, path?: string[]): Promise<string> {
  await page.goto("/forms");
  await page.getByRole("link", { name: /^请假/ }).click();
  await hydrated(page);
  await page.getByRole("combobox", { name: "请假类型" }).selectOption({ label: "年假" });
  const period = page.getByRole("group", { name: /请假时间/ });
  await period.getByLabel("开始日期").fill(start);
  await period.getByLabel("结束日期").fill(end);
  await page.getByRole("textbox", { name: "请假事由" }).fill(reason);
  if (path) {
    // Before submitting, the path for these values: who approves, step by step.
    await expect(page.getByTestId("path-step")).toHaveText(path);
  }
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/submissions\/.+\?submitted=1/);
  const id = new URL(page.url()).pathname.split("/")[2];
  return id;
}
