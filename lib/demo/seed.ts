import "server-only";
import type { Db } from "@/lib/db/prisma";
import { appendAuditEvent } from "@/lib/audit/service";

/**
 * The demo personas, one per role (two approvers, so the two-person rule can be tried). Their
 * example.com addresses (reserved for examples, RFC 2606) give notification emails somewhere to go:
 * the demo outbox, or a real SMTP server when one is configured.
 */
export const DEMO_PERSONAS = [
  { username: "ria", name: "Ria Requester", role: "requester", email: "ria@example.com" },
  { username: "avery", name: "Avery Approver", role: "approver", email: "avery@example.com" },
  { username: "blake", name: "Blake Approver", role: "approver", email: "blake@example.com" },
  { username: "audra", name: "Audra Auditor", role: "auditor", email: "audra@example.com" },
  { username: "ada", name: "Ada Admin", role: "admin", email: "ada@example.com" },
] as const;

/**
 * Seed demo data into an empty database (no users). Everything seeded is sample data and the
 * UI says so with the demo banner. Returns false when the database already had users.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Two instances starting at once must not both seed.
    await tx.$executeRaw`select pg_advisory_xact_lock(7314161)`;
    if ((await tx.user.count()) > 0) return false;
    const users = new Map<string, string>();
    for (const p of DEMO_PERSONAS) {
      const u = await tx.user.create({ data: { ...p, isDemo: true } });
      users.set(p.username, u.id);
    }
    const account = await tx.awsAccount.create({
      data: {
        accountId: "111122223333",
        name: "demo-sandbox",
        issuerUrl: "https://gitlab.com",
        oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
        audiences: ["https://gitlab.com"],
      },
    });
    const staging = await tx.iamRole.create({
      data: { awsAccountId: account.id, name: "deploy-staging", arn: "arn:aws:iam::111122223333:role/deploy-staging", description: "Deploys the web app to staging" },
    });
    const prod = await tx.iamRole.create({
      data: { awsAccountId: account.id, name: "deploy-production", arn: "arn:aws:iam::111122223333:role/deploy-production", description: "Deploys the web app to production", production: true },
    });
    const ria = users.get("ria")!;
    const avery = users.get("avery")!;
    const approved = await tx.mapping.create({
      data: {
        scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", roleId: staging.id,
        audience: "https://gitlab.com", status: "approved", requesterId: ria, justification: "Staging deploys from main",
      },
    });
    await tx.mappingApproval.create({ data: { mappingId: approved.id, approverId: avery } });
    await tx.mapping.create({
      data: {
        scope: "project", gitlabPath: "acme/web", refType: "tag", refPattern: "v*", roleId: prod.id,
        audience: "https://gitlab.com", requesterId: ria, justification: "Release tags deploy to production",
        requiredApprovals: 2, riskTier: "high",
      },
    });
    await appendAuditEvent(tx, { actorId: null, actorLabel: "system", action: "demo.seeded", data: { personas: DEMO_PERSONAS.map((p) => p.username) } });
    return true;
  });
}
