import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

// scripts/test.ts seeds the GitLab fake with group e2e-inventory: payments (static keys),
// web/deployer (ROLE_ARN managed by trustmap), analytics (a foreign *_ROLE_ARN), docs (nothing).

test("an admin points the inventory at a group, scans it, filters the list, and finds the way off static keys", async ({ page }) => {
  await signInAs(page, "Ada Admin", "/inventory");
  await page.getByText("Inventory settings (groups and variable-key patterns)").click();
  const form = page.getByRole("form", { name: "Inventory settings" });
  await form.getByLabel("Top-level GitLab groups to scan").fill("e2e-inventory/nested");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#inv-groups-error")).toContainText("Line 1: A top-level group path");
  await expect(form.getByLabel("Top-level GitLab groups to scan")).toHaveValue("e2e-inventory/nested");
  await form.getByLabel("Top-level GitLab groups to scan").fill("e2e-inventory");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved. The next scan uses these settings.");

  await page.getByRole("button", { name: "Scan now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Scan finished" })).toHaveText("Scan finished: 4 projects.");
  const row = (path: string) => page.getByTestId(`inventory-row-${path}`);
  await expect(row("e2e-inventory/payments")).toContainText("Static keys");
  await expect(row("e2e-inventory/payments")).toContainText("AWS_SECRET_ACCESS_KEY");
  await expect(row("e2e-inventory/payments").getByTestId("access-key-id")).toHaveText("AKIAE2EINVENTORY0001");
  await expect(row("e2e-inventory/web/deployer")).toContainText("OIDC (managed by trustmap)");
  await expect(row("e2e-inventory/analytics")).toContainText("OIDC (not managed by trustmap)");
  await expect(row("e2e-inventory/docs")).toContainText("None detected");
  await expect(page.getByText("e2eFakeSecretAccessKeyValue")).toHaveCount(0);
  await expect(row("e2e-inventory/payments").getByRole("link", { name: "Move to OIDC" })).toHaveAttribute(
    "href",
    "/requests?scope=project&path=e2e-inventory%2Fpayments&refType=branch&ref=main",
  );

  await page.getByLabel("Method").selectOption({ label: "OIDC (not managed by trustmap)" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/method=oidc_foreign/);
  await expect(page.getByRole("table", { name: "Projects and how they reach AWS" }).getByRole("row")).toHaveCount(2);
  await expect(row("e2e-inventory/analytics")).toBeVisible();

  const [audit] = await dbQuery<{ n: string }>(
    "select count(*)::text as n from audit_events e join users u on u.id = e.actor_id where u.username = 'ada' and e.action = 'inventory.scanned' and e.data->>'status' = 'succeeded'",
  );
  expect(Number(audit?.n)).toBeGreaterThan(0);

  // "Move to OIDC" opens the request form pre-filled with the project and its default branch.
  await page.goto("/inventory");
  await row("e2e-inventory/payments").getByRole("link", { name: "Move to OIDC" }).click();
  await expect(page).toHaveURL(/\/requests\?scope=project/);
  const requestForm = page.getByRole("form", { name: "Request access" });
  await expect(requestForm.getByLabel("GitLab project path")).toHaveValue("e2e-inventory/payments");
  await expect(requestForm.getByLabel("Ref or glob")).toHaveValue("main");
});

test("an auditor reads the inventory but cannot scan or change its settings; a requester cannot open it", async ({ page, browser }) => {
  await signInAs(page, "Audra Auditor", "/inventory");
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
  await expect(page.getByTestId("inventory-row-e2e-inventory/payments")).toContainText("Static keys");
  await expect(page.getByRole("button", { name: "Scan now" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Inventory settings" })).toHaveCount(0);

  const requester = await browser.newPage();
  await signInAs(requester, "Ria Requester");
  expect((await requester.goto("/inventory"))?.status()).toBe(403);
  await requester.close();
});
