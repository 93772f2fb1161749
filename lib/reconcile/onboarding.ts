/**
 * Adopt (turn a grant found in a managed role's trust policy into a mapping request) and import
 * (discover unregistered roles that trust the GitLab provider and propose their grants). Both
 * create requests only: nothing reaches IAM before someone approves them.
 */
import { providerArnOf } from "@/lib/mappings/model";
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";
import { createAdoptedRequests, type AdoptActor } from "@/lib/db/reconcile-adopt";
import { AppError, notFound } from "@/lib/errors";
import type { ReconcilePorts } from "./apply";
import { proposeMappings, type MappingProposal, type Unadoptable } from "./adopt";
import { createPortsFromConfig } from "./ports";

export interface OnboardingOptions {
  ports?: ReconcilePorts;
  db?: Db;
}

async function portsFor(db: Db, options: OnboardingOptions): Promise<{ ports: ReconcilePorts; close(): void }> {
  if (options.ports) return { ports: options.ports, close: () => {} };
  const ports = createPortsFromConfig(await db.awsAccount.findMany({ select: { accountId: true, managementRoleArn: true } }));
  return { ports, close: () => ports.close() };
}

/** Adopt one statement of a registered role's actual trust policy as mapping requests. */
export async function adoptGrant(actor: AdoptActor, input: { roleArn: string; statementIndex: number; justification: string }, options: OnboardingOptions = {}) {
  const db = options.db ?? getDb();
  const role = await db.iamRole.findUnique({ where: { arn: input.roleArn }, include: { awsAccount: true } });
  if (!role) throw notFound("No registered role has this ARN.");
  const { ports, close } = await portsFor(db, options);
  try {
    const actual = await ports.iam(role.awsAccount.accountId).getRole(role.name);
    const found = proposeMappings(actual.trustPolicy.text, providerArnOf(role.awsAccount), { audienceFallback: role.awsAccount.audiences[0] ?? "sts.amazonaws.com", onlyStatement: input.statementIndex, includeOwned: true });
    if (found.proposals.length === 0) {
      throw new AppError("BAD_INPUT", `Nothing to adopt in statement ${input.statementIndex}: ${found.unadoptable.map((u) => u.reason).join("; ") || "it grants nothing to the GitLab provider"}`);
    }
    const created = await createAdoptedRequests(db, actor, { roleId: role.id, proposals: found.proposals, justification: input.justification, source: role.arn });
    return { mappingIds: created.mappingIds, unadoptable: found.unadoptable };
  } finally {
    close();
  }
}

export interface ImportCandidate {
  accountId: string;
  roleName: string;
  roleArn: string;
  proposals: MappingProposal[];
  unadoptable: Unadoptable[];
}

/** Roles in each connected account, not registered yet, whose trust policy trusts the account's GitLab provider (one ListRoles walk per account). */
export async function discoverImports(options: OnboardingOptions = {}): Promise<ImportCandidate[]> {
  const db = options.db ?? getDb();
  const [accounts, registered] = await Promise.all([db.awsAccount.findMany(), db.iamRole.findMany({ select: { arn: true } })]);
  const known = new Set(registered.map((r) => r.arn));
  const { ports, close } = await portsFor(db, options);
  try {
    const out: ImportCandidate[] = [];
    for (const account of accounts) {
      for (const role of await ports.iam(account.accountId).listRoles()) {
        if (known.has(role.arn)) continue;
        const found = proposeMappings(role.trustPolicy.text, providerArnOf(account), { audienceFallback: account.audiences[0] ?? "sts.amazonaws.com", includeOwned: true });
        if (found.proposals.length + found.unadoptable.length === 0) continue;
        out.push({ accountId: account.accountId, roleName: role.name, roleArn: role.arn, ...found });
      }
    }
    return out;
  } finally {
    close();
  }
}

/** Register a discovered role and request its grants as mappings (they still need approval). */
export async function importRole(actor: AdoptActor, input: { accountId: string; roleName: string; justification: string }, options: OnboardingOptions = {}) {
  const db = options.db ?? getDb();
  const account = await db.awsAccount.findUnique({ where: { accountId: input.accountId } });
  if (!account) throw notFound("No connected AWS account has this id.");
  const { ports, close } = await portsFor(db, options);
  try {
    const role = await ports.iam(account.accountId).getRole(input.roleName);
    if (await db.iamRole.findUnique({ where: { arn: role.arn } })) throw new AppError("CONFLICT", "This role is already registered; adopt its statements instead.");
    const found = proposeMappings(role.trustPolicy.text, providerArnOf(account), { audienceFallback: account.audiences[0] ?? "sts.amazonaws.com", includeOwned: true });
    const created = await createAdoptedRequests(db, actor, {
      registerRole: { awsAccountId: account.id, name: role.name, arn: role.arn },
      proposals: found.proposals,
      justification: input.justification,
      source: role.arn,
    });
    return { ...created, unadoptable: found.unadoptable };
  } finally {
    close();
  }
}
