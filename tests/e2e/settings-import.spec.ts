import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

// scripts/test.ts runs trustmap with moto's default credentials (account 123456789012).
const MOTO_ACCOUNT = "123456789012";
const ROLE = "e2e-import-legacy";
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/${ROLE}`;
const MAIN = "project_path:e2e-import/app:ref_type:branch:ref:main";
const TAGS = "project_path:e2e-import/tools/*:ref_type:tag:ref:v*";

function iam(): IAMClient {
  const endpoint = process.env.E2E_MOTO_ENDPOINT;
  if (!endpoint) throw new Error("E2E_MOTO_ENDPOINT is not set; run the e2e stage through npm test");
  return new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
}

test.beforeAll(async () => {
  // The moto account may be connected already (the reconcile spec connects it); use it as it is.
  await dbQuery(
    `insert into aws_accounts (id, account_id, name, issuer_url, audiences, region, updated_at)
     values (gen_random_uuid(), $1, 'e2e-moto', 'https://gitlab.e2e-reconcile.example', array['sts.amazonaws.com'], 'eu-west-1', now())
     on conflict (account_id) do nothing`,
    [MOTO_ACCOUNT],
  );
  const [account] = await dbQuery<{ issuer_url: string; audience: string }>("select issuer_url, audiences[1] as audience from aws_accounts where account_id = $1", [MOTO_ACCOUNT]);
  const host = new URL(account!.issuer_url).host;
  // A role someone set up by hand before trustmap: a GitLab statement next to a break-glass one.
  const handWritten = {
    Sid: "HandWritten",
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::${MOTO_ACCOUNT}:oidc-provider/${host}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${host}:aud`]: account!.audience }, StringLike: { [`${host}:sub`]: [MAIN, TAGS] } },
  };
  const breakGlass = { Sid: "BreakGlass", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }, Action: "sts:AssumeRole" };
  await iam().send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [breakGlass, handWritten] }) }));
});

test("an admin imports a grant of a role found in IAM, sees where the mapping came from, and deregisters the role once nothing is live", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Ada Admin", "/settings");
  await page.getByRole("link", { name: "Import existing roles" }).click();
  await expect(page.getByRole("heading", { name: "Import existing roles" })).toBeVisible();
  await page.getByLabel("AWS account").selectOption(MOTO_ACCOUNT);
  await page.getByRole("button", { name: "Look for roles" }).click();

  const candidate = page.getByTestId(`import-candidate-${ROLE}`);
  await expect(candidate).toBeVisible({ timeout: 30_000 });
  await expect(candidate).toContainText("not registered");
  await expect(candidate.getByRole("group", { name: /Statement HandWritten \(#1\)/ })).toBeVisible();
  await expect(candidate).not.toContainText("BreakGlass");
  await candidate.getByRole("checkbox", { name: /project e2e-import\/app · branch main/ }).check();
  await candidate.getByLabel("Why trustmap takes these over").fill("brownfield onboarding");
  await candidate.getByRole("button", { name: "Import 1 grant" }).click();
  await expect(candidate.getByRole("status")).toContainText("Imported 1 mapping.", { timeout: 30_000 });

  const rows = await dbQuery<{ id: string; status: string; provenance: string; importer: string }>(
    `select m.id, m.status::text, m.provenance::text, u.username as importer
       from mappings m join iam_roles r on r.id = m.role_id join users u on u.id = m.imported_by_id where r.arn = $1`,
    [ROLE_ARN],
  );
  expect(rows.map((r) => [r.status, r.provenance, r.importer])).toEqual([["approved", "imported", "ada"]]);

  // The mapping says where it came from.
  await page.goto(`/mappings/${rows[0]!.id}`);
  await expect(page.getByTestId("mapping-provenance")).toContainText(`imported by @ada from statement HandWritten (#1) of ${ROLE_ARN}, sub pattern ${MAIN}`);

  // While the imported mapping is live, trustmap refuses to stop managing the role, and says why.
  await page.goto("/settings");
  const roleRow = page.getByTestId(`role-${ROLE}`);
  await roleRow.getByRole("button", { name: `Deregister ${ROLE}…` }).click();
  await expect(roleRow.getByRole("group", { name: `Deregister ${ROLE}` })).toContainText("Not now: e2e-import-legacy still has 1 live mapping");

  // Revoke it, then deregister: the role leaves Settings, IAM is left as it is, and it is audited.
  await page.goto(`/mappings/${rows[0]!.id}`);
  await page.getByLabel("Reason for revoking").fill("managed elsewhere after all");
  await page.getByRole("button", { name: "Revoke" }).click();
  const statusOf = async () => (await dbQuery<{ status: string }>("select status::text from mappings where id = $1", [rows[0]!.id]))[0]!.status;
  await expect.poll(statusOf, { timeout: 15_000 }).toBe("revoked");
  await page.goto("/settings");
  await roleRow.getByRole("button", { name: `Deregister ${ROLE}…` }).click();
  const confirm = roleRow.getByRole("group", { name: `Deregister ${ROLE}` });
  await expect(confirm).toContainText("IAM is left exactly as it is");
  await confirm.getByLabel("Reason (audited)").fill("imported by mistake");
  await confirm.getByRole("button", { name: `Deregister ${ROLE}` }).click();
  await expect(page.getByTestId(`role-${ROLE}`)).toHaveCount(0, { timeout: 15_000 });

  const events = await dbQuery<{ reason: string }>(
    `select data->>'reason' as reason from audit_events where action = 'settings.changed' and data->>'change' = 'iam_role.deregistered' and data->>'arn' = $1`,
    [ROLE_ARN],
  );
  expect(events.map((e) => e.reason)).toEqual(["imported by mistake"]);
  expect(await statusOf()).toBe("revoked");

  // It can be imported again: discovery offers it as not registered.
  await page.goto(`/settings/import?account=${MOTO_ACCOUNT}`);
  await expect(page.getByTestId(`import-candidate-${ROLE}`)).toContainText("not registered", { timeout: 30_000 });
});

test("an approver cannot open the import page", async ({ page }) => {
  await signInAs(page, "Avery Approver");
  expect((await page.goto("/settings/import"))?.status()).toBe(403);
});
