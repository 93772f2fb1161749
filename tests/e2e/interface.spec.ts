import { expect, test, type Page } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

// What users expect of the interface itself: the request form's role picker, copy buttons, the
// phone menu, the skip link, focus after an action, and a confirmed role change.

const PROJECT = "e2e-inventory/docs";
const roleSelect = (page: Page) => page.getByRole("form", { name: "Request access" }).getByLabel("AWS account and role");

test("the request form starts with no role chosen, and the role search narrows the list and picks a single match", async ({ page }) => {
  // Two roles that share a word, so a search can narrow the list to more than one.
  for (const name of ["ui-picker-alpha", "ui-picker-beta"]) {
    await dbQuery(
      `insert into iam_roles (id, aws_account_id, name, arn, updated_at)
       select gen_random_uuid(), id, $1, 'arn:aws:iam::111122223333:role/' || $1, now() from aws_accounts where account_id = '111122223333'
       on conflict (arn) do nothing`,
      [name],
    );
  }
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await expect(roleSelect(page)).toHaveValue("");
  await expect(form.getByLabel("Audience (aud)")).toBeDisabled();

  // Filing without a role says so next to the role, instead of filing against some default.
  await form.getByLabel("GitLab project path").fill(PROJECT);
  await form.getByLabel("Justification").fill("Deploys from CI need this role");
  await form.getByRole("button", { name: "File request" }).click();
  await expect(page.locator("#req-roleId-error")).toHaveText("Pick an AWS role");

  const total = (await roleSelect(page).locator("option").count()) - 1;
  expect(total).toBeGreaterThanOrEqual(4);
  await form.getByLabel("Find a role").fill("UI-PICKER");
  await expect(roleSelect(page)).toHaveValue("");
  await expect(roleSelect(page).locator("option:not([value=''])")).toHaveText([/\/ ui-picker-alpha$/, /\/ ui-picker-beta$/]);
  await expect(page.locator("#req-role-search-count")).toHaveText(`2 of ${total} roles match.`);

  await form.getByLabel("Find a role").fill("deploy-staging");
  await expect(roleSelect(page).locator("option:checked")).toContainText("/ deploy-staging");
  await expect(page.locator("#req-role-search-count")).toHaveText("1 role matches; it is selected below.");
  await expect(form.getByLabel("Audience (aud)")).toBeEnabled();
  await expect(page.locator("#req-roleId-error")).toBeEmpty();
});

test("copy buttons put the ARN, sub pattern, policy JSON and CI job on the clipboard and say Copied", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("Find a role").fill("deploy-staging");
  await form.getByLabel("GitLab project path").fill(PROJECT);
  await form.getByLabel("Ref or glob").fill("main");
  const sub = `project_path:${PROJECT}:ref_type:branch:ref:main`;
  await expect(page.getByTestId("preview-sub")).toContainText(sub);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  // The button's name follows its state ("Copy sub pattern" → "Copied sub pattern").
  const copySub = page.getByTestId("preview-sub").getByRole("button", { name: /^Cop(y|ied) sub pattern$/ });
  await copySub.click();
  await expect(copySub).toHaveText("Copied sub pattern");
  await expect(page.getByText("Copied sub pattern to the clipboard.")).toBeAttached();
  expect(await clipboard()).toBe(sub);
  // The "Copied" state is brief; the button says Copy again.
  await expect(copySub).toHaveText("Copy sub pattern", { timeout: 5_000 });

  await page.getByRole("button", { name: "Copy role ARN" }).click();
  expect(await clipboard()).toMatch(/^arn:aws:iam::\d{12}:role\/deploy-staging$/);

  await page.getByRole("button", { name: "Copy Trust policy JSON" }).click();
  const policy = JSON.parse(await clipboard()) as { Statement: { Condition?: unknown }[] };
  expect(JSON.stringify(policy.Statement)).toContain(sub);

  await page.getByRole("button", { name: "Copy .gitlab-ci.yml job" }).click();
  expect(await clipboard()).toContain("id_tokens:");
});

test("the policy preview wraps its lines and can be scrolled from the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "Ria Requester", "/requests");
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("Find a role").fill("deploy-staging");
  await form.getByLabel("GitLab project path").fill(PROJECT);
  const policy = page.getByRole("region", { name: "Trust policy JSON" });
  await expect(policy).toBeVisible();
  await expect(policy).toHaveAttribute("tabindex", "0");
  const size = await policy.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }));
  expect(size.sw, "no sideways scrolling inside the policy: long lines wrap").toBeLessThanOrEqual(size.cw);
  expect(size.sh, "the seeded policy is taller than its box").toBeGreaterThan(size.ch);
  await policy.focus();
  await page.keyboard.press("PageDown");
  await expect.poll(() => policy.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
});

