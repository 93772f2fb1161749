/**
 * "Who can assume role X": every grant of the trust policy last read from IAM, with what it covers
 * and the mapping/approval it came from ("not managed by trustmap" for foreign statements), plus
 * desired grants not in IAM yet. Without an IAM read, the desired state only. Pure.
 */
import { readTrustPolicy } from "@/lib/policy";
import { providerArnOf } from "@/lib/mappings/model";
import type { TWhoCanAssumeQuery, TWhoSortKey } from "@/lib/schemas/access";
import { sortRows } from "./order";
import { actualGrantRows, desiredGrantRows, grantSources, type AccessGrantRow, type AccessMapping } from "./grant-rows";

/** A role with its account and its active mappings, as the view reads them. */
export interface RoleForAccess {
  id: string;
  name: string;
  arn: string;
  production: boolean;
  actualTrustPolicy: unknown;
  actualFetchedAt: Date | null;
  awsAccount: { accountId: string; issuerUrl: string; oidcProviderArn: string | null };
  mappings: AccessMapping[];
}

export interface WhoCanAssumeView {
  role: { id: string; name: string; arn: string; production: boolean; accountId: string; actualRead: boolean; actualFetchedAt: string | null };
  rows: AccessGrantRow[];
  total: number;
  error: string | null;
}

/** The "State" column in reading order: what the next apply changes first, then foreign, then what agrees. */
const STATE_RANK: Record<string, number> = { "actual-only": 0, "desired-only": 1, foreign: 2, "in-both": 3 };

function sortValue(row: AccessGrantRow, key: Exclude<TWhoSortKey, "policy">): string | number {
  switch (key) {
    case "projects":
      return row.projects;
    case "refs":
      return row.refs;
    case "pattern":
      return row.pattern ?? "";
    case "state":
      return row.difference === null ? 4 : (STATE_RANK[row.difference] ?? 4);
  }
}

function matchesFilter(row: AccessGrantRow, q: TWhoCanAssumeQuery): boolean {
  if (q.show === "managed" && !row.managed) return false;
  if (q.show === "foreign" && row.managed) return false;
  if (q.show === "differences" && (row.difference === "in-both" || row.difference === null)) return false;
  if (!q.q) return true;
  const needle = q.q.toLowerCase();
  return [row.pattern ?? "", row.projects, row.refs, row.principal, ...row.mappings.map((m) => m.gitlabPath)].some((t) => t.toLowerCase().includes(needle));
}

export function whoCanAssumeView(role: RoleForAccess, q: TWhoCanAssumeQuery): WhoCanAssumeView {
  const providerArn = providerArnOf(role.awsAccount);
  const sources = grantSources(role.mappings);
  const applied = new Set<string>();
  const actualRead = role.actualTrustPolicy !== null;
  let rows: AccessGrantRow[] = [];
  let error: string | null = null;
  if (actualRead) {
    const read = readTrustPolicy(role.actualTrustPolicy);
    if (read.ok) rows = read.grants.flatMap((g) => actualGrantRows(g, sources, applied));
    else error = `The trust policy read from IAM could not be parsed: ${read.error.message}`;
  }
  rows.push(...desiredGrantRows(sources, applied, providerArn, actualRead));
  const matching = rows.filter((r) => matchesFilter(r, q));
  // "policy" is the rows' own order: the policy's statements, then desired grants not in IAM.
  const key = q.sort;
  const filtered = key === "policy" ? (q.dir === "asc" ? matching : matching.reverse()) : sortRows(matching, (r) => sortValue(r, key), q.dir);
  return {
    role: { id: role.id, name: role.name, arn: role.arn, production: role.production, accountId: role.awsAccount.accountId, actualRead, actualFetchedAt: role.actualFetchedAt?.toISOString() ?? null },
    rows: filtered,
    total: rows.length,
    error,
  };
}
