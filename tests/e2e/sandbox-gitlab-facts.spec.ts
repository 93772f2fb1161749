import { expect, test } from "@playwright/test";
import { optionLabel, signInAs, switchPersona } from "./support";

// Issue #12 in the sandbox app of the e2e stage (demo mode, no AWS or GitLab configured), as a
// fresh `npm start` shows it: the sandbox GitLab's acme/web protects main but not feature/login,
// and acme's members are the demo personas (ria Developer, avery and blake Maintainers, ada
// Owner; audra only a Reporter of acme/web). The seed read those facts, so they show at once.

const PROJECT = "acme/web";
const REF = "feature/login";
const SUB = `project_path:${PROJECT}:ref_type:branch:ref:${REF}`;
const REASON = `${REF} on ${PROJECT} is not protected: 4 people with Developer access can push it`;

test("a requester's preview shows GitLab's side; the approver sees the unprotected branch as high risk with its reason, the diff and the people", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("AWS account and role").selectOption({ label: await optionLabel(page, /deploy-staging/) });
  await form.getByLabel("GitLab project path").fill(PROJECT);
  await form.getByLabel("Ref or glob").fill(REF);
  await form.getByLabel("Justification").fill("Preview deploys of the login feature");
  await expect(page.getByTestId("preview-sub")).toContainText(SUB);

  // The preview: GitLab's side of the grant, the people behind it, and the risk it makes.
  const gitlab = page.getByTestId("preview-gitlab");
  await expect(gitlab).toContainText("not protected");
  await gitlab.getByText(`4 people can obtain a token for branch ${REF} on ${PROJECT}`).click();
  await expect(gitlab.getByTestId("gitlab-people")).toContainText("Ria Requester (@ria, Developer)");
  await expect(gitlab.getByTestId("gitlab-people")).not.toContainText("Audra");
  await expect(page.getByTestId("preview-risk")).toContainText(REASON);
  await form.getByRole("button", { name: "File request" }).click();
  await expect(form.getByRole("status")).toContainText("high risk, needs 2 approvers");

  // The approver's card: why high risk, the trust-policy change as +/− lines, the size, GitLab's facts.
  await switchPersona(page, "Avery Approver", "/approvals");
  const item = page.getByTestId("approval-item").filter({ hasText: `branch ${REF}` });
  await expect(item).toContainText("high risk · 2 approvers");
  const review = item.getByTestId("mapping-review");
  await expect(review.getByTestId("review-sub")).toContainText(SUB);
  await expect(review.getByTestId("review-risk")).toContainText(REASON);
  const diff = review.getByTestId("review-diff");
  await expect(diff.locator("ins[data-mark=add]").filter({ hasText: SUB })).toHaveCount(1);
  await expect(diff.getByTestId("review-size")).toContainText("characters");
  const side = review.getByTestId("gitlab-side");
  await expect(side).toContainText("not protected");
  await side.getByText(/4 people can obtain a token/).click();
  await expect(side.getByTestId("gitlab-people")).toContainText("Blake Approver (@blake, Maintainer)");

  // An auditor sees, and exports, the people who can assume the role (its policy as read from the sandbox IAM).
  await switchPersona(page, "Audra Auditor", "/access");
  await page.getByLabel("Role", { exact: true }).selectOption({ label: await optionLabel(page, /^deploy-staging/, "Role") });
  await page.getByRole("form", { name: "Who can assume" }).getByRole("button", { name: "Show" }).click();
  const people = page.getByTestId("role-people");
  await expect(people).toContainText("policy read from IAM");
  await expect(people).toContainText("Avery Approver (@avery, Maintainer)");
  const section = page.getByRole("region", { name: "People who can obtain its credentials" });
  const href = await section.getByRole("link", { name: "Export people as CSV" }).getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  const csv = (await res.text()).trim().split(/\r?\n/);
  expect(csv[0]).toBe("role_arn,based_on,username,name,access_level,role,project,ref_type,ref,grant,how");
  expect(csv.some((l) => l.includes(",actual,avery,") && l.includes(`,${PROJECT},branch,main,`))).toBe(true);
});
