/**
 * The GitLab facts' rows: per project, per group listing, per group's members; what the refresh
 * needs from mappings and settings. JSON columns are read back through the zod schemas (a stored
 * value is a boundary too). Only lib/gitlab-facts/service.ts calls this.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { activeMappingWhere } from "@/lib/mappings/model";
import { ZGitLabFinding, ZMemberFact, ZProjectFacts, type TGitLabFinding, type TMemberFact, type TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { FACTS_SETTING_KEYS, factsSettingsFrom, type FactsSettings } from "./settings";

export const pathKey = (path: string) => path.toLowerCase();

export interface StoredProjectFacts {
  pathKey: string;
  path: string;
  facts: TProjectFacts | null;
  fetchedAt: Date | null;
  error: string | null;
  attemptedAt: Date | null;
  queuedAt: Date | null;
  driftFindings: TGitLabFinding[];
  driftAt: Date | null;
}

type ProjectRow = Prisma.GitLabProjectFactsGetPayload<object>;

/** A row whose JSON no longer parses (a schema change, a hand edit) is a row without facts: unknown. */
function toStored(row: ProjectRow): StoredProjectFacts {
  const facts = row.facts === null ? null : ZProjectFacts.safeParse(row.facts);
  const drift = ZGitLabFinding.array().safeParse(row.driftFindings);
  const usable = facts?.success === true;
  return {
    pathKey: row.pathKey,
    path: row.path,
    facts: usable ? facts.data : null,
    fetchedAt: usable ? row.fetchedAt : null,
    error: facts !== null && !usable ? "the stored facts no longer parse" : row.error,
    attemptedAt: row.attemptedAt,
    queuedAt: row.queuedAt,
    driftFindings: drift.success ? drift.data : [],
    driftAt: row.driftAt,
  };
}

export async function readFactsSettings(db: DbOrTx): Promise<FactsSettings> {
  return factsSettingsFrom(await db.setting.findMany({ where: { key: { in: Object.values(FACTS_SETTING_KEYS) } } }));
}

/**
 * Mappings whose projects the refresh reads — requested ones (an approver will look) and active
 * ones — with whether their role is a production role (drift on production projects matters more).
 */
export async function listRefreshMappings(db: DbOrTx, now: Date) {
  const rows = await db.mapping.findMany({
    where: { OR: [{ status: "requested" }, activeMappingWhere(now)] },
    select: { scope: true, gitlabPath: true, refType: true, refPattern: true, role: { select: { production: true } } },
  });
  return rows.map(({ role, ...m }) => ({ ...m, production: role.production }));
}

/** The same, only the mappings that may cover one project (its path, or an ancestor group's), any case. */
export async function listMappingsCovering(db: DbOrTx, projectPath: string, now: Date) {
  const parts = projectPath.split("/");
  const ancestors = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("/"));
  const rows = await db.mapping.findMany({
    where: {
      AND: [
        { OR: [{ status: "requested" }, activeMappingWhere(now)] },
        {
          OR: [
            { scope: "project", gitlabPath: { equals: projectPath, mode: "insensitive" } },
            ...ancestors.map((a) => ({ scope: "group" as const, gitlabPath: { equals: a, mode: "insensitive" as const } })),
          ],
        },
      ],
    },
    select: { scope: true, gitlabPath: true, refType: true, refPattern: true, role: { select: { production: true } } },
  });
  return rows.map(({ role, ...m }) => ({ ...m, production: role.production }));
}

/**
 * Projects asked for on demand since `since` that GitLab has answered for at least once: a path
 * typed into the request form that names no project is not read again and again.
 */
export async function listOnDemandPaths(db: DbOrTx, since: Date): Promise<string[]> {
  return (await db.gitLabProjectFacts.findMany({ where: { requestedAt: { gte: since }, fetchedAt: { not: null } }, select: { path: true } })).map((r) => r.path);
}

export async function loadProjects(db: DbOrTx, paths: readonly string[]): Promise<Map<string, StoredProjectFacts>> {
  const rows = await db.gitLabProjectFacts.findMany({ where: { pathKey: { in: [...new Set(paths.map(pathKey))] } } });
  return new Map(rows.map((r) => [r.pathKey, toStored(r)]));
}

/** Rows whose path starts with `prefix` (lower-cased), or every row for an empty prefix. */
export async function loadProjectsUnder(db: DbOrTx, prefix: string): Promise<StoredProjectFacts[]> {
  const rows = await db.gitLabProjectFacts.findMany({ where: prefix === "" ? {} : { pathKey: { startsWith: pathKey(prefix) } }, orderBy: { pathKey: "asc" } });
  return rows.map(toStored);
}

