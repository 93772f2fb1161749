import "server-only";
import { activeMappingWhere, providerArnOf, selectorOf, toPolicyMapping } from "@/lib/mappings/model";
import { getDb } from "./client";
import { notFound } from "@/lib/errors";
import {
  compileSubjects,
  compileTrustPolicy,
  describeSubPattern,
  buildSubject,
  evaluateTokenAgainstRoles,
  globIncludes,
  globMatches,
  isOwnedSid,
  readTrustPolicy,
  type Grant,
  type RoleTrust,
} from "@/lib/policy";
import { toCsv } from "@/lib/csv";
import type { TWhatCanAssumeQuery, TWhoCanAssumeQuery } from "@/lib/schemas/access";

/** The approved mapping (and its approvals) a grant comes from. */
export interface GrantSource {
  id: string;
  gitlabPath: string;
  scope: string;
  refType: string;
  ref: string;
  audience: string;
  requester: string;
  approvers: string[];
  approvedAt: string | null;
}

export type Difference = "in-both" | "actual-only" | "desired-only" | "foreign";

export type AccessGrantRow = {
  /** Where the row comes from: the policy read from IAM, or the desired state only. */
  source: "actual" | "desired";
  managed: boolean;
  sid: string | null;
  effect: "Allow" | "Deny";
  principal: string;
  audiences: string[];
  /** The `sub` pattern, or null when the statement does not restrict sub at all. */
  pattern: string | null;
  projects: string;
  refs: string;
  mappings: GrantSource[];
  /** null when IAM was not read yet (nothing to compare with). */
  difference: Difference | null;
  notes: string[];
};

export interface WhoCanAssumeView {
  role: { id: string; name: string; arn: string; production: boolean; accountId: string; actualRead: boolean; actualFetchedAt: string | null };
  rows: AccessGrantRow[];
  total: number;
  error: string | null;
}

type SourceWithPatterns = GrantSource & { patterns: string[] };

async function loadRoleForAccess(roleId: string, now: Date) {
  const role = await getDb().iamRole.findUnique({
    where: { id: roleId },
    include: {
      awsAccount: true,
      mappings: {
        where: activeMappingWhere(now),
        orderBy: { id: "asc" },
        include: { requester: { select: { username: true } }, approvals: { select: { createdAt: true, approver: { select: { username: true } } }, orderBy: { createdAt: "asc" } } },
      },
    },
  });
  if (!role) throw notFound("No such role.");
  return role;
}

function sourcesOf(role: Awaited<ReturnType<typeof loadRoleForAccess>>): SourceWithPatterns[] {
  return role.mappings.map((m) => {
    const compiled = compileSubjects(selectorOf(m));
    return {
      id: m.id,
      gitlabPath: m.gitlabPath,
      scope: m.scope,
      refType: m.refType,
      ref: m.refPattern,
      audience: m.audience,
      requester: m.requester.username,
      approvers: m.approvals.map((a) => a.approver.username),
      approvedAt: m.decidedAt?.toISOString() ?? m.approvals[m.approvals.length - 1]?.createdAt.toISOString() ?? null,
      patterns: compiled.ok ? compiled.patterns : [],
    };
  });
}

function strip(s: SourceWithPatterns): GrantSource {
  const { patterns: _patterns, ...rest } = s;
  void _patterns;
  return rest;
}

function grantRows(grant: Grant, sources: SourceWithPatterns[], applied: Set<string>): AccessGrantRow[] {
  const audiences = grant.audiences.flatMap((c) => c.values);
  const patterns: (string | null)[] = grant.subjects.length === 0 ? [null] : (grant.subjects[0]?.values ?? [null]);
  const notes = grant.uninterpretable.map((u) => `${u.operator} ${u.key}: ${u.message}`);
  if (grant.subjects.length > 1) notes.push(`${grant.subjects.length} sub conditions are AND-ed; the first is listed`);
  if (!grant.webIdentity) notes.push("does not allow sts:AssumeRoleWithWebIdentity");
  if (grant.notPrincipal) notes.push("NotPrincipal: everyone except this principal");
  return patterns.map((pattern) => {
    const covered = pattern === null ? { projects: "any project (no sub condition)", refs: "any ref" } : describeSubPattern(pattern);
    const mine = (s: SourceWithPatterns) => audiences.length === 0 || audiences.includes(s.audience);
    let mappings: SourceWithPatterns[] = [];
    if (grant.owned && pattern !== null) {
      mappings = sources.filter((s) => mine(s) && s.patterns.includes(pattern));
      const subsumed = sources.filter((s) => mine(s) && !mappings.includes(s) && s.patterns.some((p) => globIncludes(p, pattern)));
      mappings.push(...subsumed);
      for (const s of mappings) for (const p of s.patterns) if (p === pattern || globIncludes(p, pattern)) applied.add(`${s.id}\n${p}`);
    }
    return {
      source: "actual" as const,
      managed: grant.owned,
      sid: grant.sid,
      effect: grant.effect,
      principal: grant.principal,
      audiences,
      pattern,
      ...covered,
      mappings: mappings.map(strip),
      difference: !grant.owned ? ("foreign" as const) : mappings.length > 0 ? ("in-both" as const) : ("actual-only" as const),
      notes,
    };
  });
}

function desiredRows(sources: SourceWithPatterns[], applied: Set<string>, providerArn: string, compared: boolean): AccessGrantRow[] {
  return sources.flatMap((s) =>
    s.patterns
      .filter((p) => !applied.has(`${s.id}\n${p}`))
      .map((pattern) => ({
        source: "desired" as const,
        managed: true,
        sid: null,
        effect: "Allow" as const,
        principal: providerArn,
        audiences: [s.audience],
        pattern,
        ...describeSubPattern(pattern),
        mappings: [strip(s)],
        difference: compared ? ("desired-only" as const) : null,
        notes: [],
      })),
  );
}

