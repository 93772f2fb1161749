import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { CreateRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { describe, expect, it, vi } from "vitest";
import { applyPlanAction } from "@/lib/actions/reconcile/apply-plan";
import { adoptGrantAction } from "@/lib/actions/reconcile/adopt-grant";
import { createPlanAction } from "@/lib/actions/reconcile/create-plan";
import { computePlan, discoverImports, importRole } from "@/lib/reconcile/service";
import { signInAs } from "../../support/session";
import { motoSdk } from "../aws/moto-iam";
import { FOREIGN_STATEMENT, PROVIDER_ARN, setupReconcile } from "./harness";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const h = setupReconcile();
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/trustmap.ts", ...args], { cwd: ROOT, env: { ...process.env, ...h.childEnv() } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A trust statement someone wrote by hand, trusting two GitLab projects. */
const HAND_WRITTEN = {
  Sid: "HandWritten",
  Effect: "Allow",
  Principal: { Federated: PROVIDER_ARN },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: {
    StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" },
    StringLike: { "gitlab.example.com:sub": ["project_path:team/app:ref_type:branch:ref:main", "project_path:ops/*:ref_type:tag:ref:v*"] },
  },
};

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

  it("adopting a hand-written statement creates mapping requests that still need approval", async () => {
    const role = await h.addRole("legacy");
    await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "legacy", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [FOREIGN_STATEMENT, HAND_WRITTEN] }) }));
    Object.assign(process.env, h.childEnv());
    signInAs(h.userId);

    const adopted = await adoptGrantAction({ roleArn: role.arn, statementIndex: 1, justification: "brownfield" });

    if (!adopted.ok) throw new Error(adopted.error);
    const mappings = await h.db.mapping.findMany({ where: { id: { in: adopted.data.mappingIds } }, orderBy: { gitlabPath: "asc" } });
    expect(mappings.map((m) => [m.status, m.scope, m.gitlabPath, m.refType, m.refPattern])).toEqual([
      ["requested", "group", "ops", "tag", "v*"],
      ["requested", "project", "team/app", "branch", "main"],
    ]);
    expect((await computePlan({ ports: h.ports(), db: h.db })).plan.operations).toEqual([]);
  });
});

describe("import", () => {
  it("discovers unregistered roles that trust the GitLab provider and imports one with its grants as requests", async () => {
    await h.addRole("registered");
    await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: "brownfield", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [HAND_WRITTEN] }) }));
    await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: "ec2-only", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [FOREIGN_STATEMENT] }) }));

    const candidates = await discoverImports({ ports: h.ports(), db: h.db });
    expect(candidates.map((c) => [c.roleName, c.proposals.length])).toEqual([["brownfield", 2]]);

    const imported = await importRole({ id: h.userId, label: "approver-1" }, { accountId: candidates[0]!.accountId, roleName: "brownfield", justification: "onboarding" }, { ports: h.ports(), db: h.db });
    expect(imported.mappingIds).toHaveLength(2);
    expect(await h.db.iamRole.findUnique({ where: { arn: candidates[0]!.roleArn } })).toBeTruthy();
    expect(await h.db.mapping.count({ where: { roleId: imported.roleId, status: "requested" } })).toBe(2);
  });
});
