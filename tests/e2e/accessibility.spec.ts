import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { can, type Action, type Role } from "@/lib/auth/permissions";
import { signInAs } from "./support";

// Every page, as each demo persona whose role may open it (the same rule table the pages ask),
// at desktop and phone width: no serious or critical axe violation, and on a phone no sideways
// scrolling of the page (wide tables and code scroll inside their own box).

const PERSONAS: Record<Role, string> = { requester: "Ria Requester", approver: "Avery Approver", auditor: "Audra Auditor", admin: "Ada Admin" };
const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Pages with the permission that opens them; `:mapping`, `:role`, `:run` and `:review` are filled in below. */
const PAGES: { path: string; action: Action }[] = [
  { path: "/", action: "dashboard.view" },
  { path: "/requests", action: "requests.view" },
  { path: "/approvals", action: "approvals.view" },
  { path: "/mappings", action: "mappings.view" },
  { path: "/mappings/:mapping", action: "mappings.view" },
  { path: "/access", action: "access.view" },
  { path: "/access?roleId=:role", action: "access.view" },
  { path: "/access?view=project&project=acme%2Fweb&refType=branch&ref=main", action: "access.view" },
  { path: "/roles", action: "roles.view" },
  { path: "/simulator", action: "simulate.run" },
  { path: "/reconcile", action: "reconcile.view" },
  { path: "/reconcile/runs/:run", action: "reconcile.view" },
  { path: "/audit", action: "audit.view" },
  { path: "/inventory", action: "inventory.view" },
  { path: "/tradeoffs", action: "tradeoffs.view" },
  { path: "/settings", action: "settings.view" },
  { path: "/settings/import", action: "settings.manage" },
  { path: "/settings/import?account=111122223333", action: "settings.manage" },
  { path: "/settings/accounts/111122223333", action: "settings.manage" },
  { path: "/account/tokens", action: "tokens.manage" },
  { path: "/account/notifications", action: "notifications.mute" },
  { path: "/notifications", action: "notifications.view" },
  { path: "/notifications/outbox", action: "notifications.view" },
  { path: "/reviews", action: "reviews.view" },
  { path: "/reviews/:review", action: "reviews.view" },
  { path: "/reviews/:review/report", action: "reviews.view" },
];

/** Ids the parameterised pages need, found (or made) through the UI as a user would. */
const ids: Record<string, string> = {};

test.beforeAll(async ({ browser }) => {
  const page = await newPage(browser);
  await signInAs(page, "Avery Approver", "/mappings");
  // A mapping: the seeded demo data has some; open the first one the list links to.
  ids.mapping = idFrom(await page.getByRole("table", { name: "Mappings" }).locator("tbody").getByRole("link").first().getAttribute("href"), "/mappings/");
  // A role to show on "who can assume": the first one the picker offers.
  await page.goto("/access");
  ids.role = await page.getByLabel("Role").locator("option").nth(1).getAttribute("value") ?? "";
  // A reconcile run: a drift check records one whatever it finds.
  await page.goto("/reconcile");
  await page.getByRole("button", { name: "Check drift" }).click();
  const outcome = page.getByRole("region", { name: "Reconcile result" }).or(page.locator('[role="alert"]:not(#__next-route-announcer__)'));
  await expect(outcome.first()).toBeVisible({ timeout: 30_000 });
  await page.reload();
  ids.run = idFrom(await page.getByRole("table", { name: "Run history" }).getByRole("link").first().getAttribute("href"), "/reconcile/runs/");
  await page.context().close();
  // An access review over every active mapping, opened by an admin with the form's defaults.
  const admin = await newPage(browser);
  await signInAs(admin, "Ada Admin", "/reviews");
  await admin.getByRole("form", { name: "Open an access review" }).getByRole("button", { name: "Open review" }).click();
  await expect(admin).toHaveURL(/\/reviews\/[^/]+$/);
  ids.review = idFrom(new URL(admin.url()).pathname, "/reviews/");
  await admin.context().close();
  expect(ids.mapping && ids.role && ids.run && ids.review, JSON.stringify(ids)).toBeTruthy();
});

function idFrom(href: string | null, prefix: string): string {
  if (!href?.startsWith(prefix)) throw new Error(`expected a link to ${prefix}…, got ${href}`);
  return href.slice(prefix.length);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Wait until client components have measured themselves (scroll boxes decide whether they are focusable). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await expect(page.locator('[data-scroll-region="unmeasured"]')).toHaveCount(0);
}

/** The serious and critical axe violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
}

/** Check the page at one width; soft assertions so one run reports every page that fails. */
async function checkAt(page: Page, w: (typeof WIDTHS)[number], path: string, label: string): Promise<void> {
  await page.setViewportSize({ width: w.width, height: w.height });
  const response = await page.goto(path);
  expect.soft(response?.status(), `${label} ${path} status`).toBe(200);
  await settled(page);
  expect.soft(await seriousViolations(page), `${label} ${path} at ${w.name} width`).toEqual([]);
  if (w.name === "phone") {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect.soft(scrollWidth, `${label} ${path} scrolls sideways at ${w.width} px`).toBeLessThanOrEqual(innerWidth);
  }
}

for (const [role, name] of Object.entries(PERSONAS) as [Role, string][]) {
  for (const w of WIDTHS) {
    test(`every page ${role} may open has no serious accessibility violation at ${w.name} width${w.name === "phone" ? " and does not scroll sideways" : ""}`, async ({ page }) => {
      test.setTimeout(240_000);
      await signInAs(page, name);
      const pages = PAGES.filter((p) => can({ id: "any", role }, p.action));
      expect(pages.length).toBeGreaterThan(5);
      for (const p of pages) await checkAt(page, w, p.path.replace(/:(\w+)/, (_, key: string) => ids[key]!), role);
    });
  }
}

test("the sign-in page has no serious accessibility violation and does not scroll sideways on a phone", async ({ page }) => {
  for (const w of WIDTHS) await checkAt(page, w, "/signin", "visitor");
});

test("the states after an action (request preview, plan, simulation result) have no serious accessibility violation", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Avery Approver", "/requests");
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    await page.goto("/requests");
    await page.getByLabel("Find a role").fill("deploy-staging");
    await page.getByLabel("GitLab project path").fill("e2e-inventory/docs");
    await expect(page.getByTestId("preview-snippet")).toBeVisible();
    await settled(page);
    expect.soft(await seriousViolations(page), `request preview at ${w.name} width`).toEqual([]);

    await page.goto("/reconcile");
    await page.getByRole("button", { name: "Plan" }).click();
    await expect(page.getByTestId("plan-summary")).toBeVisible({ timeout: 30_000 });
    await settled(page);
    expect.soft(await seriousViolations(page), `plan at ${w.name} width`).toEqual([]);

    await page.goto("/simulator");
    await page.getByLabel("Project path").fill("acme/web");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect(page.getByRole("region", { name: "Result" })).toBeVisible();
    await settled(page);
    expect.soft(await seriousViolations(page), `simulation result at ${w.name} width`).toEqual([]);
    if (w.name === "phone") {
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect.soft(sideways, "the simulation result scrolls the page sideways on a phone").toBe(false);
    }
  }
});
