import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { describe, expect, it, vi } from "vitest";
import { applyPlanAction } from "@/lib/actions/reconcile/apply-plan";
import { createPlanAction } from "@/lib/actions/reconcile/create-plan";
import { revokeMapping } from "@/lib/approvals/service";
import { deregisterIamRole } from "@/lib/settings/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { signInAs } from "../../support/session";
import { motoSdk } from "../aws/moto-iam";
import { setupReconcile, trustmapCli } from "./harness";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const h = setupReconcile();

const cli = (...args: string[]) => trustmapCli(h, ...args);

describe("CLI", () => {
  it("plan exits 2 with changes, apply --yes applies as the cli actor, then drift exits 0; --json is machine-readable", async () => {
    const role = await h.addRole("deployer");
    await h.approveMapping(role.id);

    const plan = await cli("plan", "--json");
    expect(plan.code, plan.stderr).toBe(2);
    expect((JSON.parse(plan.stdout) as { plan: { operations: unknown[] } }).plan.operations).toHaveLength(4);

    const applied = await cli("apply", "--yes");
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/apply succeeded: 4 done/);
    expect(await h.db.auditEvent.count({ where: { action: "reconcile.applied", actorLabel: "cli" } })).toBeGreaterThanOrEqual(4);

    const drift = await cli("drift", "--json");
    expect(drift.code).toBe(0);
    expect((JSON.parse(drift.stdout) as { report: { inSync: boolean } }).report.inSync).toBe(true);
  }, 180_000); // several CLI processes, each starting tsx and preparing the database

  it("an account whose credentials belong to another account is not read: plan and drift exit 1, never 0 'in sync'", async () => {
    // The CLI's AWS credentials are moto's default account; this account has no management role.
    const other = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "elsewhere", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } });
    const role = await h.db.iamRole.create({ data: { awsAccountId: other.id, name: "deployer", arn: "arn:aws:iam::444455556666:role/deployer" } });
    await h.approveMapping(role.id);
    // A role of the same name in the credentials' own account, which must not be mistaken for it.
    await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: "deployer", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }));

    const plan = await cli("plan", "--json");
    const drift = await cli("drift");

    expect(plan.code, plan.stderr).toBe(1);
    const planned = JSON.parse(plan.stdout) as { plan: { operations: { kind: string }[]; problems: { code: string; message: string }[] } };
    expect(planned.plan.operations.filter((op) => op.kind === "trust-policy.update")).toEqual([]);
    expect(planned.plan.problems).toContainEqual(expect.objectContaining({ code: "account-unreadable", message: expect.stringContaining("belong to account 123456789012, not 444455556666") }));
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).toContain("[not checked] AWS account elsewhere (444455556666) could not be read");
    expect(drift.stdout).toContain("part(s) NOT checked");
    // The reason reads as a clause of the message, not a sentence with its own full stop.
    expect(drift.stdout).toContain("credentials of that account; nothing is planned for its roles.");
    const run = await h.db.reconcileRun.findFirstOrThrow({ where: { kind: "drift" }, orderBy: { startedAt: "desc" } });
    expect(run.status).toBe("failed");
  }, 180_000); // several CLI processes, each starting tsx and preparing the database

  it("a mistaken account stops failing plans once its mapping is revoked and its role deregistered; an account with no role is never read", async () => {
    const admin: CurrentUser = { id: h.userId, username: "approver-1", name: "Approver", role: "admin", isDemo: false };
    await h.db.awsAccount.create({ data: { accountId: "777788889999", name: "just-added", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } });
    expect((await cli("plan")).code).toBe(0);

    const typo = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "typo", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } });
    const role = await h.db.iamRole.create({ data: { awsAccountId: typo.id, name: "deployer", arn: "arn:aws:iam::444455556666:role/deployer" } });
    const mappingId = await h.approveMapping(role.id);
    expect((await cli("plan")).code).toBe(1);

    await revokeMapping(admin, { mappingId, reason: "wrong account id" });
    await deregisterIamRole(admin, { roleId: role.id, reason: "registered under a mistyped account" });

    const plan = await cli("plan", "--json");
    expect(plan.code, plan.stdout).toBe(0);
    expect((JSON.parse(plan.stdout) as { plan: { problems: unknown[] } }).plan.problems).toEqual([]);
    // Its history stays: the revoked mapping and the role's row.
    expect(await h.db.mapping.findUniqueOrThrow({ where: { id: mappingId } })).toMatchObject({ status: "revoked", decisionReason: "wrong account id" });
  }, 90_000);
});

describe("server actions", () => {
  it("apply refuses a plan hash that is not the current plan, and applies the reviewed one", async () => {
    const role = await h.addRole("deployer");
    await h.approveMapping(role.id);
    process.env.AWS_ENDPOINT_URL_IAM = h.moto.endpoint;
    Object.assign(process.env, h.childEnv());
    signInAs(h.userId);

    const planned = await createPlanAction({});
    if (!planned.ok) throw new Error(planned.error);
    expect(planned.data.plan.operations).toHaveLength(4);

    const stale = await applyPlanAction({ planHash: "0".repeat(64) });
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(h.gitlab.fake.state.variables({ kind: "project", path: "team/app" })).toEqual([]);

    expect(await applyPlanAction({ planHash: planned.data.plan.hash })).toMatchObject({ ok: true, data: { status: "succeeded", done: 4 } });
  });
});
