import "server-only";
import type { Db } from "@/lib/db/prisma";
import { appendAuditEvent } from "@/lib/audit/service";
import { DEFAULT_INVENTORY_CONFIG } from "@/lib/inventory/patterns";
import { INVENTORY_SETTING_KEY } from "@/lib/inventory/service";
import { applyReconcile } from "@/lib/reconcile/service";
import { sandboxPorts, storeSandbox } from "@/lib/sandbox/service";
import { storeSandboxUsage } from "@/lib/usage/service";
import { sandboxUsageEvents } from "./sandbox-usage";
import { DEMO_ACCOUNT_ID, DEMO_AUDIENCE, DEMO_GROUP, DEMO_ISSUER, DEMO_PROVIDER_ARN, DEMO_ROLES, sandboxWorld } from "./sandbox-world";

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

/** Who the seed's first apply is recorded as. */
export const DEMO_SEED_ACTOR = { id: null, label: "demo seed" } as const;

export interface SeedOptions {
  /**
   * Apply the approved sample mapping to the sandbox right after seeding (trigger "seed"), so the
   * demo starts in sync with a recorded apply that later drift is measured against. Only when the
   * sandbox serves GitLab too (demo mode without GITLAB_TOKEN): the seed never writes to a real
   * GitLab. `databaseUrl` is for the apply lock.
   */
  reconcileSandbox?: { databaseUrl: string };
}

/**
 * Seed demo data into an empty database (no users): personas, the sandbox AWS account (flagged
 * `sandbox`, so the sandbox IAM serves it) with two registered roles, two approved mappings and one
 * high-risk request, the sandbox's IAM and GitLab (lib/demo/sandbox-world.ts), the roles' trust
 * policies as first read from it, sample usage evidence (lib/demo/sandbox-usage.ts; one of the two
 * approved mappings unused), and inventory settings pointing at the sandbox group. Everything
 * seeded is sample data and the UI says so with the demo banner and "sandbox" labels. Returns false
 * when the database already had users.
 */
export async function seedDemoIfEmpty(db: Db, options: SeedOptions = {}): Promise<boolean> {
  const world = await sandboxWorld();
  const seeded = await db.$transaction(async (tx) => {
    // Two instances starting at once must not both seed.
    await tx.$executeRaw`select pg_advisory_xact_lock(7314161)`;
    if ((await tx.user.count()) > 0) return false;
    const users = new Map<string, string>();
    for (const p of DEMO_PERSONAS) {
      const u = await tx.user.create({ data: { ...p, isDemo: true } });
      users.set(p.username, u.id);
    }
    const account = await tx.awsAccount.create({
      data: { accountId: DEMO_ACCOUNT_ID, name: "demo-sandbox", issuerUrl: DEMO_ISSUER, oidcProviderArn: DEMO_PROVIDER_ARN, audiences: [DEMO_AUDIENCE], sandbox: true },
    });
    await storeSandbox(tx, { iam: [world.iam], gitlab: world.gitlab });
    const read = new Date();
    const roles = new Map<string, string>();
    for (const r of DEMO_ROLES) {
      const arn = `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/${r.name}`;
      const role = await tx.iamRole.create({
        data: { awsAccountId: account.id, name: r.name, arn, description: r.description, production: r.production, actualTrustPolicy: world.trustPolicies[arn], actualFetchedAt: read },
      });
      roles.set(r.name, role.id);
    }
    const ria = users.get("ria")!;
    const avery = users.get("avery")!;
    const daysAgo = (d: number) => new Date(read.getTime() - d * 86_400_000);
    // Approved months ago, so the sample usage below counts for them (calls before a mapping was
    // requested came through some other grant).
    const approved = await tx.mapping.create({
      data: {
        scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", roleId: roles.get("deploy-staging")!,
        audience: DEMO_AUDIENCE, status: "approved", requesterId: ria, justification: "Staging deploys from main",
        createdAt: daysAgo(200), decidedAt: daysAgo(199),
      },
    });
    await tx.mappingApproval.create({ data: { mappingId: approved.id, approverId: avery, createdAt: daysAgo(199) } });
    // Not used in the 90 days of usage kept: flagged "revoke?" on Mappings and Access.
    const unused = await tx.mapping.create({
      data: {
        scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "staging", roleId: roles.get("deploy-staging")!,
        audience: DEMO_AUDIENCE, status: "approved", requesterId: ria, justification: "The old staging pipeline deploys from the staging branch",
        createdAt: daysAgo(150), decidedAt: daysAgo(149),
      },
    });
    await tx.mappingApproval.create({ data: { mappingId: unused.id, approverId: users.get("blake")!, createdAt: daysAgo(149) } });
    await storeSandboxUsage(tx, DEMO_ACCOUNT_ID, sandboxUsageEvents(read), read);
    await tx.mapping.create({
      data: {
        scope: "project", gitlabPath: "acme/web", refType: "tag", refPattern: "v*", roleId: roles.get("deploy-production")!,
        audience: DEMO_AUDIENCE, requesterId: ria, justification: "Release tags deploy to production",
        requiredApprovals: 2, riskTier: "high",
      },
    });
    await tx.setting.create({ data: { key: INVENTORY_SETTING_KEY, value: { ...DEFAULT_INVENTORY_CONFIG, groups: [DEMO_GROUP] } } });
    await appendAuditEvent(tx, { actorId: null, actorLabel: "system", action: "demo.seeded", data: { personas: DEMO_PERSONAS.map((p) => p.username), sandboxAccount: DEMO_ACCOUNT_ID } });
    return true;
  });
  if (seeded && options.reconcileSandbox) {
    await applyReconcile(DEMO_SEED_ACTOR, { trigger: "seed" }, { db, databaseUrl: options.reconcileSandbox.databaseUrl, ports: sandboxPorts(db) });
  }
  return seeded;
}
