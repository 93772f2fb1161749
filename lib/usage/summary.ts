/**
 * Usage evidence → what each grant of a role was used for. Pure: daily counts per caller in,
 * views out.
 *
 * A call counts for a mapping when it succeeded, came through the account's OIDC provider, with
 * the mapping's audience, and its `sub` matches one of the mapping's compiled patterns with
 * IAM's StringLike semantics (lib/policy's compileSubjects + globMatches, the one matcher:
 * case-sensitive, `*` spans any characters including '/' and ':', `?` one character) — the test
 * AWS applied to let it in through trustmap's statement. Only calls from the UTC day the mapping
 * was requested onwards count for it: earlier ones came through some other grant.
 * Windows are whole UTC days: "30 days" is today and the 29 days before it.
 */
import { compileSubjects, globMatches, parseProviderArn, type GitLabSelector } from "@/lib/policy";

export const DAY_MS = 86_400_000;
export const DEFAULT_UNUSED_DAYS = 90;
/** The longest window usage reports (and how far back the rollup is read). */
export const WINDOW_DAYS = 90;
/** How a successful call without a readable `sub` is listed among unmanaged subjects. */
export const UNKNOWN_SUBJECT = "(no sub in the CloudTrail record)";

/** Calls of one caller on one UTC day (a usage_daily row). */
export interface DailyUsage {
  day: Date;
  subject: string | null;
  audience: string | null;
  provider: string | null;
  errorCode: string | null;
  count: number;
  lastAt: Date;
}

/** An active mapping of the role, as the matcher needs it. */
export interface MappingForUsage {
  id: string;
  selector: GitLabSelector;
  audience: string;
  createdAt: Date;
  /** Its compiled sub patterns, when the caller has them already (else compiled here). */
  patterns?: readonly string[];
}

/** One caller (sub, aud, provider, error) of a role, with its calls per UTC day (epoch ms). */
export interface CallerUsage {
  subject: string | null;
  audience: string | null;
  provider: string | null;
  errorCode: string | null;
  days: { day: number; count: number; lastAt: Date }[];
}

/** A grant of the role's trust policy (as read from IAM) that no active mapping accounts for. */
export interface OtherGrant {
  /** The sub value as written; "*" when the statement does not restrict sub. */
  pattern: string;
  operator: "StringLike" | "StringEquals" | "StringEqualsIgnoreCase" | "any";
  /** Allowed audiences; null = any. */
  audiences: string[] | null;
  /** The trusted provider ARN; null = any web identity. */
  providerArn: string | null;
}

export interface GrantUsage {
  mappingId: string | null;
  pattern: string;
  lastUsedAt: Date | null;
  uses30d: number;
  uses90d: number;
}

export interface SubjectUsage {
  sub: string;
  lastUsedAt: Date;
  uses90d: number;
}

export interface DeniedUsage {
  sub: string | null;
  count: number;
  lastAt: Date;
  /** The error of the latest denied call. */
  errorCode: string;
}

export interface MappingUsage {
  mappingId: string;
  lastUsedAt: Date | null;
  uses30d: number;
  uses90d: number;
  /** The subjects (project + ref) that used it, most recent first. */
  subjects: SubjectUsage[];
  /** Active for at least `unusedDays` and not used within them: "revoke?". */
  unused: boolean;
}

export interface RoleUsage {
  grants: GrantUsage[];
  mappings: MappingUsage[];
  unmanagedSubjects: SubjectUsage[];
  denied: DeniedUsage[];
}

export function utcDay(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS) * DAY_MS;
}

/** The first UTC day of a window of `days` days ending today. */
export function windowStart(now: Date, days: number): Date {
  return new Date(utcDay(now) - (days - 1) * DAY_MS);
}

/**
 * Is the call's provider the account's? CloudTrail names it by provider ARN in current records
 * and by issuer host in older ones (the userIdentity examples use `accounts.google.com`).
 */
