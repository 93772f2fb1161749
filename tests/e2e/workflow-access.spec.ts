import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { dbQuery, fileRequest, optionLabel, PROJECT, signInAs, unique } from "./support";

// The e2e stage connects the app to the GitLab fake (GITLAB_URL + GITLAB_TOKEN), so requests must
// name a project/group that exists there (seeded by scripts/test.ts). Specs share one database, so
// every test makes its request unique through the ref instead.
const GROUP = "e2e-inventory";

/** Another persona in the same browser: drop the session cookie, then sign in. */
async function switchTo(page: Page, name: string, path: string): Promise<void> {
  await page.context().clearCookies();
  await signInAs(page, name, path);
}

function queueItem(page: Page, ref: string) {
  return page.getByTestId("approval-item").filter({ hasText: `branch ${ref}` });
}

async function statusOf(ref: string): Promise<string> {
  const rows = await dbQuery<{ status: string }>("select status::text from mappings where ref_pattern = $1", [ref]);
  return rows[0]?.status ?? "missing";
}

test("requester files a request with a bad path, sees the error next to the field, then files a good one", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("AWS account and role").selectOption({ label: await optionLabel(page, /deploy-staging/) });
  await form.getByLabel("GitLab project path").fill("acme/web app");
  await form.getByLabel("Justification").fill("Deploys from CI need this role");
  await form.getByRole("button", { name: "File request" }).click();
  await expect(page.locator("#req-gitlabPath-error")).toContainText("Path 'acme/web app' segment 'web app' contains a character");
  await expect(form.getByLabel("Justification")).toHaveValue("Deploys from CI need this role");

  const ref = unique("good");
  await form.getByLabel("GitLab project path").fill(PROJECT);
  await form.getByLabel("Ref or glob").fill(ref);
  // The live preview shows what the request compiles to before it is filed.
  await expect(page.getByTestId("preview-sub")).toContainText(`project_path:${PROJECT}:ref_type:branch:ref:${ref}`);
  // The CI job: an ID token, the role in a profile the job writes, restricted to the requested ref.
  const snippet = page.getByTestId("preview-snippet");
  await expect(snippet).toContainText(`$CI_COMMIT_BRANCH == "${ref}"`);
  const lines = ((await snippet.textContent()) ?? "").split("\n");
  expect(lines.slice(lines.indexOf("  id_tokens:"), lines.indexOf("  id_tokens:") + 3)).toEqual(["  id_tokens:", "    GITLAB_OIDC_TOKEN:", '      aud: "https://gitlab.com"']);
  expect(lines).toEqual(
    expect.arrayContaining([
      '    TRUSTMAP_ROLE_ARN: "arn:aws:iam::111122223333:role/deploy-staging"',
      `    - if: '$CI_COMMIT_BRANCH == "${ref}"'`,
      "      [profile trustmap]",
      "      role_arn = $TRUSTMAP_ROLE_ARN",
      "      web_identity_token_file = $aws_dir/GITLAB_OIDC_TOKEN",
      '      export AWS_CONFIG_FILE="$aws_dir/config" AWS_PROFILE=trustmap',
    ]),
  );
  await expect(page.getByTestId("preview-size")).toContainText("/ 2,048 characters");
  await form.getByRole("button", { name: "File request" }).click();
  await expect(form.getByRole("status")).toContainText(`Request filed for ${PROJECT}: normal risk`);
  await expect(page.getByTestId("my-request").filter({ hasText: ref })).toContainText("requested");
  expect(await statusOf(ref)).toBe("requested");
});

test("requester cannot approve their own request, and an approver approves it", async ({ page }) => {
  const ref = unique("approve");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  expect((await page.goto("/approvals"))?.status()).toBe(403);

  await switchTo(page, "Avery Approver", "/approvals");
  const item = queueItem(page, ref);
  await expect(item).toContainText("0 of 1 approvals");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("Approved: ");
  await expect.poll(() => statusOf(ref)).toBe("approved");
});

test("an approver's own request shows no approve button to them", async ({ page }) => {
  const ref = unique("own");
  await signInAs(page, "Avery Approver", "/requests");
  await fileRequest(page, { ref });
  await page.goto("/approvals");
  const item = queueItem(page, ref);
  await expect(item).toContainText("Your own request: another approver decides.");
  await expect(item.getByRole("button", { name: "Approve" })).toHaveCount(0);
});