function matchesFilter(row: AccessGrantRow, q: TWhoCanAssumeQuery): boolean {
  if (q.show === "managed" && !row.managed) return false;
  if (q.show === "foreign" && row.managed) return false;
  if (q.show === "differences" && (row.difference === "in-both" || row.difference === null)) return false;
  if (!q.q) return true;
  const needle = q.q.toLowerCase();
  return [row.pattern ?? "", row.projects, row.refs, row.principal, ...row.mappings.map((m) => m.gitlabPath)].some((t) => t.toLowerCase().includes(needle));
}

/**
 * "Who can assume role X": every grant of the trust policy last read from IAM, with what it
 * covers and the mapping/approval it came from ("not managed by trustmap" for foreign
 * statements), plus desired grants not in IAM yet. Without an IAM read, the desired state only.
 */
export async function whoCanAssumeRole(q: TWhoCanAssumeQuery, now = new Date()): Promise<WhoCanAssumeView> {
  const role = await loadRoleForAccess(q.roleId, now);
  const providerArn = providerArnOf(role.awsAccount);
  const sources = sourcesOf(role);
  const applied = new Set<string>();
  const actualRead = role.actualTrustPolicy !== null;
  let rows: AccessGrantRow[] = [];
  let error: string | null = null;
  if (actualRead) {
    const read = readTrustPolicy(role.actualTrustPolicy);
    if (read.ok) rows = read.grants.flatMap((g) => grantRows(g, sources, applied));
    else error = `The trust policy read from IAM could not be parsed: ${read.error.message}`;
  }
  rows.push(...desiredRows(sources, applied, providerArn, actualRead));
  const filtered = rows.filter((r) => matchesFilter(r, q));
  return {
    role: { id: role.id, name: role.name, arn: role.arn, production: role.production, accountId: role.awsAccount.accountId, actualRead, actualFetchedAt: role.actualFetchedAt?.toISOString() ?? null },
    rows: filtered,
    total: rows.length,
    error,
  };
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

/**
 * "What can project P assume" on a ref: evaluate the job's token (sub as GitLab builds it by
 * default) against every role, through each audience of the role's account. Roles read from IAM
 * are judged on the actual policy; the others on the policy their desired mappings compile to.
 */
export async function whatCanProjectAssume(q: TWhatCanAssumeQuery, now = new Date()): Promise<WhatCanAssumeView> {
  const sub = buildSubject({ projectPath: q.project, refType: q.refType, ref: q.ref });
  const roles = await getDb().iamRole.findMany({
    orderBy: { arn: "asc" },
    include: {
      awsAccount: true,
      mappings: { where: activeMappingWhere(now), orderBy: { id: "asc" } },
    },
  });
  let notRead = 0;
  const judged: RoleTrust<{ role: (typeof roles)[number]; admitting: (typeof roles)[number]["mappings"]; source: "actual" | "desired" }>[] = [];
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
  // The job's token as IAM sees it: only sub and aud are condition keys (the aud is each role's to try).
  for (const outcome of evaluateTokenAgainstRoles({ sub }, judged).roles) {
    if (outcome.status !== "evaluated") continue;
    const { role, admitting, source } = outcome.key;
    for (const { audience, explanation: result } of outcome.results) {
      if (result.decision !== "Allow") continue;
      rows.push({
        roleId: role.id,
        roleName: role.name,
        roleArn: role.arn,
        accountId: role.awsAccount.accountId,
        source,
        audience: audience ?? "",
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

export function whoCanAssumeCsv(view: WhoCanAssumeView): string {
  return toCsv(
    ["role_arn", "source", "managed_by_trustmap", "sid", "effect", "principal", "audiences", "sub_pattern", "projects", "refs", "mapping_ids", "requesters", "approvers", "difference", "notes"],
    view.rows.map((r) => [
      view.role.arn,
      r.source,
      r.managed ? "yes" : "no (not managed by trustmap)",
      r.sid,
      r.effect,
      r.principal,
      r.audiences.join(" "),
      r.pattern ?? "(any)",
      r.projects,
      r.refs,
      r.mappings.map((m) => m.id).join(" "),
      [...new Set(r.mappings.map((m) => m.requester))].join(" "),
      [...new Set(r.mappings.flatMap((m) => m.approvers))].join(" "),
      r.difference ?? (view.role.actualRead ? "" : "not read from IAM yet"),
      r.notes.join("; "),
    ]),
  );
}

export function whatCanAssumeCsv(view: WhatCanAssumeView, q: TWhatCanAssumeQuery): string {
  return toCsv(
    ["project", "ref_type", "ref", "sub", "role_arn", "role_name", "account_id", "source", "audience", "decision", "deciding_statements", "matched_sub_values", "mapping_ids"],
    view.rows.map((r) => [
      q.project,
      q.refType,
      q.ref,
      view.sub,
      r.roleArn,
      r.roleName,
      r.accountId,
      r.source,
      r.audience,
      r.decision,
      r.statements.map((s) => s.sid ?? "(no sid)").join(" "),
      r.statements.flatMap((s) => s.conditions.filter((c) => c.key.endsWith(":sub")).map((c) => c.decidingValue ?? "")).join(" "),
      r.mappings.map((m) => m.id).join(" "),
    ]),
  );
}

/** Roles to pick from on the access page. */
export async function listAccessRoles() {
  return getDb().iamRole.findMany({ orderBy: { arn: "asc" }, select: { id: true, name: true, arn: true, production: true, actualFetchedAt: true } });
}
