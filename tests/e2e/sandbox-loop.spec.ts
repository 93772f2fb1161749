import { expect, test, type Page } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

// Runs against the second app of the e2e stage (scripts/test.ts): demo mode with no AWS and no
// GitLab configured, so the built-in sandbox (AWS account 111122223333, GitLab with acme/*)
// serves both, seeded as `npm start` seeds an empty database. One test walks the whole loop, in
// order, as a newcomer would, without reading the README.

const PROJECT = "acme/api";
const SUB = `project_path:${PROJECT}:ref_type:branch:ref:main`;

async function switchTo(page: Page, name: string, path: string): Promise<void> {
  await page.context().clearCookies();
  await signInAs(page, name, path);
}

async function roleOption(page: Page, role: RegExp): Promise<string> {
  const labels = await page.getByLabel("AWS account and role").locator("option").allTextContents();
  const found = labels.find((l) => role.test(l));
  if (!found) throw new Error(`no role option matches ${role}`);
  return found;
}

test("a newcomer requests, approves, plans, applies, simulates, makes and sees drift, reverts it and scans the inventory, all in the sandbox", async ({ page }) => {
  test.setTimeout(180_000);

  // Request: the project exists in the sandbox GitLab, so the form's GitLab check passes.
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("AWS account and role").selectOption({ label: await roleOption(page, /deploy-staging/) });
  await form.getByLabel("GitLab project path").fill(PROJECT);
  await form.getByLabel("Ref or glob").fill("main");
  await form.getByLabel("Justification").fill("The API deploys to staging from main");
  await expect(page.getByTestId("preview-sub")).toContainText(SUB);
  await expect(page.getByRole("link", { name: /How the provider, the trust policy and this job fit together/ })).toHaveAttribute("href", "/how-it-works");
  await form.getByRole("button", { name: "File request" }).click();
  await expect(form.getByRole("status")).toContainText(`Request filed for ${PROJECT}`);

  // Approve.
  await switchTo(page, "Avery Approver", "/approvals");
  const item = page.getByTestId("approval-item").filter({ hasText: PROJECT });
  await expect(item.getByRole("link", { name: "How it works" })).toBeVisible();
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("Approved: ");

  // Plan and apply against the sandbox: nothing unread, nothing refused.
  await page.goto("/reconcile");
  await expect(page.getByTestId("sandbox-note")).toContainText("AWS account 111122223333 and GitLab are trustmap's built-in sandbox");
  await expect(page.getByText(/No GitLab API token is configured/)).toHaveCount(0);
  await page.getByRole("button", { name: "Plan" }).click();
  const op = page.getByTestId("trust-policy-op").filter({ hasText: "deploy-staging" });
  await expect(op).toContainText(SUB, { timeout: 30_000 });
  await expect(page.getByTestId("plan-unread")).toHaveCount(0);
  await page.getByRole("button", { name: "Apply…" }).click();
  await page.getByRole("group", { name: "Confirm apply" }).getByRole("button", { name: "Confirm apply" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("run-progress")).toContainText("variable.create");

  // Simulate: the job on acme/api main may now assume the role, judged on the policy read from the sandbox IAM.
  await page.goto("/simulator");
  await expect(page.getByTestId("sandbox-note")).toBeVisible();
  await page.getByLabel("Project path").fill(PROJECT);
  await page.getByLabel("Ref", { exact: true }).fill("main");
  await page.getByLabel("Role").selectOption({ label: "deploy-staging" });
  await page.getByRole("button", { name: "Evaluate" }).click();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.getByRole("heading")).toContainText("Allow");
  await expect(result).toContainText(SUB);

  // Change the trust policy behind trustmap's back, then see drift and revert it.
  await page.goto("/reconcile");
  await page.getByLabel("Sandbox role").selectOption({ label: "deploy-staging" });
  await page.getByRole("button", { name: "Edit trust policy out of band" }).click();
  await expect(page.getByTestId("oob-result")).toContainText("deploy-staging's trust policy now also lets project_path:*");
  await page.getByRole("button", { name: "Check drift" }).click();
  await expect(page.getByTestId("reconcile-announcement")).toContainText("Drift check finished. Drift found: 1 item(s)", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Reconcile result" })).toContainText("The managed statement of deploy-staging was changed outside trustmap");
  await page.getByRole("button", { name: "Apply…" }).click();
  await page.getByRole("group", { name: "Confirm apply" }).getByRole("button", { name: "Confirm apply" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await page.getByRole("button", { name: "Check drift" }).click();
  await expect(page.getByRole("region", { name: "Reconcile result" })).toContainText("No drift: IAM and GitLab match the approved state.", { timeout: 30_000 });
  const [edit] = await dbQuery<{ actor: string }>("select actor_label as actor from audit_events where action = 'sandbox.changed'");
  expect(edit?.actor).toBe("avery");

  // Scan the inventory: the settings already point at the sandbox group.
  await switchTo(page, "Ada Admin", "/inventory");
  await expect(page.getByTestId("sandbox-note")).toContainText("GitLab is trustmap's built-in sandbox");
  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scan finished" })).toHaveText("Scan finished: 4 projects.");
  const row = (path: string) => page.getByTestId(`inventory-row-${path}`);
  await expect(row("acme/legacy-billing")).toContainText("Static keys");
  await expect(row("acme/legacy-billing").getByTestId("access-key-id")).toHaveText(/^AKIA/);
  await expect(row(PROJECT)).toContainText("OIDC (managed by trustmap)");
});

test("every persona finds the sandbox labelled and How it works with this installation's values", async ({ page }) => {
  await signInAs(page, "Audra Auditor", "/roles");
  await expect(page.getByTestId("sandbox-note")).toBeVisible();
  await expect(page.getByRole("row", { name: /deploy-staging/ }).getByTestId("sandbox-badge")).toBeVisible();
  await page.goto("/access");
  await expect(page.getByTestId("sandbox-note")).toBeVisible();
  await page.getByRole("link", { name: "How it works" }).click();
  await expect(page).toHaveURL(/\/how-it-works$/);
  await expect(page.getByTestId("hiw-provider-arn")).toHaveText("arn:aws:iam::111122223333:oidc-provider/gitlab.com");
  await expect(page.getByTestId("hiw-sub")).toContainText("project_path:acme/web:ref_type:branch:ref:main");
  await expect(page.getByTestId("hiw-trust-policy")).toContainText('"gitlab.com:sub"');
  await expect(page.getByTestId("hiw-ci-job")).toContainText("id_tokens:");

  await page.context().clearCookies();
  await signInAs(page, "Ria Requester", "/how-it-works");
  await expect(page.getByRole("heading", { name: "How it works", level: 1 })).toBeVisible();
});
