import { expect, test } from "@playwright/test";
import { signInAs } from "./support";

test("a user creates a personal API token, uses it on /api/v1 with their role, and revokes it", async ({ page, request, playwright }) => {
  // No session, no token: 401.
  const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anon.get("/api/v1/me")).status()).toBe(401);

  await signInAs(page, "Audra Auditor", "/account/tokens");
  await page.getByLabel("Name").fill("nightly export");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^tmp_/);

  const me = await anon.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ username: "audra", role: "auditor" });

  // Shown once: after a reload only the prefix is visible.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByRole("row", { name: /nightly export/ });
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");

  const after = await anon.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  expect((await anon.get("/api/v1/me", { headers: { authorization: "Bearer tmp_forged" } })).status()).toBe(401);
  await anon.dispose();
  void request;
});

test("the token form shows field errors next to the field", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/account/tokens");
  await page.getByLabel("Name").fill("x");
  await page.getByLabel(/Expires in/).fill("999");
  await page.getByLabel(/Expires in/).evaluate((el) => el.removeAttribute("max"));
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#token-days-error")).toHaveText("At most 366 days");
});
