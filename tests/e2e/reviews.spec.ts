import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { dbQuery, fileRequest, signInAs, unique } from "./support";

/** Another persona in the same browser: drop the session cookie, then sign in. */
async function switchTo(page: Page, name: string, path: string): Promise<void> {
  await page.context().clearCookies();
  await signInAs(page, name, path);
}

test("an auditor opens an access review, an approver revokes an item with a reason, the auditor closes it and downloads the CSV report", async ({ page }) => {
  test.setTimeout(120_000);
  // An active mapping of Ria's, approved by Avery: Avery holds it in the review.
  const ref = unique("review");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  await switchTo(page, "Avery Approver", "/approvals");
  const queued = page.getByTestId("approval-item").filter({ hasText: `branch ${ref}` });
  await queued.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("queue-notice")).toContainText("Approved: ");

  // The auditor opens a review of the staging role's active mappings.
  const title = `Review ${ref}`;
  await switchTo(page, "Audra Auditor", "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Access reviews" })).toBeVisible();
  const form = page.getByRole("form", { name: "Open an access review" });
  await form.getByLabel("Title (optional)").fill(title);
  const [role] = await dbQuery<{ arn: string }>("select r.arn from mappings m join iam_roles r on r.id = m.role_id where m.ref_pattern = $1", [ref]);
  await form.getByRole("checkbox", { name: role!.arn }).check();
  await form.getByRole("button", { name: "Open review" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const reviewUrl = page.url();
  const item = page.getByTestId("review-item").filter({ hasText: `branch ${ref}` });
  await expect(item).toContainText("requested by ria");
  await expect(item).toContainText("asked: avery");
  await expect(item.getByTestId("item-evidence")).toContainText("Last used");
  // Auditors open reviews; they do not decide them.
  await expect(item.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The approver finds the review on their dashboard and decides from the keyboard: a reason, then Revoke.
  await switchTo(page, "Avery Approver", "/");
  const waiting = page.getByRole("region", { name: /access review items? waits? for your decision/ });
  await expect(waiting.getByTestId("review-awaiting").filter({ hasText: title })).toBeVisible();
  await waiting.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(reviewUrl);
  const mine = page.getByTestId("review-item").filter({ hasText: `branch ${ref}` });
  await mine.getByLabel("Reason").fill("No deploys from this branch any more");
  await mine.getByRole("button", { name: "Revoke" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await dbQuery<{ status: string }>("select status::text from mappings where ref_pattern = $1", [ref]))[0]?.status).toBe("revoked");
  const audited = await dbQuery<{ n: string }>("select count(*)::text as n from audit_events where action = 'review.item_decided' and data->>'ref' = $1 and data->>'decision' = 'revoke'", [ref]);
  expect(audited[0]!.n).toBe("1");

  // The auditor closes the review and downloads its report.
  await switchTo(page, "Audra Auditor", new URL(reviewUrl).pathname);
  await page.getByRole("button", { name: "Close review…" }).click();
  await page.getByRole("button", { name: "Confirm close" }).click();
  await expect(page.getByRole("button", { name: "Close review…" })).toHaveCount(0);
  await expect(page.getByTestId("review-progress")).toContainText("1 revoked");
  await page.getByRole("link", { name: "Report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Access review report: ${title}` })).toBeVisible();
  await expect(page.getByTestId("report-meta")).toContainText("closed (final)");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^access-review-review-e2e-review-.*-final\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = csv.trimEnd().split(/\r?\n/);
  expect(header).toContain("decision,reason,decided_by,decided_at");
  const row = rows.find((r) => r.includes(`,${ref},`));
  expect(row).toContain(",revoke,No deploys from this branch any more,avery,");
  expect(row).toContain(",ria,");
});
