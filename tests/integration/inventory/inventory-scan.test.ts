/**
 * The inventory end to end below the UI: server actions (mocked session) → GitLab adapter → the
 * HTTP GitLab fake → Postgres, with projects on all three detectable methods.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { scanInventoryAction } from "@/lib/actions/inventory/scan-inventory";
import { updateInventorySettingsAction } from "@/lib/actions/inventory/update-inventory-settings";
import { loadInventory, mappingsForProjects } from "@/lib/inventory/service";
import { migrationState } from "@/lib/inventory/migration";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { setupGitLabFake, TOKEN } from "../gitlab/harness";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const gitlab = setupGitLabFake();
let db: Db;
let admin: { id: string };
const PATTERNS = { accessKeyIdPatterns: ["AWS_ACCESS_KEY_ID"], secretKeyPatterns: ["AWS_SECRET_ACCESS_KEY", "*_AWS_SECRET_ACCESS_KEY"], roleArnPatterns: ["ROLE_ARN", "*_ROLE_ARN"] };

function seedGitLab() {
  const s = gitlab.fake.state;
  s.addProject("acme/payments");
  s.addVariable({ kind: "project", path: "acme/payments" }, { key: "AWS_ACCESS_KEY_ID", value: KEY_ID });
  s.addVariable({ kind: "project", path: "acme/payments" }, { key: "AWS_SECRET_ACCESS_KEY", value: SECRET, masked: true, protected: true });
  s.addProject("acme/platform/deployer", { defaultBranch: "trunk" });
  s.addVariable({ kind: "project", path: "acme/platform/deployer" }, { key: "ROLE_ARN", value: "arn:aws:iam::123456789012:role/deploy", description: "managed by trustmap" });
  s.addProject("acme/analytics");
  s.addVariable({ kind: "project", path: "acme/analytics" }, { key: "TERRAFORM_ROLE_ARN", value: "arn:aws:iam::123456789012:role/tf" });
  s.addProject("acme/docs");
  s.addProject("acme/legacy/batch");
  s.addVariable({ kind: "group", path: "acme/legacy" }, { key: "PROD_AWS_SECRET_ACCESS_KEY", value: SECRET, masked: true, maskedAndHidden: true });
  s.addProject("other/not-scanned");
  s.addVariable({ kind: "project", path: "other/not-scanned" }, { key: "AWS_ACCESS_KEY_ID", value: KEY_ID });
}

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  admin = await db.user.create({ data: { username: "inv-admin", name: "Admin", role: "admin" } });
});

beforeEach(() => {
  process.env.GITLAB_URL = gitlab.fake.url;
  process.env.GITLAB_TOKEN = TOKEN;
  seedGitLab();
  signInAs(admin.id);
});

async function latestRows() {
  const scan = await db.inventoryScan.findFirstOrThrow({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" } });
  return db.projectAccessMethod.findMany({ where: { scanId: scan.id }, orderBy: { projectPath: "asc" } });
}

describe("inventory scan against the GitLab fake", () => {
  it("refuses to scan before any group is configured, and validates the settings field by field", async () => {
    expect(await scanInventoryAction({})).toMatchObject({ ok: false, code: "BAD_INPUT", error: expect.stringMatching(/No GitLab groups/) });
    const bad = await updateInventorySettingsAction({ groups: ["acme/sub"], accessKeyIdPatterns: [], secretKeyPatterns: ["AWS SECRET"], roleArnPatterns: ["ROLE_ARN"] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["accessKeyIdPatterns", "groups.0", "secretKeyPatterns.0"]);
    expect(await updateInventorySettingsAction({ groups: ["acme"], ...PATTERNS })).toMatchObject({ ok: true });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: "inventory.config" } });
    expect(event.data).toMatchObject({ change: "inventory.config", to: { groups: ["acme"] } });
  });

  it("records per project which method it uses, from variable keys, and never stores a secret value", async () => {
    const res = await scanInventoryAction({});
    expect(res).toMatchObject({ ok: true, data: { projectCount: 5, byMethod: { static_keys: 2, oidc_trustmap: 1, oidc_foreign: 1, none: 1 } } });
    const rows = await latestRows();
    expect(rows.map((r) => [r.projectPath, r.method])).toEqual([
      ["acme/analytics", "oidc_foreign"],
      ["acme/docs", "none"],
      ["acme/legacy/batch", "static_keys"],
      ["acme/payments", "static_keys"],
      ["acme/platform/deployer", "oidc_trustmap"],
    ]);
    const payments = rows.find((r) => r.projectPath === "acme/payments")!;
    expect(payments.accessKeyId).toBe(KEY_ID);
    // No AWS account is connected: the key id is known, its age and last use are not, and the page says why.
    expect(payments.keyLookupNote).toMatch(/AWS is not connected/);
    expect(rows.find((r) => r.projectPath === "acme/legacy/batch")!.evidence).toEqual([
      expect.objectContaining({ key: "PROD_AWS_SECRET_ACCESS_KEY", level: "group", owner: "acme/legacy" }),
    ]);
    const everything = JSON.stringify([rows, await db.inventoryScan.findMany(), await db.auditEvent.findMany({ select: { data: true } })]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain("role/deploy");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "inventory.scanned" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ status: "succeeded", projects: 5 });
    // The scan only reads.
    expect(gitlab.fake.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("is idempotent: scanning again gives the same result", async () => {
    const first = (await latestRows()).map((r) => [r.projectPath, r.method, r.accessKeyId]);
    expect(await scanInventoryAction({})).toMatchObject({ ok: true });
    expect((await latestRows()).map((r) => [r.projectPath, r.method, r.accessKeyId])).toEqual(first);
  });

  it("a GitLab failure half-way records a failed scan and no partial rows", async () => {
    const before = await db.projectAccessMethod.count();
    gitlab.fake.inject({ method: "GET", pathPrefix: "/api/v4/projects/", status: 500, times: 50 });
    const res = await scanInventoryAction({});
    expect(res).toMatchObject({ ok: false, error: expect.stringMatching(/^The scan failed and recorded nothing/) });
    const failed = await db.inventoryScan.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(failed.status).toBe("failed");
    expect(await db.projectAccessMethod.count({ where: { scanId: failed.id } })).toBe(0);
    expect(await db.projectAccessMethod.count()).toBe(before);
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: "inventory.scanned" }, orderBy: { id: "desc" } })).data).toMatchObject({ status: "failed" });
  });

  it("says plainly when GitLab is not connected", async () => {
    delete process.env.GITLAB_TOKEN;
    expect(await scanInventoryAction({})).toMatchObject({ ok: false, code: "CONFIG", error: expect.stringMatching(/GitLab is not connected/) });
  });

  it("moves a project to OIDC: approved mapping → variables to delete and key to deactivate → migrated on the next scan", async () => {
    const account = await db.awsAccount.create({ data: { accountId: "123456789012", name: "prod", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"] } });
    const role = await db.iamRole.create({ data: { awsAccountId: account.id, name: "payments-deploy", arn: "arn:aws:iam::123456789012:role/payments-deploy" } });
    const dev = await db.user.create({ data: { username: "inv-dev", name: "Dev" } });
    const mapping = await db.mapping.create({
      data: { scope: "project", gitlabPath: "acme/payments", refType: "branch", refPattern: "main", roleId: role.id, audience: "sts.amazonaws.com", requesterId: dev.id, justification: "move to OIDC", status: "approved" },
    });
    const inventory = await loadInventory({});
    const payments = inventory.rows.find((r) => r.projectPath === "acme/payments")!;
    const state = migrationState(payments, await mappingsForProjects([payments.projectPath]));
    expect(state).toMatchObject({ kind: "ready_to_clean", mappingId: mapping.id, accessKeyToDeactivate: KEY_ID });
    if (state.kind !== "ready_to_clean") return;
    expect(state.variablesToDelete.map((v) => v.key)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);

    // The user deletes the key variables (through GitLab's API); trustmap's reconciler has set ROLE_ARN.
    const target = { kind: "project" as const, path: "acme/payments" };
    const api = gitlab.adapter();
    await api.deleteVariable(target, "AWS_ACCESS_KEY_ID", "*");
    await api.deleteVariable(target, "AWS_SECRET_ACCESS_KEY", "*");
    await api.createVariable(target, { key: "ROLE_ARN", value: role.arn, description: "managed by trustmap" });
    expect(await scanInventoryAction({})).toMatchObject({ ok: true });
    const after = (await latestRows()).find((r) => r.projectPath === "acme/payments")!;
    expect(after).toMatchObject({ method: "oidc_trustmap", accessKeyId: null, migratedAt: expect.any(Date) });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "inventory.scanned" }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ newlyMigrated: ["acme/payments"] });
  });
});
