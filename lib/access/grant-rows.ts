/**
 * The grants of one role, row by row: each grant of the trust policy read from IAM (with what it
 * covers in words and the approved mappings it comes from), and the desired grants IAM does not
 * have yet. Pure: plain rows in, rows out.
 */
import { compileSubjects, describeSubPattern, globIncludes, type Grant } from "@/lib/policy";
import { selectorOf, type MappingGrantRow } from "@/lib/mappings/model";

/** An approved mapping as the access views trace it: who asked, who approved, when. */
export interface AccessMapping extends MappingGrantRow {
  decidedAt: Date | null;
  requester: { username: string };
  approvals: { createdAt: Date; approver: { username: string } }[];
}

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

/** A grant source with the `sub` patterns its mapping compiles to. */
export type SourceWithPatterns = GrantSource & { patterns: string[] };

export function grantSources(mappings: readonly AccessMapping[]): SourceWithPatterns[] {
  return mappings.map((m) => {
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

/**
 * The rows of one grant read from IAM, one per `sub` value, each traced to the mappings whose
 * patterns equal or include it. `applied` collects which (mapping, pattern) pairs IAM already has.
 */
export function actualGrantRows(grant: Grant, sources: SourceWithPatterns[], applied: Set<string>): AccessGrantRow[] {
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

/** The desired grants IAM does not have (every one, when IAM was not read: `compared` false). */
export function desiredGrantRows(sources: SourceWithPatterns[], applied: Set<string>, providerArn: string, compared: boolean): AccessGrantRow[] {
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
