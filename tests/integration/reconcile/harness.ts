/**
 * Reconcile integration harness: a fresh database per file, moto's IAM through the real SDK
 * adapter, the GitLab fake through the real gitbeaker adapter, and seed helpers for accounts,
 * roles and approved mappings.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { beforeAll, beforeEach } from "vitest";
import type { IamAdapter } from "@/lib/aws/adapter";
import type { Db } from "@/lib/db/prisma";
import type { GitLabAdapter, GitLabAdapterOptions } from "@/lib/gitlab/adapter";
import type { ReconcilePorts } from "@/lib/reconcile/apply";
import { setupMoto, MOTO_ACCOUNT_ID, type MotoServer } from "@/tests/support/moto";
import { useFreshDatabase } from "@/tests/support/db";
import { motoAdapter, motoSdk } from "../aws/moto-iam";
import { setupGitLabFake, TOKEN, type Harness } from "../gitlab/harness";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export const ISSUER = "https://gitlab.example.com";
export const PROVIDER_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/gitlab.example.com`;
export const FOREIGN_STATEMENT = { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

export interface ReconcileHarness {
  db: Db;
  url: string;
  moto: MotoServer;
  gitlab: Harness;
  /**
   * Fresh adapters (call counts start at zero). GitLab's retries creates as in production
   * (lib/reconcile/ports.ts), with short backoffs; `gitlab` overrides its options.
   */
  ports(options?: { iamEndpoint?: string; gitlab?: Partial<GitLabAdapterOptions> }): ReconcilePorts & { iamAdapter: IamAdapter; gitlab: GitLabAdapter };
  userId: string;
  accountDbId: string;
  /** Creates the role in moto (trust policy: the foreign statement) and registers it. */
  addRole(name: string): Promise<{ id: string; arn: string }>;
  approveMapping(roleId: string, overrides?: Partial<{ scope: "group" | "project"; gitlabPath: string; refPattern: string; environment: string | null; protectedRefsOnly: boolean }>): Promise<string>;
  /** Environment for a child process (CLI) talking to the same servers. */
  childEnv(): Record<string, string>;
}

export function setupReconcile(): ReconcileHarness {
  const moto = setupMoto();
  const gitlab = setupGitLabFake();
  const h = { gitlab } as ReconcileHarness;
  beforeAll(async () => {
    const fresh = await useFreshDatabase();
    h.db = fresh.db;
    h.url = fresh.url;
    h.userId = (await h.db.user.create({ data: { username: "approver-1", name: "Approver", role: "approver" } })).id;
  });
  beforeEach(async () => {
    h.moto = moto();
    await h.db.reconcileRun.deleteMany();
    await h.db.mapping.deleteMany();
    await h.db.iamRole.deleteMany();
    await h.db.awsAccount.deleteMany();
    await h.db.setting.deleteMany();
    h.accountDbId = (await h.db.awsAccount.create({ data: { accountId: MOTO_ACCOUNT_ID, name: "sandbox", issuerUrl: ISSUER, audiences: ["sts.amazonaws.com"], region: "eu-west-1" } })).id;
    gitlab.fake.state.addProject("team/app", {});
    gitlab.fake.state.addProject("team/web", {});
  });
  h.ports = (options = {}) => {
    const iamAdapter = motoAdapter(h.moto, options.iamEndpoint ? { endpoint: options.iamEndpoint } : {});
    const adapter = gitlab.adapter({ ...options.gitlab, retry: { backoffMs: 10, retryCreates: true, ...options.gitlab?.retry } });
    return { iam: () => iamAdapter, gitlab: adapter, iamAdapter };
  };
  h.addRole = async (name) => {
    await motoSdk(h.moto).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [FOREIGN_STATEMENT] }) }));
    const arn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${name}`;
    const role = await h.db.iamRole.create({ data: { awsAccountId: h.accountDbId, name, arn } });
    return { id: role.id, arn };
  };
  h.approveMapping = async (roleId, overrides = {}) => {
    const m = await h.db.mapping.create({
      data: { scope: "project", gitlabPath: "team/app", refType: "branch", refPattern: "main", roleId, audience: "sts.amazonaws.com", status: "approved", requesterId: h.userId, justification: "deploys", ...overrides },
    });
    return m.id;
  };
  h.childEnv = () => ({
    ...h.moto.env,
    DATABASE_URL: h.url,
    AWS_ENDPOINT_URL_IAM: h.moto.endpoint,
    GITLAB_URL: gitlab.fake.url,
    GITLAB_TOKEN: TOKEN,
  });
  return h;
}

/** Run `npm run trustmap -- <args>` as a child process against the harness's servers; never throws. */
export async function trustmapCli(h: ReconcileHarness, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/trustmap.ts", ...args], { cwd: ROOT, env: { ...process.env, ...h.childEnv() } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** GitLab variable writes the fake received (POST/PUT/DELETE on a variables path). */
export function gitlabWrites(h: ReconcileHarness): number {
  return h.gitlab.fake.requests.filter((r) => r.method !== "GET" && r.path.includes("/variables")).length;
}
