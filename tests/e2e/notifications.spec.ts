import { expect, test, type Page } from "@playwright/test";
import { dbQuery, fileRequest, signInAs, unique } from "./support";

// Demo mode without SMTP (the e2e stage): emails are kept in the admins' outbox, delivered there by
// the job runner the stage starts beside the server, as npm start does.

async function mappingIdOf(ref: string): Promise<string> {
  const rows = await dbQuery<{ id: string }>("select id from mappings where ref_pattern = $1", [ref]);
  if (rows.length !== 1) throw new Error(`expected one mapping for ref ${ref}, found ${rows.length}`);
  return rows[0]!.id;
}

/** The outbox's emails about one mapping, as the page shows them, once `count` have arrived. */
async function outboxMailsAbout(page: Page, mappingId: string, count: number) {
  const mails = page.getByTestId("outbox-mail").filter({ hasText: `/mappings/${mappingId}` });
  await expect(async () => {
    await page.goto("/notifications/outbox");
    await expect(mails).toHaveCount(count, { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  return Promise.all(
    (await mails.all()).map(async (m) => ({ to: (await m.getByTestId("outbox-to").textContent())?.trim(), subject: await m.getByTestId("outbox-subject").textContent(), text: (await m.getByTestId("outbox-text").textContent()) ?? "" })),
  );
}

/** Everyone a notification of `event` about the mapping was addressed to (delivered or not). */
async function addressees(event: string, mappingId: string): Promise<string[]> {
  const rows = await dbQuery<{ target: string }>("select target from notifications where event = $1 and data->>'mappingId' = $2 order by target", [event, mappingId]);
  return rows.map((r) => r.target);
}

test("a filed request reaches the approvers in the demo outbox, never the requester, with a link to the request", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const ref = unique("notify");
  await signInAs(page, "Ria Requester", "/requests");
  await fileRequest(page, { ref });
  const id = await mappingIdOf(ref);

  await page.context().clearCookies();
  await signInAs(page, "Ada Admin", "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

  const mails = await outboxMailsAbout(page, id, 3);
  expect(mails.map((m) => m.to).sort()).toEqual(["ada@example.com", "avery@example.com", "blake@example.com"]);
  for (const mail of mails) {
    expect(mail.subject).toBe(`[trustmap] Request: project e2e-inventory/docs · branch ${ref} → deploy-staging`);
    expect(mail.text).toContain(`ria asks that GitLab project e2e-inventory/docs · branch ${ref} may assume deploy-staging.`);
    expect(mail.text).toContain(`Review the request: ${baseURL}/mappings/${id}`);
  }
  expect(await addressees("request.filed", id)).not.toContain("ria@example.com");

  // The admin's list shows each one delivered to the outbox, with its attempt.
  await page.goto("/notifications?status=sent");
  await expect(page.getByTestId("notification").filter({ hasText: "avery@example.com" }).first()).toContainText("via outbox");

  // The link leads to the request.
  await page.goto(`${baseURL}/mappings/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`project e2e-inventory/docs · branch ${ref}`);
});

test("an approver who mutes 'Request filed' on their account page is not addressed the next one; the others are", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "Blake Approver", "/");
  await page.getByRole("link", { name: "Email notifications" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Email notifications" })).toBeVisible();
  await expect(page.getByText("blake@example.com")).toBeVisible();
  const form = page.getByRole("form", { name: "Email notifications" });
  await form.getByLabel("Request filed").uncheck();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  try {
    await page.reload();
    await expect(page.getByRole("form", { name: "Email notifications" }).getByLabel("Request filed")).not.toBeChecked();
    await expect(page.getByRole("form", { name: "Email notifications" }).getByLabel("Request approved", { exact: true })).toBeChecked();

    const ref = unique("muted");
    await page.context().clearCookies();
    await signInAs(page, "Ria Requester", "/requests");
    await fileRequest(page, { ref });
    const id = await mappingIdOf(ref);
    expect(await addressees("request.filed", id)).toEqual(["ada@example.com", "avery@example.com"]);

    await page.context().clearCookies();
    await signInAs(page, "Ada Admin", "/");
    const mails = await outboxMailsAbout(page, id, 2);
    expect(mails.map((m) => m.to).sort()).toEqual(["ada@example.com", "avery@example.com"]);
  } finally {
    await dbQuery("delete from notification_mutes where user_id = (select id from users where username = 'blake')");
  }
});
