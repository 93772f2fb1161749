/**
 * The demo seed on an empty database gives every page real answers from the built-in sandbox:
 * roles read from the sandbox IAM, an apply already recorded, a role to import, a project on
 * static keys whose key the sandbox IAM knows, and an inventory that scans the sandbox group.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { DEMO_SEED_ACTOR, seedDemoIfEmpty } from "@/lib/demo/seed";
import { DEMO_ACCOUNT_ID } from "@/lib/demo/sandbox-world";
import { listApprovalQueue } from "@/lib/approvals/service";
import { runInventoryScan } from "@/lib/inventory/service";
import { computePlan, discoverImports } from "@/lib/reconcile/service";
import { sandboxGitLab } from "@/lib/sandbox/service";
import { openReview, reviewPage } from "@/lib/reviews/service";
import { mappingUsageViews, roleUsagePanel, usageLastRead } from "@/lib/usage/service";
import { useFreshDatabase } from "@/tests/support/db";

let db: Db;
let url: string;

beforeAll(async () => {
  ({ db, url } = await useFreshDatabase());
  // What npm start does in demo mode without GITLAB_TOKEN.
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("GITLAB_TOKEN", "");
  expect(await seedDemoIfEmpty(db, { reconcileSandbox: { databaseUrl: url } })).toBe(true);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.$disconnect();
});

afterEach(() => {
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("GITLAB_TOKEN", "");
});

describe("the demo seed on the sandbox", () => {
  it("reads the sandbox GitLab's facts, so the approval card names the people who can obtain a token from the first page on", async () => {
    const read = await db.gitLabProjectFacts.findMany({ where: { fetchedAt: { not: null } }, select: { path: true }, orderBy: { path: "asc" } });
    expect(read.map((r) => r.path)).toEqual(["acme/api", "acme/infra", "acme/legacy-billing", "acme/web"]);
    const approved = await db.mapping.findFirstOrThrow({ where: { status: "approved" } });
    expect(await db.mappingGitLabBaseline.count({ where: { mappingId: approved.id } })).toBe(1);

    const { rows } = await listApprovalQueue();
    const tag = rows.find((r) => r.refType === "tag")?.review;
    expect(tag?.gitlab).toMatchObject({ checked: true, reason: null, targets: [{ project: "acme/web", protected: true, allowForcePush: false }] });
    expect(tag?.gitlab.targets[0]?.people.map((p) => [p.username, p.accessLevel])).toEqual([["ada", 50], ["avery", 40], ["blake", 40]]);
  });

  it("applies the approved sample mapping as a recorded run, so the demo starts in sync and nothing is unread", async () => {
    const run = await db.reconcileRun.findFirstOrThrow({ where: { kind: "apply" }, include: { operations: { orderBy: { seq: "asc" } } } });
    expect(run).toMatchObject({ trigger: "seed", status: "succeeded" });
    expect(run.operations.map((op) => [op.kind, op.status])).toEqual([
      ["trust-policy.update", "done"],
      ["variable.create", "done"],
      ["variable.create", "done"],
    ]);
    expect(await db.auditEvent.count({ where: { action: "reconcile.applied", actorLabel: DEMO_SEED_ACTOR.label } })).toBe(3);
    const { plan } = await computePlan({ db });
    expect(plan.unread).toEqual([]);
    expect(plan.operations).toEqual([]);
    expect((await sandboxGitLab(db).listVariables({ kind: "project", path: "acme/web" })).map((v) => [v.key, v.value])).toEqual([
      ["AWS_REGION", "us-east-1"],
      ["ROLE_ARN", `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/deploy-staging`],
    ]);
  });

  it("every registered role exists in the sandbox IAM and its trust policy is read (the staging grant included)", async () => {
    const roles = await db.iamRole.findMany({ orderBy: { name: "asc" }, include: { awsAccount: true } });
    expect(roles.map((r) => [r.name, r.awsAccount.sandbox, r.actualFetchedAt !== null])).toEqual([
      ["deploy-production", true, true],
      ["deploy-staging", true, true],
    ]);
    expect(JSON.stringify(roles[1]!.actualTrustPolicy)).toContain("project_path:acme/web:ref_type:branch:ref:main");
    expect(JSON.stringify(roles[0]!.actualTrustPolicy)).toContain("AdminBreakGlass");
  });

  it("holds an unregistered role whose GitLab trust was written by hand, for the import flow", async () => {
    const accounts = await discoverImports({ db });
    expect(accounts.map((a) => [a.accountId, a.error])).toEqual([[DEMO_ACCOUNT_ID, null]]);
    const found = accounts.flatMap((a) => a.candidates);
    expect(found.map((c) => c.roleName)).toEqual(["terraform-plan"]);
    expect(found[0]!.statements.flatMap((s) => s.proposals)).toEqual([expect.objectContaining({ selector: expect.objectContaining({ path: "acme/infra", ref: "main" }) })]);
  });

  it("the inventory settings point at the sandbox group, and a scan finds the project on static keys with its key's last use", async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { username: "ada" } });
    const result = await runInventoryScan({ id: admin.id, username: admin.username, name: admin.name, role: "admin", isDemo: true });
    expect(result.byMethod).toMatchObject({ static_keys: 1, oidc_trustmap: 1, none: 2 });
    const billing = await db.projectAccessMethod.findFirstOrThrow({ where: { scanId: result.scanId, projectPath: "acme/legacy-billing" } });
    expect(billing).toMatchObject({ method: "static_keys", accessKeyId: expect.stringMatching(/^AKIA/), keyStatus: "Active", keyLastUsedService: "s3", keyLookupNote: null });
  });

  it("gives the sandbox account sample usage evidence, labelled sandbox: one mapping used, one flagged revoke?, an unmanaged subject and denied attempts", async () => {
    const [main, staging] = await db.mapping.findMany({ where: { status: "approved", role: { name: "deploy-staging" } }, orderBy: { createdAt: "asc" } });
    const views = await mappingUsageViews([main!.id, staging!.id]);
    expect(views[main!.id]).toMatchObject({ sandbox: true, unused: false, unusedDays: 90, refs: [expect.objectContaining({ project: "acme/web", refType: "branch", ref: "main" })] });
    expect(views[main!.id]!.uses30d).toBeGreaterThan(10);
    expect(views[main!.id]!.uses90d).toBeGreaterThan(views[main!.id]!.uses30d);
    expect(Date.now() - Date.parse(views[main!.id]!.lastUsedAt!)).toBeLessThan(3 * 3_600_000);
    expect(views[main!.id]!.readUntil).not.toBeNull();
    expect(views[staging!.id]).toMatchObject({ sandbox: true, unused: true, lastUsedAt: null, uses90d: 0, refs: [] });

    const panel = await roleUsagePanel(main!.roleId);
    expect(panel).toMatchObject({ sandbox: true, roleName: "deploy-staging" });
    expect(panel!.unmanagedSubjects).toEqual([expect.objectContaining({ project: "acme/infra", ref: "main", uses90d: 3 })]);
    expect(panel!.denied.map((d) => [d.ref, d.count, d.errorCode])).toEqual([
      ["feature/login", 4, "AccessDenied"],
      [null, 1, "InvalidIdentityToken"],
    ]);
    expect(await db.usageEvent.groupBy({ by: ["source"], _count: true })).toEqual([{ source: "sandbox", _count: expect.any(Number) }]);
    // Nothing about the sandbox came from, or will go to, AWS: no run of any source was recorded.
    expect(await db.usageRun.count()).toBe(0);
    // So the Access page's "last read" line names the sample and its date, not "never read".
    expect(await usageLastRead()).toMatchObject({ source: "sandbox", status: "sample", finishedAt: views[main!.id]!.readUntil });
  });

  it("lets the auditor open an access review of the demo's active mappings: each item with its sandbox usage, asked of its own approver", async () => {
    const audra = await db.user.findUniqueOrThrow({ where: { username: "audra" } });
    const actor = { id: audra.id, username: audra.username, name: audra.name, role: audra.role, isDemo: true };
    const opened = await openReview(actor, { dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10), roleIds: [], accountIds: [] });
    expect(opened.items).toBe(2);
    const page = await reviewPage(opened.id);
    const byRef = new Map(page.items.map((i) => [i.mapping.refPattern, i]));
    expect(byRef.get("main")).toMatchObject({ holders: ["avery"], decision: null, live: { usage: { sandbox: true, unused: false } } });
    expect(byRef.get("staging")).toMatchObject({ holders: ["blake"], live: { usage: { sandbox: true, unused: true } } });
  });

  it("seeds only an empty database", async () => {
    expect(await seedDemoIfEmpty(db, { reconcileSandbox: { databaseUrl: url } })).toBe(false);
    expect(await db.reconcileRun.count({ where: { kind: "apply" } })).toBe(1);
  });
});