export async function listDrift(db: DbOrTx): Promise<StoredProjectFacts[]> {
  const rows = await db.gitLabProjectFacts.findMany({ where: { NOT: { driftFindings: { equals: [] } } }, orderBy: { pathKey: "asc" } });
  return rows.map(toStored);
}

/** Marks projects as asked for (creating rows for projects never read). */
export async function markRequested(db: DbOrTx, paths: readonly string[], at: Date): Promise<void> {
  for (const path of paths) {
    await db.gitLabProjectFacts.upsert({ where: { pathKey: pathKey(path) }, create: { pathKey: pathKey(path), path, requestedAt: at }, update: { requestedAt: at } });
  }
}

export async function markQueued(db: DbOrTx, paths: readonly string[], at: Date): Promise<void> {
  const existing = new Set((await db.gitLabProjectFacts.findMany({ where: { pathKey: { in: paths.map(pathKey) } }, select: { pathKey: true } })).map((r) => r.pathKey));
  const missing = paths.filter((p) => !existing.has(pathKey(p)));
  if (missing.length > 0) await db.gitLabProjectFacts.createMany({ data: missing.map((path) => ({ pathKey: pathKey(path), path })), skipDuplicates: true });
  await db.gitLabProjectFacts.updateMany({ where: { pathKey: { in: paths.map(pathKey) } }, data: { queuedAt: at } });
}

/** A successful read: new facts, the drift they show against the previous ones. */
export async function saveProjectFacts(db: DbOrTx, asked: string, facts: TProjectFacts, at: Date, drift: TGitLabFinding[] | null): Promise<void> {
  const data = {
    path: facts.path,
    projectId: facts.projectId,
    facts: facts as unknown as Prisma.InputJsonValue,
    fetchedAt: at,
    error: null,
    attemptedAt: at,
    queuedAt: null,
    ...(drift === null ? {} : { driftFindings: drift as unknown as Prisma.InputJsonValue, driftAt: at }),
  };
  // Keyed by the path asked for; GitLab's spelling differs at most in case.
  await db.gitLabProjectFacts.upsert({ where: { pathKey: pathKey(asked) }, create: { pathKey: pathKey(asked), ...data }, update: data });
}

/** A failed read: the previous facts and their fetchedAt stay; the error says why they did not change. */
export async function saveProjectError(db: DbOrTx, asked: string, error: string, at: Date): Promise<void> {
  await db.gitLabProjectFacts.upsert({
    where: { pathKey: pathKey(asked) },
    create: { pathKey: pathKey(asked), path: asked, error, attemptedAt: at },
    update: { error, attemptedAt: at, queuedAt: null },
  });
}

export async function loadGroupProjects(db: DbOrTx, path: string) {
  return db.gitLabGroupProjects.findUnique({ where: { pathKey: pathKey(path) } });
}

export async function saveGroupProjects(db: DbOrTx, path: string, result: { projects: string[] } | { error: string }, at: Date): Promise<void> {
  const data = "error" in result ? { error: result.error, attemptedAt: at } : { projects: result.projects, fetchedAt: at, error: null, attemptedAt: at };
  await db.gitLabGroupProjects.upsert({ where: { pathKey: pathKey(path) }, create: { pathKey: pathKey(path), path, projects: [], ...data }, update: data });
}

export interface StoredGroupMembers {
  groupId: number;
  members: TMemberFact[] | null;
  fetchedAt: Date | null;
  error: string | null;
}

export async function loadGroupMembers(db: DbOrTx, ids: readonly number[]): Promise<Map<number, StoredGroupMembers>> {
  if (ids.length === 0) return new Map();
  const rows = await db.gitLabGroupMembers.findMany({ where: { groupId: { in: [...new Set(ids)] } } });
  return new Map(
    rows.map((r) => {
      const parsed = r.members === null ? null : ZMemberFact.array().safeParse(r.members);
      const usable = parsed?.success === true;
      return [r.groupId, { groupId: r.groupId, members: usable ? parsed.data : null, fetchedAt: usable ? r.fetchedAt : null, error: r.error }];
    }),
  );
}

export async function saveGroupMembers(db: DbOrTx, groupId: number, result: { members: TMemberFact[] } | { error: string }, at: Date): Promise<void> {
  const data = "error" in result ? { error: result.error, attemptedAt: at } : { members: result.members as unknown as Prisma.InputJsonValue, fetchedAt: at, error: null, attemptedAt: at };
  await db.gitLabGroupMembers.upsert({ where: { groupId }, create: { groupId, ...data }, update: data });
}
