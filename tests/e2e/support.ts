import { expect, test, type Page } from "@playwright/test";
import pg from "pg";

/** Sign in through the demo persona picker, as a user would. */
export async function signInAs(page: Page, name: string, path = "/"): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByRole("button", { name: new RegExp(name) }).click();
  await expect(page.getByTestId("current-user")).toContainText(name);
}

/** Read the app's database directly to check what the UI cannot show (audit rows); the sandbox project's specs read the sandbox app's. */
export async function dbQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const name = test.info().project.name === "sandbox" ? "E2E_SANDBOX_DATABASE_URL" : "E2E_DATABASE_URL";
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set; run the e2e stage through npm test`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Create a project or group in the GitLab fake the app under test talks to (its test-control endpoints). */
export async function seedGitLab(kind: "project" | "group", path: string): Promise<void> {
  const base = process.env.E2E_GITLAB_URL;
  if (!base) throw new Error("E2E_GITLAB_URL is not set; run the e2e stage through npm test");
  const res = await fetch(`${base}/-/fake/${kind}s`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ path }) });
  if (!res.ok) throw new Error(`seeding ${kind} ${path} in the GitLab fake failed: ${res.status}`);
}
