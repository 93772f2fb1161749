/** Mappings for the facts tests: a user, an account, a normal and a production role. */
import type { Db } from "@/lib/db/prisma";

export async function seedRoles(db: Db) {
  const user = await db.user.create({ data: { username: "ria", name: "Ria", role: "requester" } });
  const account = await db.awsAccount.create({
    data: { accountId: "111122223333", name: "sandbox", issuerUrl: "https://gitlab.com", oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/gitlab.com", audiences: ["https://gitlab.com"] },
  });
  const staging = await db.iamRole.create({ data: { awsAccountId: account.id, name: "deploy-staging", arn: "arn:aws:iam::111122223333:role/deploy-staging" } });
  const production = await db.iamRole.create({ data: { awsAccountId: account.id, name: "deploy-production", arn: "arn:aws:iam::111122223333:role/deploy-production", production: true } });
  return { user, staging, production };
}

type MappingSeed = {
  roleId: string;
  requesterId: string;
  scope?: "project" | "group";
  gitlabPath: string;
  refType?: "branch" | "tag" | "any";
  refPattern?: string;
  status?: "requested" | "approved" | "rejected" | "revoked" | "expired" | "withdrawn";
  expiresAt?: Date | null;
};

export function addMapping(db: Db, m: MappingSeed) {
  const decided = m.status === "rejected" || m.status === "revoked" ? { decidedById: m.requesterId, decisionReason: "test", decidedAt: new Date() } : {};
  return db.mapping.create({
    data: {
      roleId: m.roleId,
      requesterId: m.requesterId,
      scope: m.scope ?? "project",
      gitlabPath: m.gitlabPath,
      refType: m.refType ?? "branch",
      refPattern: m.refPattern ?? "main",
      status: m.status ?? "approved",
      expiresAt: m.expiresAt ?? null,
      audience: "https://gitlab.com",
      justification: "test",
      ...decided,
    },
  });
}

/** Captures what would be enqueued, instead of pg-boss. */
export function captureQueue() {
  const jobs: { name: string; data: Record<string, unknown>; startAfter: unknown }[] = [];
  return {
    jobs,
    enqueue: async (_tx: unknown, name: string, data: object, options?: { startAfter?: unknown }) => {
      jobs.push({ name, data: data as Record<string, unknown>, startAfter: options?.startAfter });
      return `job-${jobs.length}`;
    },
  };
}
