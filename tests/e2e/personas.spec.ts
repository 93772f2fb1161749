import { expect, test } from "@playwright/test";
import { dbQuery, signInAs } from "./support";

const PERSONAS = [
  { name: "Ria Requester", username: "ria", nav: ["Requests", "Mappings", "Roles", "Simulator", "Trade-offs"], forbiddenPath: "/approvals" },
  { name: "Avery Approver", username: "avery", nav: ["Requests", "Approvals", "Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Trade-offs"], forbiddenPath: "/settings" },
  { name: "Audra Auditor", username: "audra", nav: ["Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Inventory", "Trade-offs"], forbiddenPath: "/requests" },
  { name: "Ada Admin", username: "ada", nav: ["Requests", "Approvals", "Mappings", "Access", "Reviews", "Roles", "Simulator", "Reconcile", "Audit", "Inventory", "Trade-offs", "Settings"], forbiddenPath: null },
] as const;

for (const persona of PERSONAS) {
  test(`${persona.username} signs in and sees exactly the navigation of their role`, async ({ page }) => {
    await signInAs(page, persona.name);
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveText([...persona.nav]);
    // The dashboard shows real counts from the database (other specs may have added rows).
    await page.reload();
    const [{ roles, pending }] = await dbQuery<{ roles: string; pending: string }>(
      "select (select count(*) from iam_roles)::text as roles, (select count(*) from mappings where status = 'requested')::text as pending",
    ) as [{ roles: string; pending: string }];
    await expect(page.getByTestId("count-Managed IAM roles")).toHaveText(roles);
    await expect(page.getByTestId("count-Pending requests")).toHaveText(pending);
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

