/**
 * "What can project P assume" on a ref: the job's token (sub as GitLab builds it by default)
 * judged against every role through each audience the role's account accepts (lib/policy's
 * evaluateTokenAgainstRoles, the Simulator's evaluator too). Roles read from IAM are judged on the
 * actual policy; the others on the policy their desired mappings compile to. Pure.
 */
import { buildSubject, compileSubjects, compileTrustPolicy, evaluateTokenAgainstRoles, globMatches, isOwnedSid, type RoleTrust } from "@/lib/policy";
import { providerArnOf, selectorOf, toPolicyMapping, type MappingGrantRow } from "@/lib/mappings/model";
import type { TWhatCanAssumeQuery } from "@/lib/schemas/access";

/** A role with its account and its active mappings. */
export interface RoleToJudge {
  id: string;
  name: string;
  arn: string;
  actualTrustPolicy: unknown;
  awsAccount: { accountId: string; issuerUrl: string; oidcProviderArn: string | null; audiences: string[] };
  mappings: MappingGrantRow[];
}

export interface ConditionTrace {
  operator: string;
  key: string;
  values: string[];
  requestValue: string | string[] | null;
  matched: boolean;
  outcome: string;
  decidingValue: string | null;
}

export type WhatCanAssumeRow = {
  roleId: string;
  roleName: string;
  roleArn: string;
  accountId: string;
  source: "actual" | "desired";
  audience: string;
  decision: string;
  /** The statements that decided, with the evaluator's condition trace. */
  statements: { sid: string | null; effect: string; managed: boolean; conditions: ConditionTrace[] }[];
  mappings: { id: string; gitlabPath: string; ref: string }[];
};

export interface WhatCanAssumeView {
  sub: string;
  rows: WhatCanAssumeRow[];
  rolesChecked: number;
  rolesNotRead: number;
}

interface Judged {
  role: RoleToJudge;
  admitting: MappingGrantRow[];
  source: "actual" | "desired";
}

export function whatCanAssumeView(q: TWhatCanAssumeQuery, roles: readonly RoleToJudge[]): WhatCanAssumeView {
  const sub = buildSubject({ projectPath: q.project, refType: q.refType, ref: q.ref });
  let notRead = 0;
  const judged: RoleTrust<Judged>[] = [];
  for (const role of roles) {
    const account = role.awsAccount;
    const providerArn = providerArnOf(account);
    const admitting = role.mappings.filter((m) => {
      const c = compileSubjects(selectorOf(m));
      return c.ok && c.patterns.some((p) => globMatches(p, sub));
    });
    let policy: unknown = role.actualTrustPolicy;
    const source = policy === null ? "desired" : "actual";
    if (policy === null) {
      notRead++;
      if (admitting.length === 0) continue;
      const compiled = compileTrustPolicy({ mappings: role.mappings.map((m) => toPolicyMapping(m, providerArn)), quota: 8192 });
      if (!compiled.ok) continue;
      policy = compiled.policy;
    }
    const audiences = [...new Set([...account.audiences, ...role.mappings.map((m) => m.audience)])];
    judged.push({ key: { role, admitting, source }, policy, providerArn, audiences });
  }
  const rows: WhatCanAssumeRow[] = [];
  // The job's token as IAM sees it: only sub and aud are condition keys (each role's audiences are tried).
  for (const outcome of evaluateTokenAgainstRoles({ sub }, judged).roles) {
    if (outcome.status !== "evaluated") continue;
    const { role, admitting, source } = outcome.key;
    for (const { audience = "", explanation: result } of outcome.results) {
      if (result.decision !== "Allow") continue;
      rows.push({
        roleId: role.id,
        roleName: role.name,
        roleArn: role.arn,
        accountId: role.awsAccount.accountId,
        source,
        audience,
        decision: result.decision,
        statements: result.decisive.map((i) => {
          const s = result.statements[i];
          return {
            sid: s?.sid ?? null,
            effect: s?.effect ?? "Allow",
            managed: isOwnedSid(s?.sid),
            conditions: (s?.conditions ?? []).map((c) => ({ operator: c.operator, key: c.key, values: c.values, requestValue: c.requestValue, matched: c.matched, outcome: c.outcome, decidingValue: c.decidingValue ?? null })),
          };
        }),
        mappings: admitting.filter((m) => m.audience === audience).map((m) => ({ id: m.id, gitlabPath: m.gitlabPath, ref: `${m.refType} ${m.refPattern}` })),
      });
    }
  }
  return { sub, rows, rolesChecked: roles.length, rolesNotRead: notRead };
}
