import { expect, test, type Page } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

const METHODS = ["Static access keys", "Instance role", "OIDC federation"];
const slider = (page: Page, label: string) => page.getByRole("slider", { name: label });

test("a requester moves sliders, the recommendation changes, and the shared URL shows the same view to someone else", async ({ page, browser }) => {
  await signInAs(page, "Ria Requester", "/tradeoffs");
  await expect(page.getByTestId("recommended-method")).toHaveText("OIDC federation");

  // Keyboard on one slider (as a user would), direct value on the others.
  await slider(page, "Key rotation").focus();
  await page.keyboard.press("Home");
  await expect(slider(page, "Key rotation")).toHaveValue("0");
  for (const label of ["Exposure risk", "Over-privilege", "Granularity (group/project/branch)", "Temporary credentials"]) await slider(page, label).fill("0");
  await expect(page.getByTestId("recommended-method")).toHaveText("Static access keys");
  await expect(page.getByTestId("recommendation")).toContainText("It wins most on");
  await expect(page).toHaveURL(/[?&]rotation=0&exposure=0&privilege=0&compute=3&granularity=0&temporary=0&mapping=3$/);
  const shared = page.url();

  await page.reload();
  await expect(page.getByTestId("recommended-method")).toHaveText("Static access keys");
  await expect(slider(page, "Temporary credentials")).toHaveValue("0");
  // The nav entry (no weights in the link) shows the default view again.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trade-offs" }).click();
  await expect(page).toHaveURL(/\/tradeoffs$/);
  await expect(slider(page, "Temporary credentials")).toHaveValue("3");
  await expect(page.getByTestId("recommended-method")).toHaveText("OIDC federation");

  const other = await browser.newPage();
  await signInAs(other, "Avery Approver", new URL(shared).pathname + new URL(shared).search);
  await expect(other).toHaveURL(shared);
  await expect(other.getByTestId("recommended-method")).toHaveText("Static access keys");
  await expect(slider(other, "Compute cost of isolated runners")).toHaveValue("3");
  await expect(slider(other, "Exposure risk")).toHaveValue("0");
  await other.close();
});

test("a link with bad weights falls back to defaults with a visible note instead of failing", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/tradeoffs?rotation=banana&exposure=99");
  await expect(page.getByTestId("url-notes")).toContainText('rotation="banana" is not a number');
  await expect(page.getByTestId("url-notes")).toContainText("exposure=\"99\" is outside 0–5");
  await expect(slider(page, "Key rotation")).toHaveValue("3");
  await expect(slider(page, "Exposure risk")).toHaveValue("5");
  await expect(page.getByTestId("recommended-method")).toHaveText("OIDC federation");
});

test("the charts render as labelled, non-empty SVG images with text alternatives", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signInAs(page, "Audra Auditor", "/tradeoffs");
  for (const id of ["chart-operations", "chart-security", "chart-weighted"]) {
    const figure = page.getByTestId(id);
    const svg = figure.getByRole("img");
    await expect(svg).toBeVisible();
    const box = await svg.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(250);
    expect(box?.height ?? 0).toBeGreaterThan(100);
    const texts = await svg.locator("text").allTextContents();
    for (const m of METHODS) expect(texts).toContain(m);
    expect(await svg.locator("rect, circle, polygon").count()).toBeGreaterThan(3);
    await expect(svg).toHaveAccessibleName(/spectrum|vs|Weighted score/i);
    await expect(svg).toHaveAccessibleDescription(/Static access keys.*Instance role.*OIDC federation/s);
    const png = await figure.screenshot();
    await testInfo.attach(`${id}.png`, { body: png, contentType: "image/png" });
    expect(png.length).toBeGreaterThan(5_000);
  }
  await expect(page.getByTestId("chart-operations").getByRole("table")).toContainText("Runner-management effort");
  await expect(page.getByTestId("recommended-ring")).toHaveCount(2);
});

test("the page shows this organisation's numbers from the last inventory scan, or says there are none", async ({ page }) => {
  await signInAs(page, "Ria Requester", "/tradeoffs");
  const [scan] = await dbQuery<{ keys: string; oidc: string; none: string }>(
    `select count(*) filter (where p.method = 'static_keys')::text as keys,
            count(*) filter (where p.method in ('oidc_trustmap', 'oidc_foreign'))::text as oidc,
            count(*) filter (where p.method = 'none')::text as none
       from project_access_methods p
      where p.scan_id = (select id from inventory_scans where status = 'succeeded' order by started_at desc limit 1)
     having count(*) > 0`,
  );
  const usage = page.getByTestId("org-usage");
  if (!scan) {
    await expect(usage).toContainText(/No inventory scan yet|GitLab is not connected/);
    return;
  }
  await expect(usage.getByTestId("org-count-Static access keys")).toHaveText(scan.keys);
  await expect(usage.getByTestId("org-count-OIDC federation")).toHaveText(scan.oidc);
  await expect(usage.getByTestId("org-count-None detected")).toHaveText(scan.none);
});
