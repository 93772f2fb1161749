import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { setupGitLabFake, TOKEN } from "@/tests/integration/gitlab/harness";

/** Users of every role, one AWS account and a normal and a production role. */
export async function seedWorkflow(db: Db) {
  const mk = (username: string, role: "requester" | "approver" | "auditor" | "admin") => db.user.create({ data: { username, name: username, role } });
  const [ria, avery, blake, audra, ada] = await Promise.all([mk("ria", "requester"), mk("avery", "approver"), mk("blake", "approver"), mk("audra", "auditor"), mk("ada", "admin")]);
  const account = await db.awsAccount.create({
    data: { accountId: "111122223333", name: "sandbox", issuerUrl: "https://gitlab.com", oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/gitlab.com", audiences: ["https://gitlab.com"] },
  });
  const staging = await db.iamRole.create({ data: { awsAccountId: account.id, name: "deploy-staging", arn: "arn:aws:iam::111122223333:role/deploy-staging" } });
  const production = await db.iamRole.create({ data: { awsAccountId: account.id, name: "deploy-production", arn: "arn:aws:iam::111122223333:role/deploy-production", production: true } });
  return { ria: ria!, avery: avery!, blake: blake!, audra: audra!, ada: ada!, account, staging, production };
}

export function requestInput(roleId: string, over: Record<string, unknown> = {}) {
  return { roleId, scope: "project" as const, gitlabPath: "acme/web", refType: "branch" as const, refPattern: "main", environment: null, audience: "https://gitlab.com", justification: "Deploys from main need this role", expiresAt: null, ...over };
}

/**
 * A connected GitLab (the fake, through the real adapter) that has `projects`, each protecting
 * every branch and tag for Maintainers (one, mona), and `groups`: GitLab's side of a request then
 * adds no risk, so the workflow's own rules decide the tier. Without a GitLab, protection is
 * unknown and every request is high risk (issue #12). Call it at the top of a test file, before
 * hooks that file requests.
 */
export function connectProtectedGitLab(projects: readonly string[], groups: readonly string[] = []) {
  const gitlab = setupGitLabFake();
  // The fake is reset after each test: seed it again (idempotently) before each.
  const seed = () => {
    const state = gitlab.fake.state;
    if (state.findProject(projects[0] ?? "")) return;
    state.addUser({ username: "mona", name: "Mona Maintainer" });
    for (const g of groups) state.addGroup(g);
    for (const p of projects) {
      state.addProject(p, { protectedBranches: ["*"], protectedTags: ["*"] });
      state.addMember({ kind: "project", path: p }, "mona", 40);
    }
  };
  beforeAll(() => {
    process.env.GITLAB_URL = gitlab.fake.url;
    process.env.GITLAB_TOKEN = TOKEN;
    seed();
  });
  beforeEach(seed);
  afterAll(() => {
    delete process.env.GITLAB_URL;
    delete process.env.GITLAB_TOKEN;
  });
  return gitlab;
}
