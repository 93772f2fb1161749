import "server-only";
import { activeMappingWhere, providerArnOf } from "@/lib/mappings/model";
import { parseTargetKey } from "@/lib/reconcile/targets";
import type { DesiredAccount, DesiredRole, DesiredState } from "@/lib/reconcile/types";
import type { VariableTarget } from "@/lib/gitlab/port";
import type { DbOrTx } from "./prisma";
import { readReconcileSettings } from "./reconcile-settings";

/** Operation kinds whose `target` column is a GitLab target key (see reconcile-runs.ts). */
export const VARIABLE_WRITE_KINDS = ["variable.create", "variable.update"];

/**
 * The desired state: every registered role (with its account) and its approved, unexpired
 * mappings. Roles without mappings are included so their managed statements get removed.
 */
export async function loadDesiredState(db: DbOrTx, now: Date = new Date()): Promise<DesiredState> {
  const [accounts, roles, settings, known] = await Promise.all([
    db.awsAccount.findMany({ orderBy: { accountId: "asc" } }),
    db.iamRole.findMany({
      orderBy: { arn: "asc" },
      include: {
        awsAccount: { select: { accountId: true } },
        mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } },
      },
    }),
    readReconcileSettings(db),
    db.reconcileOperation.findMany({ where: { kind: { in: VARIABLE_WRITE_KINDS }, status: "done" }, distinct: ["target"], select: { target: true } }),
  ]);
  const desiredRoles: DesiredRole[] = roles.map((r) => ({
    id: r.id,
    arn: r.arn,
    name: r.name,
    accountId: r.awsAccount.accountId,
    production: r.production,
    quota: r.trustPolicyQuota,
    mappings: r.mappings.map((m) => ({
      id: m.id,
      scope: m.scope,
      path: m.gitlabPath,
      refType: m.refType,
      ref: m.refPattern,
      environment: m.environment,
      audience: m.audience,
      protectedRefsOnly: m.protectedRefsOnly,
    })),
  }));
  const desiredAccounts: DesiredAccount[] = accounts.map((a) => {
    const used = desiredRoles.filter((r) => r.accountId === a.accountId).flatMap((r) => r.mappings.map((m) => m.audience));
    return {
      accountId: a.accountId,
      name: a.name,
      issuerUrl: a.issuerUrl,
      providerArn: providerArnOf(a),
      audiences: [...new Set([...a.audiences, ...used])].sort(),
      region: a.region,
    };
  });
  return {
    accounts: desiredAccounts,
    roles: desiredRoles,
    roleArnVariable: settings.roleArnVariable,
    knownTargets: known.map((k) => parseTargetKey(k.target)).filter((t): t is VariableTarget => t !== null),
  };
}
