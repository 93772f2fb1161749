import { spawn } from "node:child_process";
import path from "node:path";
import { DeleteRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { applyReconcile, checkDrift, computePlan } from "@/lib/reconcile/service";
import type { Operation } from "@/lib/reconcile/types";
import { awsCliTrustPolicy as awsCliTrustPolicyOf } from "@/tests/support/moto";
import { motoSdk } from "../aws/moto-iam";
import { startFaultProxy, throttling } from "../aws/fault-proxy";
import { FOREIGN_STATEMENT, gitlabWrites, setupReconcile } from "./harness";

const h = setupReconcile();
const actor = { id: null, label: "test" };
const APP = { kind: "project", path: "team/app" } as const;

const awsCliTrustPolicy = (roleName: string) => awsCliTrustPolicyOf(h.moto, roleName);

function trustUpdate(ops: Operation[]) {
  const op = ops.find((o) => o.kind === "trust-policy.update");
  if (op?.kind !== "trust-policy.update") throw new Error("the plan has no trust policy update");
  return op;
}

async function seedOneMapping() {
  const role = await h.addRole("deployer");
  await h.approveMapping(role.id);
  return role;
}

describe("apply against moto and the GitLab fake", () => {
  it("applies from empty: provider, trust policy as planned (read back with the aws CLI), variables, every operation recorded and audited", async () => {
    const role = await seedOneMapping();
    const ports = h.ports();
    const { plan } = await computePlan({ ports, db: h.db });
    expect(plan.operations.map((op) => op.kind)).toEqual(["oidc-provider.create", "trust-policy.update", "variable.create", "variable.create"]);
    const auditBefore = await h.db.auditEvent.count({ where: { action: "reconcile.applied" } });

    const outcome = await applyReconcile(actor, { trigger: "cli", expectedPlanHash: plan.hash }, { ports, db: h.db, databaseUrl: h.url });

    expect(outcome).toMatchObject({ status: "succeeded", result: { done: 4, failed: 0, skipped: 0 } });
    expect(await awsCliTrustPolicy("deployer")).toEqual(JSON.parse(trustUpdate(plan.operations).document));
    expect(((await awsCliTrustPolicy("deployer")) as { Statement: unknown[] }).Statement[0]).toEqual(FOREIGN_STATEMENT);
    const vars = h.gitlab.fake.state.variables(APP);
    expect(vars.map((v) => [v.key, v.value, v.description])).toEqual([
      ["AWS_REGION", "eu-west-1", "managed by trustmap"],
      ["ROLE_ARN", role.arn, "managed by trustmap"],
    ]);
    const ops = await h.db.reconcileOperation.findMany({ where: { runId: outcome.runId }, orderBy: { seq: "asc" } });
    expect(ops.map((o) => o.status)).toEqual(["done", "done", "done", "done"]);
    // Every write names the upstream request that made it: IAM's RequestId, GitLab's X-Request-Id.
    expect(ops.every((o) => typeof o.requestId === "string" && o.requestId !== "")).toBe(true);
    const gitlabPosts = h.gitlab.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/variables"));
    expect(ops.slice(2).map((o) => o.requestId)).toEqual(gitlabPosts.map((r) => r.requestId));
    expect(await h.db.auditEvent.count({ where: { action: "reconcile.applied" } })).toBe(auditBefore + 4);
    // The actual-state snapshot (simulator, effective access) is what IAM now holds.
    const snapshot = await h.db.iamRole.findUniqueOrThrow({ where: { id: role.id } });
    expect(snapshot.actualTrustPolicy).toEqual(await awsCliTrustPolicy("deployer"));
    expect(snapshot.actualFetchedAt).not.toBeNull();
  });

  it("a plan stores each role's trust policy as read from IAM, and a role missing from IAM as read-but-absent", async () => {
    const role = await seedOneMapping();
    await computePlan({ ports: h.ports(), db: h.db });
    const read = await h.db.iamRole.findUniqueOrThrow({ where: { id: role.id } });
    expect((read.actualTrustPolicy as { Statement: unknown[] }).Statement).toEqual([FOREIGN_STATEMENT]);
    await motoSdk(h.moto).send(new DeleteRoleCommand({ RoleName: "deployer" }));
    await computePlan({ ports: h.ports(), db: h.db });
    const gone = await h.db.iamRole.findUniqueOrThrow({ where: { id: role.id } });
    expect(gone.actualTrustPolicy).toBeNull();
    expect(gone.actualFetchedAt!.getTime()).toBeGreaterThan(read.actualFetchedAt!.getTime());
  });

  it("applying twice in a row makes zero write calls the second time, and reads with one ListRoles and one list per target", async () => {
    await seedOneMapping();
    await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    const ports = h.ports();
    h.gitlab.fake.requests.length = 0;

    const second = await applyReconcile(actor, { trigger: "cli" }, { ports, db: h.db, databaseUrl: h.url });

    expect(second.result.done).toBe(0);
    expect(ports.iamAdapter.callCounts()).toMatchObject({ writes: 0, byOperation: { ListRoles: 1, GetOpenIDConnectProvider: 1 } });
    expect(gitlabWrites(h)).toBe(0);
    expect(h.gitlab.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v4/projects/team%2Fapp/variables"]);
  });

  it("detects an out-of-band edit of the managed statement as drift and reverts it on apply, keeping the foreign statement", async () => {
    await seedOneMapping();
    await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    const applied = (await awsCliTrustPolicy("deployer")) as { Statement: { Condition?: { StringLike: Record<string, string> } }[] };
    const widened = JSON.stringify(applied).replace("project_path:team/app:", "project_path:team/*:");
    await motoSdk(h.moto).send(new UpdateAssumeRolePolicyCommand({ RoleName: "deployer", PolicyDocument: widened }));
    await h.ports().gitlab.updateVariable(APP, "AWS_REGION", "*", { value: "us-west-2" });

    const { report } = await checkDrift(actor, "cli", { ports: h.ports(), db: h.db });
    expect(report.drifted).toBe(true);
    expect(report.items.map((i) => i.kind).sort()).toEqual(["managed-statement-edited", "variable-edited"]);
    expect(await h.db.auditEvent.count({ where: { action: "reconcile.drift_found" } })).toBeGreaterThan(0);

    const revert = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    expect(revert.result.done).toBe(2);
    expect(await awsCliTrustPolicy("deployer")).toEqual(applied);
    expect((await checkDrift(actor, "cli", { ports: h.ports(), db: h.db })).report.inSync).toBe(true);
  });

  it("never touches a foreign variable, lists it, and reports the one that blocks ROLE_ARN as a conflict", async () => {
    await seedOneMapping();
    h.gitlab.fake.state.addVariable(APP, { key: "ROLE_ARN", value: "arn:aws:iam::999999999999:role/theirs" });
    h.gitlab.fake.state.addVariable(APP, { key: "DEPLOY_KEY", value: "secret-value", description: "ops" });
    const { plan } = await computePlan({ ports: h.ports(), db: h.db });
    expect(plan.problems).toContainEqual(expect.objectContaining({ code: "foreign-variable-conflict", variableKey: "ROLE_ARN" }));
    expect(plan.foreignVariables).toEqual([{ target: APP, key: "DEPLOY_KEY", environmentScope: "*" }]);

    await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    const vars = Object.fromEntries(h.gitlab.fake.state.variables(APP).map((v) => [v.key, v.value]));
    expect(vars).toEqual({ ROLE_ARN: "arn:aws:iam::999999999999:role/theirs", DEPLOY_KEY: "secret-value", AWS_REGION: "eu-west-1" });
  });

  it("reports a role deleted out of band as drift and still applies everything else", async () => {
    await seedOneMapping();
    const other = await h.addRole("web-deployer");
    await h.approveMapping(other.id, { gitlabPath: "team/web" });
    await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    await motoSdk(h.moto).send(new DeleteRoleCommand({ RoleName: "deployer" }));
    const web = await h.addRole("web-2");
    await h.approveMapping(web.id, { gitlabPath: "team/web", environment: "staging" });

    const { report } = await checkDrift(actor, "cli", { ports: h.ports(), db: h.db });
    expect(report.items).toContainEqual(expect.objectContaining({ kind: "role-deleted", roleArn: "arn:aws:iam::123456789012:role/deployer" }));
    const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    expect(outcome).toMatchObject({ status: "succeeded", result: { failed: 0 } });
    expect(h.gitlab.fake.state.variables({ kind: "project", path: "team/web" }).filter((v) => v.environmentScope === "staging").map((v) => v.key).sort()).toEqual(["AWS_REGION", "ROLE_ARN"]);
  });

  it("survives IAM Throttling and GitLab 429 responses", async () => {
    await seedOneMapping();
    let throttled = 0;
    const proxy = await startFaultProxy(h.moto.endpoint, (_n, body) => (body.includes("Action=UpdateAssumeRolePolicy") && throttled++ < 2 ? throttling : undefined));
    h.gitlab.fake.inject({ method: "POST", pathPrefix: "/api/v4/projects", status: 429, retryAfter: 1, times: 2 });
    try {
      const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db, databaseUrl: h.url });
      expect(outcome).toMatchObject({ status: "succeeded", result: { done: 4 } });
      expect(throttled).toBe(3);
      expect(h.gitlab.fake.requests.filter((r) => r.status === 429)).toHaveLength(2);
    } finally {
      await proxy.close();
    }
    expect((await computePlan({ ports: h.ports(), db: h.db })).plan.operations).toEqual([]);
  });

  it("a crash between operations leaves the run interrupted; the retry closes it and converges", async () => {
    await seedOneMapping();
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(import.meta.dirname, "crash-child.ts")], {
      env: { ...process.env, ...h.childEnv(), IAM_ENDPOINT: h.moto.endpoint, CRASH_AFTER_OPS: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const signal = await new Promise<string | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    expect(signal, output).toBe("SIGKILL");
    const crashed = await h.db.reconcileRun.findFirstOrThrow({ where: { kind: "apply" }, include: { operations: { orderBy: { seq: "asc" } } } });
    expect(crashed.status).toBe("running");
    expect(crashed.operations.map((o) => o.status)).toEqual(["done", "done", "pending", "pending"]);

    const retry = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });

    expect(retry.result).toMatchObject({ done: 2, failed: 0 });
    expect(retry.plan.operations.map((op) => op.kind)).toEqual(["variable.create", "variable.create"]);
    expect(await h.db.reconcileRun.findUniqueOrThrow({ where: { id: crashed.id } })).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted/) });
    expect((await computePlan({ ports: h.ports(), db: h.db })).plan.operations).toEqual([]);
  }, 60_000);

  it("two concurrent applies: one is refused naming the holder, and nothing is applied twice", async () => {
    await seedOneMapping();
    h.gitlab.fake.inject({ method: "POST", pathPrefix: "/api/v4/projects", delayMs: 1500 });
    const first = applyReconcile({ id: h.userId, label: "approver-1" }, { trigger: "ui" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });
    await new Promise((r) => setTimeout(r, 400));
    const second = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(second) && second.code).toBe("LOCKED");
    expect(isAppError(second) && second.userMessage).toMatch(/approver-1 \(ui\)/);
    expect((await first).result.done).toBe(4);
    expect(h.gitlab.fake.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(await h.db.reconcileOperation.count({ where: { status: "done" } })).toBe(4);
  });
});