test("on a phone the navigation is a menu: it opens and closes by keyboard, marks the current page, and closes after a link", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "Ada Admin", "/mappings");
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Mappings" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator("[aria-current]")).toHaveCount(1);
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Requests" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(nav).toBeHidden();

  await menu.click();
  await nav.getByRole("link", { name: "Roles" }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(nav.getByRole("link", { name: "Roles" })).toHaveAttribute("aria-current", "page");
});

test("at desktop width the navigation is always shown and marks the section of a detail page", async ({ page }) => {
  await signInAs(page, "Avery Approver", "/mappings");
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  await page.getByRole("table", { name: "Mappings" }).locator("tbody").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/mappings\/[0-9a-f-]{36}$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Mappings" })).toHaveAttribute("aria-current", "true");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(0);
});

test("the skip link is the first stop and moves focus to the main content", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/roles");
  await page.reload();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("IAM roles");
});

test("after Simulate, focus moves to the result and the decision is announced", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/simulator");
  await page.getByLabel("Project path").fill("acme/web");
  await page.getByRole("button", { name: "Evaluate" }).click();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result).toBeFocused();
  const decision = (await result.getByRole("heading").textContent())!.replace("Decision:", "").trim();
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: "Decision:" })).toHaveText(`Decision: ${decision}.`);
});

test("after Plan, focus moves to the result and its outcome is announced", async ({ page }) => {
  await signInAs(page, "Avery Approver", "/reconcile");
  await page.getByRole("button", { name: "Plan" }).click();
  const result = page.getByRole("region", { name: "Reconcile result" });
  await expect(result).toBeFocused({ timeout: 30_000 });
  await expect(result.getByTestId("plan-summary")).toBeVisible();
  await expect(page.getByTestId("reconcile-announcement")).toHaveAttribute("aria-live", "polite");
  await expect(page.getByTestId("reconcile-announcement")).toHaveText(/^Plan ready: /);
});

test("changing a user's role asks for confirmation; moving through the options changes nothing", async ({ page }) => {
  const username = `e2e-role-${Date.now().toString(36)}`;
  await dbQuery("insert into users (id, username, name) values (gen_random_uuid(), $1, 'Role Change')", [username]);
  const roleOf = async () => (await dbQuery<{ role: string }>("select role::text from users where username = $1", [username]))[0]?.role;

  await signInAs(page, "Ada Admin", "/settings");
  const row = page.getByTestId(`user-${username}`);
  const select = row.getByLabel(`Role of ${username}`);
  await expect(select).toHaveValue("requester");

  // Arrow keys move through the options (each fires "change"); nothing is saved.
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(select).not.toHaveValue("requester");
  const confirm = row.getByRole("group", { name: `Confirm role change for ${username}` });
  await expect(confirm).toBeVisible();
  expect(await roleOf()).toBe("requester");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(select).toHaveValue("requester");
  await expect(confirm).toHaveCount(0);

  await select.selectOption("auditor");
  await expect(confirm).toContainText(`Make ${username} an auditor?`);
  await confirm.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("status")).toHaveText(`${username} is now auditor.`);
  await expect.poll(roleOf).toBe("auditor");
  await page.reload();
  await expect(page.getByTestId(`user-${username}`).getByLabel(`Role of ${username}`)).toHaveValue("auditor");
});

test("the header shows the logo and pages declare the favicon", async ({ page, request }) => {
  await signInAs(page, "Ria Requester");
  await expect(page.getByRole("banner").locator('img[src="/logo.svg"]')).toBeVisible();
  const icons = await page.locator('head link[rel="icon"]').evaluateAll((links) => links.map((l) => l.getAttribute("href")));
  expect(icons).toEqual(expect.arrayContaining(["/favicon.ico", "/logo.svg"]));
  const svg = await request.get("/logo.svg");
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
});

test("a mappings column header sorts the list on the server, says so with aria-sort, and a page past the end lands on the last page", async ({ page }) => {
  await signInAs(page, "Audra Auditor", "/mappings");
  const table = page.getByRole("table", { name: "Mappings" });
  await expect(table.getByRole("columnheader", { name: /Requested/ })).toHaveAttribute("aria-sort", "descending");
  // From the keyboard, as a link.
  await table.getByRole("link", { name: /^Role/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=role&dir=asc/);
  await expect(table.getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.locator('th[aria-sort]')).toHaveCount(1);
  const roles = await table.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(roles).toEqual([...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

  await page.goto("/mappings?page=99");
  await expect(page).not.toHaveURL(/page=99/);
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/Page (\d+) of \1 ·/);
});
