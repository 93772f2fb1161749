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

/** The GitLab fake's project every request names unless it says otherwise (seeded by scripts/test.ts). */
export const PROJECT = "e2e-inventory/docs";

/** Specs share one database: a ref unique to this test keeps its request apart from the others'. */
export const unique = (name: string) => `e2e-${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** File a request through the form on /requests, as a requester would, and wait for its confirmation. */
export async function fileRequest(page: Page, opts: { ref: string; path?: string; scope?: "Project" | "Group (every project)"; refType?: "Branch" | "Tag"; role?: RegExp }): Promise<void> {
  const path = opts.path ?? PROJECT;
  const form = page.getByRole("form", { name: "Request access" });
  await form.getByLabel("AWS account and role").selectOption({ label: await optionLabel(page, opts.role ?? /deploy-staging/) });
  if (opts.scope) await form.getByLabel("Scope").selectOption({ label: opts.scope });
  if (opts.refType) await form.getByLabel("Ref type").selectOption({ label: opts.refType });
  await form.getByLabel(/GitLab (project|group) path/).fill(path);
  await form.getByLabel("Ref or glob").fill(opts.ref);
  await form.getByLabel("Justification").fill("Deploys from CI need this role");
  await form.getByRole("button", { name: "File request" }).click();
  await expect(form.getByRole("status")).toContainText(`Request filed for ${path}`);
}

export async function optionLabel(page: Page, role: RegExp): Promise<string> {
  const labels = await page.getByLabel("AWS account and role").locator("option").allTextContents();
  const found = labels.find((l) => role.test(l));
  if (!found) throw new Error(`no role option matches ${role}`);
  return found;
}
