import { expect, test, type Page } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

const PERSONAS = [
  { name: "Ria Requester", username: "ria", nav: ["Requests", "Mappings", "Roles", "Simulator", "Trade-offs"], forbiddenPath: "/approvals" },
  { name: "Avery Approver", username: "avery", nav: ["Requests", "Approvals", "Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Trade-offs"], forbiddenPath: "/settings" },
  { name: "Audra Auditor", username: "audra", nav: ["Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Inventory", "Trade-offs"], forbiddenPath: "/requests" },
  { name: "Ada Admin", username: "ada", nav: ["Requests", "Approvals", "Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Inventory", "Trade-offs", "Settings", "Notifications"], forbiddenPath: null },
] as const;

const count = async (sql: string, params: unknown[]) => Number((await dbQuery<{ n: string }>(sql, params))[0]!.n);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What each persona's dashboard leads with, checked against the database. */
async function expectPersonaDashboard(page: Page, username: string): Promise<void> {
  const awaiting = () =>
    count(
      `select count(*)::text as n from mappings m, users u
        where u.username = $1 and m.status = 'requested' and m.requester_id <> u.id and (m.expires_at is null or m.expires_at > now())
          and not exists (select 1 from mapping_approvals a where a.mapping_id = m.id and a.approver_id = u.id)`,
      [username],
    );
  if (username === "ria") {
    const mine = await count("select count(*)::text as n from mappings m join users u on u.id = m.requester_id where u.username = $1", [username]);
    await expect(page.getByTestId("my-requests-count")).toHaveText(mine === 0 ? "You have not requested anything yet" : `Your ${plural(mine, "request", "requests")}`);
    await expect(page.getByTestId("awaiting-count")).toHaveCount(0);
  } else if (username === "avery" || username === "ada") {
    const n = await awaiting();
    await expect(page.getByTestId("awaiting-count")).toHaveText(n === 0 ? "No request waits for you" : `${plural(n, "request waits", "requests wait")} for you`);
    if (n > 0) await expect(page.getByRole("region", { name: /for you$/ }).getByRole("link", { name: "Review requests" })).toHaveAttribute("href", "/approvals");
    if (username === "ada") await expect(page.getByRole("region", { name: /needs? attention/ })).toBeVisible();
  } else {
    const roles = await count("select count(*)::text as n from iam_roles", []);
    await expect(page.getByTestId("roles-total")).toHaveText(`${plural(roles, "role", "roles")} under management`);
    await expect(page.getByRole("region", { name: "Recent changes" })).toBeVisible();
    await expect(page.getByTestId("awaiting-count")).toHaveCount(0);
  }
}

for (const persona of PERSONAS) {
  test(`${persona.username} signs in and sees exactly the navigation of their role`, async ({ page }) => {
    await signInAs(page, persona.name);
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveText([...persona.nav]);
    // The dashboard is the persona's own, with real figures from the database (other specs may have added rows).
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    await expectPersonaDashboard(page, persona.username);
  });

  if (persona.forbiddenPath) {
    const path = persona.forbiddenPath;
    test(`${persona.username} gets 403 on ${path}, and the denial is audited`, async ({ page }) => {
      await signInAs(page, persona.name);
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
      const rows = await dbQuery<{ n: string }>(
        `select count(*)::text as n from audit_events e join users u on u.id = e.actor_id
          where u.username = $1 and e.action = 'auth.denied' and e.data->>'where' = $2`,
        [persona.username, path],
      );
      expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    });
  }
}

test("admin opens every page of the navigation", async ({ page }) => {
  await signInAs(page, "Ada Admin");
  for (const path of ["/requests", "/approvals", "/mappings", "/access", "/roles", "/reconcile", "/audit", "/inventory", "/tradeoffs", "/settings"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
});

test("a visitor without a session is sent to sign-in and comes back to the page they asked for", async ({ page }) => {
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapprovals/);
  // The demo banner is a standing notice (a named region), not an alert that interrupts.
  await expect(page.getByRole("region", { name: "Demo mode" })).toContainText(/Demo mode: anyone can sign in as any persona/);
  await expect(page.getByRole("alert").filter({ hasText: /Demo mode/ })).toHaveCount(0);
  await page.getByRole("button", { name: /Avery Approver/ }).click();
  await expect(page).toHaveURL(/\/approvals$/);
});

