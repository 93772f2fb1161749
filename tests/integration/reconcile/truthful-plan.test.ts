/**
 * A plan never refuses as a whole (issue #13), on moto and the GitLab fake: one role that cannot be
 * planned is named and left out, everything else is planned and applies.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { applyReconcile, computePlan } from "@/lib/reconcile/service";
import { MOTO_ACCOUNT_ID } from "@/tests/support/moto";
import { motoSdk } from "../aws/moto-iam";
import { setupReconcile } from "./harness";

const h = setupReconcile();
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const actor = { id: null, label: "truthful-test" };

/** The README's sandbox recipe: `aws iam create-role … '{"Version":"2012-10-17","Statement":[]}'`. */
const RECIPE = JSON.stringify({ Version: "2012-10-17", Statement: [] });
/** JSON that moto stores but that is no trust policy trustmap can read. */
const UNREADABLE = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "sts:AssumeRole" }] });

async function createRegistered(name: string, document: string) {
  await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }));
  const arn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${name}`;
  return h.db.iamRole.create({ data: { awsAccountId: h.accountDbId, name, arn } });
}

async function trustPolicy(name: string): Promise<string> {
  const { Role } = await motoSdk(h.moto).send(new GetRoleCommand({ RoleName: name }));
  return decodeURIComponent(Role!.AssumeRolePolicyDocument!);
}

async function variables(project: string) {
  return h.gitlab.adapter().listVariables({ kind: "project", path: project });
}

describe("a plan never refuses as a whole", () => {
  it("a role made with the README's recipe (\"Statement\":[]) is planned and applied like a new role, next to another role", async () => {
    const fresh = await createRegistered("recipe-role", RECIPE);
    await h.approveMapping(fresh.id, { gitlabPath: "team/app" });
    const other = await h.addRole("other-role");
    await h.approveMapping(other.id, { gitlabPath: "team/web" });

    const { plan } = await computePlan({ ports: h.ports(), db: h.db });
    expect(plan.unread).toEqual([]);
    expect(plan.operations.filter((op) => op.kind === "trust-policy.update").map((op) => op.key)).toEqual([`trust-policy:${other.arn}`, `trust-policy:${fresh.arn}`].sort());

    const outcome = await applyReconcile(actor, { trigger: "cli", expectedPlanHash: plan.hash }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    expect(outcome.status).toBe("succeeded");
    expect(await trustPolicy("recipe-role")).toContain("project_path:team/app:ref_type:branch:ref:main");
    expect((await variables("team/app")).map((v) => v.key).sort()).toEqual(["AWS_REGION", "ROLE_ARN"]);
  });

  it("an unreadable trust policy blocks only its own role: named, untouched, no variable for it; the rest applies; the CLI plan exits 1 and says what it left out", async () => {
    const broken = await createRegistered("broken-role", UNREADABLE);
    await h.approveMapping(broken.id, { gitlabPath: "team/app" });
    const fine = await h.addRole("fine-role");
    await h.approveMapping(fine.id, { gitlabPath: "team/web" });

    const cli = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/trustmap.ts", "plan", "--json"], { cwd: ROOT, env: { ...process.env, ...h.childEnv() } }).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(cli.code).toBe(1);
    const printed = JSON.parse(cli.stdout) as { plan: { unread: { kind: string; ref: string }[]; operations: { key: string }[] } };
    expect(printed.plan.unread).toEqual([expect.objectContaining({ kind: "trust-policy", ref: broken.arn })]);
    expect(printed.plan.operations.map((op) => op.key)).toEqual([
      "oidc-provider:" + `arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/gitlab.example.com`,
      `trust-policy:${fine.arn}`,
      "variable:project:team/web:AWS_REGION:*",
      "variable:project:team/web:ROLE_ARN:*",
    ]);

    const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    expect(outcome).toMatchObject({ status: "succeeded", result: { done: 4, failed: 0 } });
    expect(await trustPolicy("broken-role")).toBe(UNREADABLE);
    expect(await trustPolicy("fine-role")).toContain("project_path:team/web:ref_type:branch:ref:main");
    expect(await variables("team/app")).toEqual([]);
    const run_ = await h.db.reconcileRun.findFirstOrThrow({ where: { kind: "plan" }, orderBy: { startedAt: "desc" } });
    expect(run_).toMatchObject({ status: "failed", error: expect.stringMatching(/^incomplete: Role broken-role: /) });
  }, 60_000);

  it("writes no ROLE_ARN variable for a role that does not exist in IAM", async () => {
    const ghost = await h.db.iamRole.create({ data: { awsAccountId: h.accountDbId, name: "ghost-role", arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/ghost-role` } });
    await h.approveMapping(ghost.id, { gitlabPath: "team/app" });
    const real = await h.addRole("real-role");
    await h.approveMapping(real.id, { gitlabPath: "team/web" });

    const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });

    expect(outcome.plan.problems).toContainEqual(expect.objectContaining({ code: "role-missing", roleArn: ghost.arn }));
    expect(outcome.status).toBe("succeeded");
    expect(await variables("team/app")).toEqual([]);
    expect((await variables("team/web")).map((v) => v.key).sort()).toEqual(["AWS_REGION", "ROLE_ARN"]);
  });
});