test("a high-risk request stays pending after one approval and is approved by a second approver", async ({ page }) => {
  const ref = unique("group");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref, path: GROUP, scope: "Group (every project)" });
  await expect(page.getByRole("form", { name: "Request access" }).getByRole("status")).toContainText("high risk, needs 2 approvers");

  await switchTo(page, "Avery Approver", "/approvals");
  let item = queueItem(page, ref);
  await expect(item).toContainText("high risk · 2 approvers");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("1 more approval needed");
  await expect(item).toContainText("You approved this; it needs a different second approver.");
  expect(await statusOf(ref)).toBe("requested");

  await switchTo(page, "Blake Approver", "/approvals");
  item = queueItem(page, ref);
  await expect(item).toContainText("1 of 2 approvals (avery)");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("Approved: ");
  await expect.poll(() => statusOf(ref)).toBe("approved");
});

test("an approver rejects with a reason, shown next to the field when missing", async ({ page }) => {
  const ref = unique("reject");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  await switchTo(page, "Blake Approver", "/approvals");
  const item = queueItem(page, ref);
  await item.getByRole("button", { name: "Reject…" }).click();
  await item.getByRole("button", { name: "Confirm reject" }).click();
  await expect(item.getByRole("alert")).toHaveText("Give a reason");
  await item.getByLabel("Reason for rejecting").fill("Use the shared deployer");
  await item.getByRole("button", { name: "Confirm reject" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("Rejected: ");
  await expect.poll(() => statusOf(ref)).toBe("rejected");
});

test("an auditor sees the grant on 'who can assume' and exports it as CSV", async ({ page }) => {
  const ref = unique("audit");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  await switchTo(page, "Avery Approver", "/approvals");
  await queueItem(page, ref).getByRole("button", { name: "Approve" }).click();
  await expect.poll(() => statusOf(ref)).toBe("approved");

  await switchTo(page, "Audra Auditor", "/access");
  await page.getByLabel("Role").selectOption({ label: (await page.getByLabel("Role").locator("option", { hasText: "deploy-staging —" }).textContent()) ?? "" });
  await page.getByRole("button", { name: "Show" }).click();
  const grant = page.getByTestId("grant-row").filter({ hasText: `branch ${ref}` });
  await expect(grant).toContainText(`project ${PROJECT}`);
  await expect(grant).toContainText("approved by avery");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toContain("role_arn,source,managed_by_trustmap");
  expect(csv).toContain(`project_path:${PROJECT}:ref_type:branch:ref:${ref}`);
});

test("an auditor cannot reach approve (403, audited), neither the page nor the API", async ({ page }) => {
  await signInAs(page, "Audra Auditor");
  expect((await page.goto("/approvals"))?.status()).toBe(403);
  const [{ id }] = (await dbQuery<{ id: string }>("select id from mappings order by created_at limit 1")) as [{ id: string }];
  const res = await page.request.post(`/api/v1/mappings/${id}/approve`, { headers: { origin: new URL(page.url()).origin }, data: {} });
  expect(res.status()).toBe(403);
  const denials = await dbQuery<{ where: string }>(
    `select e.data->>'where' as where from audit_events e join users u on u.id = e.actor_id
      where u.username = 'audra' and e.action = 'auth.denied' and e.data->>'action' in ('approvals.view', 'approvals.decide')`,
  );
  expect(denials.map((d) => d.where)).toEqual(expect.arrayContaining(["/approvals", `POST /api/v1/mappings/${id}/approve`]));
});

test("an auditor filters the audit log, verifies the chain and exports CSV", async ({ page }) => {
  // Make sure there is an approval to find, whatever ran before.
  const ref = unique("log");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  await switchTo(page, "Blake Approver", "/approvals");
  await queueItem(page, ref).getByRole("button", { name: "Approve" }).click();
  await expect.poll(() => statusOf(ref)).toBe("approved");

  await switchTo(page, "Audra Auditor", "/audit");
  await page.getByLabel("Type").selectOption("mapping.approved");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/type=mapping.approved/);
  const cells = page.locator("tbody tr td:nth-child(4)");
  await expect(cells.first()).toHaveText("mapping.approved");
  expect(new Set(await cells.allTextContents())).toEqual(new Set(["mapping.approved"]));
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText("Chain intact");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const lines = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
  expect(lines[0]).toBe("id,at,actor,action,resource_type,resource_id,data,prev_hash,hash");
  expect(lines.some((l) => l.includes(ref))).toBe(true);
  expect(lines.slice(1).every((l) => l.split(",")[3] === "mapping.approved")).toBe(true);
});

test("the mappings list filters on the server and links to a mapping's history", async ({ page }) => {
  const ref = unique("list");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  await page.goto("/mappings");
  await page.getByLabel("GitLab path or ref contains").fill(ref);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("Page 1 of 1 · 1 mappings")).toBeVisible();
  await page.getByRole("link", { name: new RegExp(ref) }).click();
  await expect(page.getByRole("heading", { level: 2, name: "History" })).toBeVisible();
  await expect(page.getByText("mapping.requested by ria")).toBeVisible();
});
