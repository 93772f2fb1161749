import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";
const POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowWebMain",
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": "project_path:sim-e2e/web:ref_type:branch:ref:main" } },
    },
  ],
};

test.beforeAll(async () => {
  // Stands in for the reconciler having read the role's trust policy from IAM.
  await dbQuery(
    `insert into iam_roles (id, aws_account_id, name, arn, actual_trust_policy, actual_fetched_at, updated_at)
     select gen_random_uuid(), id, 'sim-e2e-role', 'arn:aws:iam::111122223333:role/sim-e2e-role', $1::jsonb, now(), now()
       from aws_accounts where account_id = '111122223333'
     on conflict (arn) do nothing`,
    [JSON.stringify(POLICY)],
  );
});

test("a requester describes a job in the Simulator and sees which role allows it and why", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/simulator");
  await page.getByLabel("Project path").fill("sim-e2e/web");
  await page.getByLabel("Ref", { exact: true }).fill("main");
  await page.getByLabel("Role").selectOption({ label: "sim-e2e-role" });
  await page.getByRole("button", { name: "Evaluate" }).click();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.getByRole("heading")).toContainText("Allow");
  await expect(result).toContainText("project_path:sim-e2e/web:ref_type:branch:ref:main");
  await expect(result.getByRole("cell", { name: "gitlab.com:sub" })).toBeVisible();

  await page.getByLabel("Ref", { exact: true }).fill("feature");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(result.getByRole("heading")).toContainText("ImplicitDeny");
  await expect(result.getByText("✗ false")).toBeVisible();
});

test("the Simulator says NotEvaluated, with its reason, for a role not read from IAM, and Allow once it is read", async ({ page }) => {
  const arn = "arn:aws:iam::111122223333:role/sim-e2e-unread";
  await dbQuery(
    `insert into iam_roles (id, aws_account_id, name, arn, updated_at)
     select gen_random_uuid(), id, 'sim-e2e-unread', $1, now() from aws_accounts where account_id = '111122223333'
     on conflict (arn) do update set actual_trust_policy = null, actual_fetched_at = null`,
    [arn],
  );
  await signInAs(page, "Ria Requester", "/simulator");
  const evaluate = async () => {
    await page.getByLabel("Project path").fill("sim-e2e/web");
    await page.getByLabel("Ref", { exact: true }).fill("main");
    await page.getByLabel("Role").selectOption({ value: arn });
    await page.getByRole("button", { name: "Evaluate" }).click();
  };
  await evaluate();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result.getByRole("heading")).toContainText("NotEvaluated");
  await expect(result.getByTestId("decision-reason")).toContainText("sim-e2e-unread: its trust policy has not been read from IAM yet");
  await expect(result.getByRole("row", { name: /sim-e2e-unread/ })).toContainText("nothing (never read from IAM)");

  // The reconciler reads the role's trust policy from IAM (stood in for by the database write).
  await dbQuery("update iam_roles set actual_trust_policy = $1::jsonb, actual_fetched_at = now() where arn = $2", [JSON.stringify({ ...POLICY, Statement: [{ ...POLICY.Statement[0], Sid: "Unread" }] }), arn]);
  await page.reload();
  await evaluate();
  await expect(result.getByRole("heading")).toContainText("Allow");
  await expect(result.getByTestId("decision-reason")).toHaveCount(0);
  await expect(result.getByRole("row", { name: /sim-e2e-unread/ })).toContainText("actual trust policy, read from IAM");
});

test("POST /api/v1/simulate answers the documented contract and names bad input", async ({ page }) => {
  await signInAs(page, "Audra Auditor", "/account/tokens");
  await page.getByLabel("Name").fill("simulate");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const api = page.request;
  const headers = { authorization: `Bearer ${token}` };
  const claims = { iss: "https://gitlab.com", aud: "https://gitlab.com", sub: "project_path:sim-e2e/web:ref_type:branch:ref:main" };

  const inline = await api.post("/api/v1/simulate", { headers, data: { claims, policy: POLICY } });
  expect(inline.status()).toBe(200);
  const body = await inline.json();
  expect(body.decision).toBe("Allow");
  expect(body.statements[0]).toMatchObject({ sid: "AllowWebMain", applies: true });

  const byRole = await api.post("/api/v1/simulate", { headers, data: { claims, roleArn: "arn:aws:iam::111122223333:role/sim-e2e-role" } });
  expect(await byRole.json()).toMatchObject({ decision: "Allow", roles: [{ roleName: "sim-e2e-role", decision: "Allow" }] });

  const jwtPayload = Buffer.from(JSON.stringify({ ...claims, sub: "project_path:other/x:ref_type:branch:ref:main" })).toString("base64url");
  const viaToken = await api.post("/api/v1/simulate", { headers, data: { token: `eyJhbGciOiJSUzI1NiJ9.${jwtPayload}.c2ln`, policy: POLICY } });
  expect((await viaToken.json()).decision).toBe("ImplicitDeny");

  const malformed = await api.post("/api/v1/simulate", { headers: { ...headers, "content-type": "application/json" }, data: Buffer.from("{nope") });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/not valid JSON/);
  const badJwt = await api.post("/api/v1/simulate", { headers, data: { token: "not-a-jwt" } });
  expect(badJwt.status()).toBe(400);
  expect((await badJwt.json()).error.message).toMatch(/token/i);
  const otherIssuer = await api.post("/api/v1/simulate", { headers, data: { claims: { ...claims, iss: "https://gitlab.example.com" }, policy: POLICY } });
  expect(otherIssuer.status()).toBe(200);
  expect(await otherIssuer.json()).toMatchObject({ decision: "ImplicitDeny", warnings: [expect.stringMatching(/issuer 'gitlab.example.com'/)] });

  const badPolicy = await api.post("/api/v1/simulate", { headers, data: { claims, policy: { Version: "2012-10-17", Statement: [{ Effect: "Maybe" }] } } });
  expect(badPolicy.status()).toBe(400);
  expect((await badPolicy.json()).error.message).toMatch(/policy/);
});
