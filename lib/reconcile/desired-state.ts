/**
 * The desired state from the rows that hold it: every registered role (with its account) and its
 * active mappings. Roles without mappings are included so their managed statements get removed.
 * Pure: the store loads the rows, this says what they mean to the planner.
 */
import { providerArnOf } from "@/lib/mappings/model";
import type { VariableTarget } from "@/lib/gitlab/port";
import { parseTargetKey } from "./targets";
import type { DesiredAccount, DesiredMapping, DesiredRole, DesiredState } from "./types";

export interface DesiredAccountRow {
  accountId: string;
  name: string;
  issuerUrl: string;
  oidcProviderArn: string | null;
  audiences: string[];
  region: string;
}

export interface DesiredRoleRow {
  id: string;
  arn: string;
  name: string;
  production: boolean;
  trustPolicyQuota: number;
  awsAccount: { accountId: string };
  /** The role's active mappings (approved, unexpired), by id. */
  mappings: DesiredMapping[];
}

export function desiredStateFrom(rows: {
  accounts: readonly DesiredAccountRow[];
  roles: readonly DesiredRoleRow[];
  roleArnVariable: string;
  /** `target` keys of every variable trustmap has written. */
  writtenTargets: readonly string[];
}): DesiredState {
  const roles: DesiredRole[] = rows.roles.map((r) => ({
    id: r.id,
    arn: r.arn,
    name: r.name,
    accountId: r.awsAccount.accountId,
    production: r.production,
    quota: r.trustPolicyQuota,
    // Only the grant columns: the desired state is planned, hashed and shown, not the whole row.
    mappings: r.mappings.map((m) => ({
      id: m.id,
      scope: m.scope,
      gitlabPath: m.gitlabPath,
      refType: m.refType,
      refPattern: m.refPattern,
      environment: m.environment,
      audience: m.audience,
      protectedRefsOnly: m.protectedRefsOnly,
    })),
  }));
  const accounts: DesiredAccount[] = rows.accounts.map((a) => {
    const used = roles.filter((r) => r.accountId === a.accountId).flatMap((r) => r.mappings.map((m) => m.audience));
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
    accounts,
    roles,
    roleArnVariable: rows.roleArnVariable,
    knownTargets: rows.writtenTargets.map(parseTargetKey).filter((t): t is VariableTarget => t !== null),
  };
}
