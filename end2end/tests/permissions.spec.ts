import { test, expect, signIn, signOut, hydrated, ADMIN, EMPLOYEE, COORDINATOR } from "./fixtures";

/** 陈志明, head of internal medicine. */
const HEAD = "00030";

/** Each page that needs a capability, and the capability (as in core/permission.rs). */
const PAGES: [string, string][] = [
  ["/admin/org", "ManageOrganisation"],
  ["/admin/org/employees", "ManageOrganisation"],
  ["/admin/import", "ManageOrganisation"],
  ["/admin/tokens", "ManageApiTokens"],
  ["/admin/forms", "ManageForms"],
  ["/admin/training", "RunTraining"],
  ["/admin/training/bank", "RunTraining"],
  ["/admin/training/new", "RunTraining"],
  ["/admin/adoption", "RunAdoption"],
  ["/reports/approval-time", "SeeApprovalFigures"],
  ["/adoption", "SeeAdoptionDashboard"],
  ["/adoption/report", "SeeAllAdoption"],
];

/** What each demo person may do: the administrator everything; 李晓梅 coordinates training
 * and heads HR; 陈志明 heads internal medicine; 赵丽 is an employee. */
const PEOPLE: [string, string, string[] | "all"][] = [
  ["an administrator", ADMIN, "all"],
  ["a training coordinator and HR head", COORDINATOR, ["RunTraining", "SeeApprovalFigures", "SeeAdoptionDashboard"]],
  ["a department head", HEAD, ["SeeApprovalFigures", "SeeAdoptionDashboard"]],
  ["an employee", EMPLOYEE, []],
];

for (const [who, account, allowed] of PEOPLE) {
  test(`${who} opens exactly the pages the permission table grants, and is refused the rest with 403 and no controls`, async ({ page }) => {
    await signIn(page, account);
    for (const [path, capability] of PAGES) {
      const may = allowed === "all" || allowed.includes(capability);
      const response = await page.goto(path);
      expect(response?.status(), `${path} for ${who}`).toBe(may ? 200 : 403);
      await hydrated(page);
      const refusal = page.getByRole("heading", { name: "您没有权限打开此页面" });
      const main = page.locator("main");
      if (may) {
        await expect(refusal, `${path} for ${who}`).toHaveCount(0);
      } else {
        await expect(refusal, `${path} for ${who}`).toBeVisible();
        // Nothing to act with: no buttons, fields or forms inside the page.
        await expect(main.locator("button, input, select, textarea, form"), `${path} for ${who}`).toHaveCount(0);
      }
    }
  });
}

test("the workbench and the sidebar offer only the administration a person may use", async ({ page }) => {
  await signIn(page, COORDINATOR);
  const admin = page.getByRole("heading", { name: "管理" });
  await expect(admin).toBeVisible();
  const card = page.locator("section").filter({ has: admin });
  await expect(card.getByRole("link")).toHaveText(["考试管理"]);

  await signOut(page);
  await signIn(page, HEAD);
  await expect(page.getByRole("heading", { name: "管理" })).toHaveCount(0);
});
