/**
 * When the sandbox is used (lib/sandbox/service.ts): a `sandbox` account is always served by the
 * sandbox IAM, real accounts by the SDK; the sandbox GitLab only in demo mode without GITLAB_TOKEN;
 * with no GitLab at all a plan still reads IAM and names each GitLab target it could not read.
 */
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { connectGitLab, gitlabSource } from "@/lib/gitlab/connection";
import { createPortsFromConfig } from "@/lib/reconcile/ports";
import { computePlan } from "@/lib/reconcile/service";
import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { storeSandbox } from "@/lib/sandbox/service";
import { useFreshDatabase } from "@/tests/support/db";
import { MOTO_ACCOUNT_ID, setupMoto, stubDefaultChainOnMoto } from "@/tests/support/moto";
import { motoSdk } from "../aws/moto-iam";

const moto = setupMoto();
const SANDBOX = "111122223333";
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
let db: Db;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  const iam = createMemoryIam({ accountId: SANDBOX });
  iam.addRole({ name: "sandbox-role", trustPolicy: TRUST });
  const gitlab = new MemoryGitLab();
  gitlab.addProject("acme/web");
  await db.$transaction((tx) => storeSandbox(tx, { iam: [iam.exportState()], gitlab: gitlab.exportState() }));
  const sandbox = await db.awsAccount.create({ data: { accountId: SANDBOX, name: "demo-sandbox", issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"], sandbox: true } });
  const role = await db.iamRole.create({ data: { awsAccountId: sandbox.id, name: "sandbox-role", arn: `arn:aws:iam::${SANDBOX}:role/sandbox-role` } });
  const user = await db.user.create({ data: { username: "wiring", name: "W" } });
  await db.mapping.create({ data: { scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", roleId: role.id, audience: "https://gitlab.com", status: "approved", requesterId: user.id, justification: "j" } });
});

afterAll(async () => {
  await db.$disconnect();
});

beforeEach(() => {
  stubDefaultChainOnMoto(moto());
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("which GitLab", () => {
  it("demo mode without GITLAB_TOKEN: the sandbox; a token replaces it; outside demo mode without a token: none", () => {
    expect(gitlabSource(parseConfig({ TRUSTMAP_DEMO: "1" }))).toEqual({ kind: "sandbox", url: "https://gitlab.com" });
    expect(gitlabSource(parseConfig({ TRUSTMAP_DEMO: "1", GITLAB_TOKEN: "glpat-x", GITLAB_URL: "https://gitlab.example.com" }))).toEqual({ kind: "api", url: "https://gitlab.example.com" });
    expect(gitlabSource(parseConfig({}))).toBeNull();
    expect(connectGitLab("background", parseConfig({}))).toBeNull();
  });
});

describe("which IAM", () => {
  it("a sandbox account is served by the sandbox even when AWS points at moto; a real account next to it goes to AWS (moto)", async () => {
    await motoSdk(moto()).send(new CreateRoleCommand({ RoleName: "moto-role", AssumeRolePolicyDocument: TRUST }));
    const ports = createPortsFromConfig([{ accountId: SANDBOX, managementRoleArn: null, sandbox: true }, { accountId: MOTO_ACCOUNT_ID, managementRoleArn: null }], parseConfig(process.env), db);
    try {
      expect((await ports.iam(SANDBOX).listRoles()).map((r) => r.arn)).toEqual([`arn:aws:iam::${SANDBOX}:role/sandbox-role`]);
      expect((await ports.iam(MOTO_ACCOUNT_ID).listRoles()).map((r) => r.arn)).toContain(`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/moto-role`);
    } finally {
      ports.close();
    }
  });
});

describe("planning with the configuration's ports", () => {
  it("in demo mode without GITLAB_TOKEN, a plan reads the sandbox IAM and the sandbox GitLab: nothing unread", async () => {
    vi.stubEnv("TRUSTMAP_DEMO", "1");
    vi.stubEnv("GITLAB_TOKEN", "");
    const { plan } = await computePlan({ db });
    expect(plan.unread).toEqual([]);
    expect(plan.operations.map((op) => op.kind)).toEqual(["oidc-provider.create", "trust-policy.update", "variable.create", "variable.create"]);
  });

  it("with no GitLab at all, a plan still reads IAM and names each GitLab target it could not read (no refusal)", async () => {
    vi.stubEnv("TRUSTMAP_DEMO", "0");
    vi.stubEnv("GITLAB_TOKEN", "");
    const { plan } = await computePlan({ db });
    expect(plan.unread).toEqual([{ kind: "gitlab-target", ref: "project:acme/web", message: expect.stringContaining("GitLab is not connected (GITLAB_TOKEN is not set)") }]);
    expect(plan.operations.map((op) => op.kind)).toEqual(["oidc-provider.create", "trust-policy.update"]);
  });
});