export function sameProvider(eventProvider: string | null, providerArn: string): boolean {
  if (eventProvider === null) return false;
  if (eventProvider === providerArn) return true;
  if (eventProvider.startsWith("arn:")) return false;
  const host = parseProviderArn(providerArn)?.issuerHost;
  return host !== undefined && eventProvider.replace(/^https:\/\//, "").replace(/\/+$/, "") === host;
}

/** The sub patterns of a mapping (compileSubjects), none when its selector is invalid. */
export function mappingPatterns(mapping: Pick<MappingForUsage, "selector">): string[] {
  const compiled = compileSubjects(mapping.selector);
  return compiled.ok ? compiled.patterns : [];
}

function otherGrantMatches(grant: OtherGrant, caller: Caller): boolean {
  if (grant.providerArn !== null && !sameProvider(caller.provider, grant.providerArn)) return false;
  if (grant.audiences !== null && (caller.audience === null || !grant.audiences.includes(caller.audience))) return false;
  const sub = caller.subject;
  if (grant.operator === "any") return true;
  if (sub === null) return false;
  if (grant.operator === "StringLike") return globMatches(grant.pattern, sub);
  if (grant.operator === "StringEquals") return grant.pattern === sub;
  return grant.pattern.toLowerCase() === sub.toLowerCase();
}

type Caller = CallerUsage;

/** Group daily rows by caller. */
export function callersOf(rows: readonly DailyUsage[]): CallerUsage[] {
  const byKey = new Map<string, Caller>();
  for (const row of rows) {
    const key = JSON.stringify([row.subject, row.audience, row.provider, row.errorCode]);
    let caller = byKey.get(key);
    if (!caller) {
      caller = { subject: row.subject, audience: row.audience, provider: row.provider, errorCode: row.errorCode, days: [] };
      byKey.set(key, caller);
    }
    caller.days.push({ day: utcDay(row.day), count: row.count, lastAt: row.lastAt });
  }
  return [...byKey.values()];
}

class Tally {
  uses30d = 0;
  uses90d = 0;
  lastAt: Date | null = null;

  add(day: { day: number; count: number; lastAt: Date }, from30: number, from90: number): void {
    if (day.day < from90) return;
    this.uses90d += day.count;
    if (day.day >= from30) this.uses30d += day.count;
    if (this.lastAt === null || day.lastAt > this.lastAt) this.lastAt = day.lastAt;
  }
}

const byRecent = <T>(at: (x: T) => Date | null) => (a: T, b: T) => (at(b)?.getTime() ?? 0) - (at(a)?.getTime() ?? 0);

/**
 * Attribute a role's calls (per caller and day, the last WINDOW_DAYS days) to its active mappings,
 * the other grants of its trust policy, and callers no mapping admits; group denied calls.
 */
export function summarizeRoleUsage(input: {
  callers: readonly CallerUsage[];
  mappings: readonly MappingForUsage[];
  otherGrants: readonly OtherGrant[];
  providerArn: string;
  now: Date;
  unusedDays: number;
}): RoleUsage {
  const { now, providerArn } = input;
  const from30 = windowStart(now, 30).getTime();
  const from90 = windowStart(now, WINDOW_DAYS).getTime();
  const unusedSince = now.getTime() - input.unusedDays * DAY_MS;
  const callers = input.callers;
  const allowed = callers.filter((c) => c.errorCode === null);

  const compiled = input.mappings.map((m) => ({ mapping: m, patterns: m.patterns ?? mappingPatterns(m), since: utcDay(m.createdAt) }));
  /** Per caller, the days some mapping counted: the rest came through grants trustmap does not manage. */
  const counted = new Map<Caller, Set<number>>();
  const grants: GrantUsage[] = [];
  const mappings: MappingUsage[] = [];
  for (const { mapping, patterns, since } of compiled) {
    const whole = new Tally();
    const subjects = new Map<string, Tally>();
    for (const pattern of patterns) {
      const tally = new Tally();
      for (const caller of allowed) {
        if (caller.subject === null || caller.audience !== mapping.audience || !sameProvider(caller.provider, providerArn)) continue;
        if (!globMatches(pattern, caller.subject)) continue;
        let countedDays = counted.get(caller);
        if (!countedDays) counted.set(caller, (countedDays = new Set()));
        let perSubject = subjects.get(caller.subject);
        if (!perSubject) subjects.set(caller.subject, (perSubject = new Tally()));
        for (const day of caller.days) {
          if (day.day < since) continue;
          countedDays.add(day.day);
          tally.add(day, from30, from90);
          whole.add(day, from30, from90);
          perSubject.add(day, from30, from90);
        }
      }
      grants.push({ mappingId: mapping.id, pattern, lastUsedAt: tally.lastAt, uses30d: tally.uses30d, uses90d: tally.uses90d });
    }
    // A sub matching both patterns of a branch-or-tag mapping cannot happen (ref_type differs),
    // so `whole` counts each call once.
    const used = [...subjects.entries()].filter(([, t]) => t.lastAt !== null).map(([sub, t]) => ({ sub, lastUsedAt: t.lastAt as Date, uses90d: t.uses90d }));
    mappings.push({
      mappingId: mapping.id,
      lastUsedAt: whole.lastAt,
      uses30d: whole.uses30d,
      uses90d: whole.uses90d,
      subjects: used.sort(byRecent((s) => s.lastUsedAt)),
      unused: mapping.createdAt.getTime() <= unusedSince && (whole.lastAt === null || whole.lastAt.getTime() < unusedSince),
    });
  }

  for (const grant of input.otherGrants) {
    const tally = new Tally();
    for (const caller of allowed) if (otherGrantMatches(grant, caller)) for (const day of caller.days) tally.add(day, from30, from90);
    grants.push({ mappingId: null, pattern: grant.pattern, lastUsedAt: tally.lastAt, uses30d: tally.uses30d, uses90d: tally.uses90d });
  }

  const unmanaged = new Map<string, Tally>();
  for (const caller of allowed) {
    const countedDays = counted.get(caller);
    const days = countedDays ? caller.days.filter((d) => !countedDays.has(d.day)) : caller.days;
    if (days.length === 0) continue;
    const sub = caller.subject ?? UNKNOWN_SUBJECT;
    let tally = unmanaged.get(sub);
    if (!tally) unmanaged.set(sub, (tally = new Tally()));
    for (const day of days) tally.add(day, from30, from90);
  }

  const denied = new Map<string | null, DeniedUsage>();
  for (const caller of callers) {
    if (caller.errorCode === null) continue;
    for (const day of caller.days) {
      if (day.day < from90) continue;
      const entry = denied.get(caller.subject);
      if (!entry) denied.set(caller.subject, { sub: caller.subject, count: day.count, lastAt: day.lastAt, errorCode: caller.errorCode });
      else {
        entry.count += day.count;
        if (day.lastAt > entry.lastAt) {
          entry.lastAt = day.lastAt;
          entry.errorCode = caller.errorCode;
        }
      }
    }
  }

  return {
    grants,
    mappings,
    unmanagedSubjects: [...unmanaged.entries()]
      .filter(([, t]) => t.lastAt !== null)
      .map(([sub, t]) => ({ sub, lastUsedAt: t.lastAt as Date, uses90d: t.uses90d }))
      .sort(byRecent((s) => s.lastUsedAt)),
    denied: [...denied.values()].sort(byRecent((d) => d.lastAt)),
  };
}
