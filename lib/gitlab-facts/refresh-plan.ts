/**
 * Which projects a facts refresh reads, and when: one job per project, spread evenly over the
 * refresh interval and never faster than GitLab's limits allow. Pure.
 *
 * Limits (lib/gitlab/limits.ts): the token's requests a minute, of which the facts take a share,
 * and members/all's own limit, which each project's refresh uses once.
 */
import { FACTS_REQUESTS_PER_MINUTE, MEMBERS_ALL_REQUESTS_PER_MINUTE } from "@/lib/gitlab/limits";
import type { MappingGrantRow } from "@/lib/mappings/model";
import type { RefType } from "@/lib/policy";

export interface RefreshBudget {
  /** Requests a minute the facts refresh may use in all (the adapter's client-side limit). */
  requestsPerMinute: number;
  /** Projects started a minute: each makes one members/all listing (more pages only for >100 members). */
  membersPerMinute: number;
}

/** members/all a minute kept below GitLab's limit: other tools may use the same token. */
export const DEFAULT_REFRESH_BUDGET: RefreshBudget = { requestsPerMinute: FACTS_REQUESTS_PER_MINUTE, membersPerMinute: Math.floor(MEMBERS_ALL_REQUESTS_PER_MINUTE * 5 / 6) };

/** Requests one project's refresh makes at least: protected branches, protected tags, members. */
export const CALLS_PER_PROJECT = 3;

export interface RefreshTargets {
  /** Projects named by project mappings or asked for on demand (read with GET /projects/:id). */
  projects: string[];
  /** Groups named by group mappings: listed with their subgroups' projects. */
  groups: string[];
}

function distinct(paths: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const p of paths) if (!seen.has(p.toLowerCase())) seen.set(p.toLowerCase(), p);
  return [...seen.values()].sort();
}

/** GitLab paths are case-insensitive: one entry per path, whatever case mappings used. */
export function refreshTargets(mappings: readonly Pick<MappingGrantRow, "scope" | "gitlabPath">[], onDemand: readonly string[]): RefreshTargets {
  return {
    projects: distinct([...mappings.filter((m) => m.scope === "project").map((m) => m.gitlabPath), ...onDemand]),
    groups: distinct(mappings.filter((m) => m.scope === "group").map((m) => m.gitlabPath)),
  };
}

export interface Schedule {
  /** Milliseconds between two project jobs. */
  spacingMs: number;
  /** When the last job starts, from the plan. */
  spanMs: number;
  /** The limits stretch the refresh beyond its interval. */
  overrun: boolean;
}

/**
 * Even spacing over the interval, but never closer than the budgets allow: at `spacingMs` apart,
 * jobs start at most 60,000/spacing a minute, each with CALLS_PER_PROJECT requests and one
 * members/all listing.
 */
export function spreadSchedule(count: number, intervalMs: number, budget: RefreshBudget = DEFAULT_REFRESH_BUDGET): Schedule {
  if (count === 0) return { spacingMs: 0, spanMs: 0, overrun: false };
  const minute = 60_000;
  const spacingMs = Math.ceil(Math.max(intervalMs / count, minute / budget.membersPerMinute, (minute * CALLS_PER_PROJECT) / budget.requestsPerMinute));
  const spanMs = spacingMs * (count - 1);
  return { spacingMs, spanMs, overrun: spanMs >= intervalMs };
}

/** The start offset of the i-th job, in whole seconds (pg-boss' `startAfter` resolution). */
export function startAfterSeconds(schedule: Schedule, i: number): number {
  return Math.floor((schedule.spacingMs * i) / 1000);
}

/** What a project's drift check needs from the mappings that cover it. */
export interface MappedRefs {
  refs: { refType: RefType; ref: string }[];
  /** Some covering mapping is for a production role. */
  production: boolean;
}

type CoveringRow = Pick<MappingGrantRow, "scope" | "gitlabPath" | "refType" | "refPattern"> & { production: boolean };

/**
 * The mappings covering a project — its own (same path, any case) and its ancestor groups' —
 * looked up by walking the path's ancestors, so a refresh of 2,000 projects against 20,000
 * mappings costs one pass over each, not their product.
 */
export function coveringIndex(rows: readonly CoveringRow[]): (projectPath: string) => MappedRefs {
  const byPath = new Map<string, CoveringRow[]>();
  for (const row of rows) {
    const key = `${row.scope}:${row.gitlabPath.toLowerCase()}`;
    byPath.set(key, [...(byPath.get(key) ?? []), row]);
  }
  return (projectPath) => {
    const parts = projectPath.toLowerCase().split("/");
    const covering = [...(byPath.get(`project:${parts.join("/")}`) ?? [])];
    for (let i = 1; i < parts.length; i++) covering.push(...(byPath.get(`group:${parts.slice(0, i).join("/")}`) ?? []));
    const seen = new Set<string>();
    const refs = covering.flatMap((m) => {
      const key = `${m.refType}\n${m.refPattern}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ refType: m.refType, ref: m.refPattern }];
    });
    return { refs, production: covering.some((m) => m.production) };
  };
}
