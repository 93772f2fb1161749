import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

// scripts/test.ts starts moto and seeds the GitLab fake with project e2e-reconcile/app.
const MOTO_ACCOUNT = "123456789012";
const ROLE = "e2e-reconcile-deployer";
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/${ROLE}`;
const ISSUER = "https://gitlab.e2e-reconcile.example";
const FOREIGN = { Sid: "BreakGlass", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }, Action: "sts:AssumeRole" };
// A real (not sandbox) account with no management role: the credentials npm test gives trustmap
// belong to moto's default account, so STS says so and trustmap reads nothing there.
const ELSEWHERE = "444455556666";

function iam(): IAMClient {
  const endpoint = process.env.E2E_MOTO_ENDPOINT;
  if (!endpoint) throw new Error("E2E_MOTO_ENDPOINT is not set; run the e2e stage through npm test");
  return new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
}

test.beforeAll(async () => {
  await iam().send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [FOREIGN] }) }));
  await dbQuery(
    `insert into aws_accounts (id, account_id, name, issuer_url, audiences, region, updated_at)
     values (gen_random_uuid(), $1, 'e2e-moto', $2, array['sts.amazonaws.com'], 'eu-west-1', now())`,
    [MOTO_ACCOUNT, ISSUER],
  );
  await dbQuery(
    `insert into iam_roles (id, aws_account_id, name, arn, updated_at)
     select gen_random_uuid(), id, $1, $2, now() from aws_accounts where account_id = $3`,
    [ROLE, ROLE_ARN, MOTO_ACCOUNT],
  );
  await dbQuery(
    `insert into aws_accounts (id, account_id, name, issuer_url, audiences, updated_at)
     values (gen_random_uuid(), $1, 'e2e-elsewhere', $2, array['sts.amazonaws.com'], now())`,
    [ELSEWHERE, ISSUER],
  );
  await dbQuery(
    `insert into iam_roles (id, aws_account_id, name, arn, updated_at)
     select gen_random_uuid(), id, 'e2e-unreachable', $1, now() from aws_accounts where account_id = $2`,
    [`arn:aws:iam::${ELSEWHERE}:role/e2e-unreachable`, ELSEWHERE],
  );
  await dbQuery(
    `insert into mappings (id, scope, gitlab_path, ref_type, ref_pattern, role_id, audience, status, requester_id, justification, updated_at)
     select gen_random_uuid(), 'project', 'e2e-reconcile/app', 'branch', 'main', r.id, 'sts.amazonaws.com', 'approved', u.id, 'e2e deploys', now()
       from iam_roles r, users u where r.arn = $1 and u.username = 'ria'`,
    [ROLE_ARN],
  );
});

test("an approver plans, reviews the trust-policy diff, applies with confirmation and watches it finish", async ({ page }) => {
  await signInAs(page, "Avery Approver", "/reconcile");
  await page.getByRole("button", { name: "Plan" }).click();
  const op = page.getByTestId("trust-policy-op").filter({ hasText: ROLE });
  await expect(op).toBeVisible({ timeout: 30_000 });
  await expect(op).toContainText("project_path:e2e-reconcile/app:ref_type:branch:ref:main");

  await page.getByRole("button", { name: "Apply…" }).click();
  await page.getByRole("group", { name: "Confirm apply" }).getByRole("button", { name: "Confirm apply" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("run-progress")).toContainText("trust-policy.update");
  // Each GitLab write names GitLab's X-Request-Id (26 characters of Crockford base32).
  await expect(page.getByTestId("run-progress").locator("tr", { hasText: "variable.create" }).first()).toContainText(/[0-9A-HJKMNP-TV-Z]{26}/);

  // IAM now holds the managed statement next to the untouched foreign one.
  const role = await iam().send(new GetRoleCommand({ RoleName: ROLE }));
  const doc = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)) as { Statement: { Sid?: string; Condition?: unknown }[] };
  expect(doc.Statement[0]).toEqual(FOREIGN);
  expect(JSON.stringify(doc.Statement[1]?.Condition)).toContain("project_path:e2e-reconcile/app:ref_type:branch:ref:main");

  // A second plan has nothing left to do for this role.
  await page.getByRole("button", { name: "Plan" }).click();
  await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("trust-policy-op").filter({ hasText: ROLE })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /\d{4}-\d\d-\d\d/ }).first()).toBeVisible();
});

test("a drift check names the account it could not check instead of calling everything in sync", async ({ page }) => {
  await signInAs(page, "Avery Approver", "/reconcile");
  await page.getByRole("button", { name: "Check drift" }).click();
  const unchecked = page.getByTestId("drift-unchecked");
  await expect(unchecked).toBeVisible({ timeout: 30_000 });
  await expect(unchecked).toContainText(ELSEWHERE);
  await expect(unchecked).toContainText(`belong to account ${MOTO_ACCOUNT}, not ${ELSEWHERE}`);
  await expect(page.getByText("No drift: IAM and GitLab match the approved state.")).toHaveCount(0);
});

test("an auditor sees the run history but cannot plan or apply", async ({ page }) => {
  await signInAs(page, "Audra Auditor", "/reconcile");
  await expect(page.getByRole("heading", { name: "Run history" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Plan" })).toHaveCount(0);
  await expect(page.getByText(/planning and applying need an approver or admin/)).toBeVisible();
});

test("an auditor's token cannot apply through the API: 403, and the attempt is audited", async ({ page }) => {
  await signInAs(page, "Audra Auditor", "/account/tokens");
  await page.getByLabel("Name").fill("try-apply");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const res = await page.request.post("/api/v1/reconcile/apply", { headers: { authorization: `Bearer ${token}` }, data: { planHash: "0".repeat(64) } });
  expect(res.status()).toBe(403);
  const rows = await dbQuery<{ n: string }>(
    `select count(*)::text as n from audit_events e join users u on u.id = e.actor_id
      where u.username = 'audra' and e.action = 'auth.denied' and e.data->>'where' = 'POST /api/v1/reconcile/apply'`,
  );
  expect(Number(rows[0]!.n)).toBe(1);
});
