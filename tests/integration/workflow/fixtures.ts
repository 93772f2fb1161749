import type { Db } from "@/lib/db/prisma";

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
