import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

test("an admin connects an AWS account, fixing a bad account id shown next to its field, and registers a role", async ({ page }) => {
  await signInAs(page, "Ada Admin", "/settings");
  const form = page.getByRole("form", { name: "Add AWS account" });
  await form.getByLabel("Account id").fill("12345");
  await form.getByLabel("Name").fill("e2e-staging");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(page.locator("#acct-accountId-error")).toHaveText("An AWS account id is exactly 12 digits");
  await form.getByLabel("Account id").fill("999988887777");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByRole("cell", { name: /e2e-staging 999988887777/ })).toBeVisible();

  const roleForm = page.getByRole("form", { name: "Register IAM role" });
  await roleForm.getByLabel("AWS account").selectOption({ label: "e2e-staging (999988887777)" });
  await roleForm.getByLabel("Role name").fill("e2e-deployer");
  await roleForm.getByRole("button", { name: "Register role" }).click();
  await expect(roleForm.getByRole("status")).toHaveText("Registered arn:aws:iam::999988887777:role/e2e-deployer.");
  await page.goto("/roles");
  await expect(page.getByText("arn:aws:iam::999988887777:role/e2e-deployer")).toBeVisible();
});

test("an approver cannot open settings and a requester cannot change roles", async ({ page }) => {
  await signInAs(page, "Blake Approver");
  expect((await page.goto("/settings"))?.status()).toBe(403);
});

test("a refused form keeps what the user typed", async ({ page }) => {
  await signInAs(page, "Ada Admin", "/settings");
  const form = page.getByRole("form", { name: "Add AWS account" });
  await form.getByLabel("Account id").fill("not-digits");
  await form.getByLabel("Name").fill("keeps-my-input");
  await form.getByRole("button", { name: "Add account" }).click();
  await expect(page.locator("#acct-accountId-error")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue("keeps-my-input");
  await expect(form.getByLabel("Account id")).toHaveValue("not-digits");
});

test("an admin checks an account's credentials and learns they belong to another account", async ({ page }) => {
  // npm test runs trustmap with moto's default credentials (account 123456789012).
  await dbQuery(
    `insert into aws_accounts (id, account_id, name, issuer_url, audiences, updated_at)
     values (gen_random_uuid(), '555566667777', 'e2e-other-creds', 'https://gitlab.com', array['https://gitlab.com'], now())`,
  );
  await signInAs(page, "Ada Admin", "/settings");
  const other = page.getByRole("row", { name: /e2e-other-creds/ });
  await other.getByRole("button", { name: "Check credentials for e2e-other-creds (555566667777)" }).click();
  await expect(other.getByRole("status")).toContainText("belong to account 123456789012, not 555566667777", { timeout: 15_000 });
  await expect(other).toContainText("none (default chain)");
  // The demo account is the built-in sandbox: no AWS credentials are involved, so there is nothing to check.
  const demo = page.getByRole("row", { name: /demo-sandbox/ });
  await expect(demo.getByTestId("sandbox-badge")).toBeVisible();
  await expect(demo).toContainText("trustmap's built-in sandbox serves this account");
  await expect(demo.getByRole("button", { name: /Check credentials/ })).toHaveCount(0);
});
