/**
 * "What can project P assume" on a ref: the job's token (sub as GitLab builds it by default)
 * judged against every role through each audience the role's account accepts (lib/policy's
 * evaluateTokenAgainstRoles, the Simulator's evaluator too). Which policy a role is judged on is
 * lib/policy's policyToJudge rule, the Simulator's too: the one read from IAM. A role not read
 * (or absent from IAM) is not judged; when approved mappings would admit the job it is listed
 * with them, as the desired state, never as a decision. Pure.
 */
import { buildSubject, compileSubjects, evaluateTokenAgainstRoles, globMatches, isOwnedSid, notJudgedReason, type OverallDecision, type RoleTrust } from "@/lib/policy";
import { providerArnOf, selectorOf, type MappingGrantRow } from "@/lib/mappings/model";
import type { TWhatCanAssumeQuery } from "@/lib/schemas/access";
import { sortRows } from "./order";

/** A role with its account and its active mappings. */
export interface RoleToJudge {
  id: string;
  name: string;
  arn: string;
  actualTrustPolicy: unknown;
  actualFetchedAt: Date | null;
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
  /** The state the role was judged on: its trust policy as read from IAM. */
  source: "actual";
  audience: string;
  decision: string;
  /** The statements that decided, with the evaluator's condition trace. */
  statements: { sid: string | null; effect: string; managed: boolean; conditions: ConditionTrace[] }[];
  mappings: { id: string; gitlabPath: string; ref: string }[];
};

/** A role that was not judged, and the approved mappings (desired state) that would admit the job. */
export type NotJudgedRole = {
  roleId: string;
  roleName: string;
  roleArn: string;
  accountId: string;
  /** "not-read" / "absent-from-iam" (lib/policy's policyToJudge), or "unevaluable" (the policy read could not be evaluated). */
  why: "not-read" | "absent-from-iam" | "unevaluable";
  reason: string;
  desired: { id: string; gitlabPath: string; ref: string; audience: string }[];
};

export interface WhatCanAssumeView {
  sub: string;
  /** Across the roles judged: Allow when one lets the job in; NotEvaluated when no role could be judged. */
  decision: OverallDecision;
  rows: WhatCanAssumeRow[];
  /** Roles looked at (every registered role). */
  rolesChecked: number;
  /** Roles judged on their trust policy as read from IAM. */
  rolesEvaluated: number;
  /** Roles not judged because IAM was not read (or did not have them). */
  rolesNotRead: number;
  /** Roles not judged that approved mappings would admit the job to, or whose policy could not be evaluated. */
  notJudged: NotJudgedRole[];
}

interface Judged {
  role: RoleToJudge;
  admitting: MappingGrantRow[];
}

function roleIds(role: RoleToJudge) {
  return { roleId: role.id, roleName: role.name, roleArn: role.arn, accountId: role.awsAccount.accountId };
}

function desiredOf(admitting: readonly MappingGrantRow[]) {
  return admitting.map((m) => ({ id: m.id, gitlabPath: m.gitlabPath, ref: `${m.refType} ${m.refPattern}`, audience: m.audience }));
}

export function whatCanAssumeView(q: TWhatCanAssumeQuery, roles: readonly RoleToJudge[]): WhatCanAssumeView {
  const sub = buildSubject({ projectPath: q.project, refType: q.refType, ref: q.ref });
  const judged: RoleTrust<Judged>[] = roles.map((role) => {
    const admitting = role.mappings.filter((m) => {
      const c = compileSubjects(selectorOf(m));
      return c.ok && c.patterns.some((p) => globMatches(p, sub));
    });
    const audiences = [...new Set([...role.awsAccount.audiences, ...role.mappings.map((m) => m.audience)])];
    return { key: { role, admitting }, stored: role, providerArn: providerArnOf(role.awsAccount), audiences };
  });
  const rows: WhatCanAssumeRow[] = [];
  const notJudged: NotJudgedRole[] = [];
  let notRead = 0;
  let evaluated = 0;
  // The job's token as IAM sees it: only sub and aud are condition keys (each role's audiences are tried).
  const across = evaluateTokenAgainstRoles({ sub }, judged);
  for (const outcome of across.roles) {
    const { role, admitting } = outcome.key;
    if (outcome.status === "unknown-policy") {
      notRead++;
      if (admitting.length > 0) notJudged.push({ ...roleIds(role), why: outcome.why, reason: notJudgedReason(outcome.why), desired: desiredOf(admitting) });
      continue;
    }
    if (outcome.status === "error") {
      notJudged.push({ ...roleIds(role), why: "unevaluable", reason: `its trust policy as read from IAM could not be evaluated: ${outcome.error.message}`, desired: desiredOf(admitting) });
      continue;
    }
    evaluated++;
    for (const { audience = "", explanation: result } of outcome.results) {
      if (result.decision !== "Allow") continue;
      rows.push({
        ...roleIds(role),
        source: "actual",
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
  const sorted = sortRows(rows, (r) => (q.sort === "audience" ? r.audience : r.roleName), q.dir);
  return { sub, decision: across.decision, rows: sorted, rolesChecked: roles.length, rolesEvaluated: evaluated, rolesNotRead: notRead, notJudged };
}
