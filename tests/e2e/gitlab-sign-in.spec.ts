import { expect, test } from "@playwright/test";
import { dbQuery } from "./support";

test("a developer signs in with GitLab OAuth and starts as requester on a database that already has users", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with GitLab" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Gitta Lab");
  await expect(page.getByTestId("current-user")).toContainText(/requester/i);
  const rows = await dbQuery<{ role: string; gitlab_id: number | null }>("select role::text, gitlab_id from users where username = 'gitlab-dev'");
  expect(rows).toHaveLength(1);
  expect(rows[0]!.role).toBe("requester");
  expect(rows[0]!.gitlab_id).not.toBeNull();
  const events = await dbQuery<{ n: string }>(
    "select count(*)::text as n from audit_events e join users u on u.id = e.actor_id where u.username = 'gitlab-dev' and e.action = 'auth.sign_in' and e.data->>'via' = 'gitlab'",
  );
  expect(Number(events[0]!.n)).toBeGreaterThan(0);
});
