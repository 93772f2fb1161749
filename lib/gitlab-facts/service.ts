/**
 * GitLab facts (issue #12): reading them (a refresh plan that queues one job per project, spread
 * over the interval and GitLab's limits; one project's read; an on-demand read for the request
 * preview), keeping them in Postgres with their fetchedAt, and answering from them:
 * - `checkSelector*`: the `gitlab` part of POST /api/v1/requests/preview, plus findings for risk;
 * - `peopleForGrants`: the people behind a role's grants (GET /api/v1/access/people);
 * - `listFactsDrift`: what changed since approval (Reconcile page, `trustmap drift`).
 * GitLab that cannot be read gives "unknown" with the reason, never "safe".
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";
import { AppError, isAppError, toUserError } from "@/lib/errors";
import { connectGitLab, gitlabConnection } from "@/lib/gitlab/connection";
import type { GitLabPort } from "@/lib/gitlab/port";
import { enqueueInTx, type EnqueueOptions } from "@/lib/jobs/queue";
import type { JobName } from "@/lib/jobs/catalog";
import type { GitLabSelector } from "@/lib/policy";
import { ZFactsProjectJob, type TFactsProjectJob, type TGitLabFinding, type TProjectFacts } from "@/lib/schemas/gitlab-facts";
import { checkSelector, type SelectorCheck } from "./check";
import { factsDrift } from "./drift";
import { couldNotRead, judgeStored, NOT_CONNECTED, type GroupProjectsState, type ProjectFactsState } from "./facts-state";
import { peopleForGrants as peopleForGrantsCore, type GrantInput, type PeopleForGrants } from "./people";
import { readProjectFacts, referencedGroupIds, type KnownProject } from "./read";
import { coveringIndex, refreshTargets, spreadSchedule, startAfterSeconds } from "./refresh-plan";
import { DEFAULT_REFRESH_INTERVAL_MINUTES, maxFactsAgeMs, ON_DEMAND_RETENTION_MS, PREVIEW_FRESH_MS, type FactsSettings } from "./settings";
import * as store from "./store";
import type { GroupMembersLookup } from "./who-can";

export type EnqueueFn = (tx: Parameters<typeof enqueueInTx>[0], name: JobName, data: object, options?: EnqueueOptions) => Promise<string>;

export interface FactsDeps {
  db?: Db;
  /** The GitLab port; null = not connected. Default: the process' facts port (interactive for previews). */
  port?: GitLabPort | null;
  now?: () => Date;
  enqueue?: EnqueueFn;
  /** Tests: how long the preview waits for GitLab (default PREVIEW_DEADLINE_MS). */
  previewDeadlineMs?: number;
}

/** A group named by protected-ref entries is read at most this many times a project refresh. */
export const MAX_GROUPS_PER_PROJECT = 20;
/** The request preview waits at most this long for GitLab. */
export const PREVIEW_DEADLINE_MS = 8_000;
/** Never-read projects of a group selector the preview queues at once for reading. */
const PREVIEW_QUEUE_LIMIT = 100;

function resolve(deps: FactsDeps, use: "facts" | "interactive") {
  return {
    db: deps.db ?? getDb(),
    port: deps.port === undefined ? connectGitLab(use) : deps.port,
    now: deps.now ?? (() => new Date()),
    enqueue: deps.enqueue ?? enqueueInTx,
  };
}

/** A failure in words a person can read; `transient` when a later attempt may succeed. */
function describeFailure(e: unknown): { message: string; transient: boolean } {
  if (isAppError(e)) return { message: e.userMessage, transient: e.code === "THROTTLED" || e.code === "UPSTREAM" };
  return { message: toUserError(e).message, transient: true };
}

async function withDeadline<T>(ms: number, run: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("deadline")), ms);
  });
  try {
    return await Promise.race([run, deadline]);
  } catch (e) {
    if (e instanceof Error && e.message === "deadline") throw new AppError("UPSTREAM", `GitLab did not answer within ${ms / 1000} s`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export async function readSettings(deps: Pick<FactsDeps, "db"> = {}): Promise<FactsSettings> {
  return store.readFactsSettings(deps.db ?? getDb());
}

// ---- Refresh ------------------------------------------------------------------------------

export interface RefreshPlanResult {
  /** Why nothing was planned (GitLab not connected), or null. */
  skipped: string | null;
  /** Projects queued for reading. */
  queued: number;
  /** Projects left alone because a job for them is still queued. */
  alreadyQueued: number;
  groups: number;
  /** Groups whose projects could not be listed (their projects keep their previous listing). */
  failedGroups: { path: string; error: string }[];
  spacingMs: number;
  spanMs: number;
  /** GitLab's limits stretch this refresh beyond the interval. */
  overrun: boolean;
}

/**
 * The `gitlab-facts-refresh` job: list the projects mappings name (group mappings through their
 * group's listing, which also brings each project's visibility and sub claim components), and
 * queue one `gitlab-facts-project` job per project, spread over the interval.
 */
export async function planFactsRefresh(deps: FactsDeps = {}): Promise<RefreshPlanResult> {
  const { db, port, now, enqueue } = resolve(deps, "facts");
  const empty = { queued: 0, alreadyQueued: 0, groups: 0, failedGroups: [], spacingMs: 0, spanMs: 0, overrun: false };
  if (port === null) return { skipped: NOT_CONNECTED, ...empty };
  const started = now();
  const settings = await store.readFactsSettings(db);
  const intervalMs = (settings.refreshIntervalMinutes || DEFAULT_REFRESH_INTERVAL_MINUTES) * 60_000;
  const mappings = await store.listRefreshMappings(db, started);
  const covering = coveringIndex(mappings);
  const targets = refreshTargets(mappings, await store.listOnDemandPaths(db, new Date(started.getTime() - ON_DEMAND_RETENTION_MS)));

  const known = new Map<string, KnownProject>();
  const failedGroups: { path: string; error: string }[] = [];
  for (const group of targets.groups) {
    try {
      const projects = await port.listGroupProjects(group, { includeSubgroups: true });
      for (const p of projects) known.set(store.pathKey(p.pathWithNamespace), p);
      await store.saveGroupProjects(db, group, { projects: projects.map((p) => p.pathWithNamespace) }, now());
    } catch (e) {
      const error = describeFailure(e).message;
      failedGroups.push({ path: group, error: couldNotRead(error) });
      await store.saveGroupProjects(db, group, { error }, now());
      // Its projects as last listed are still read: a failed listing must not stop their refresh.
      for (const path of (await store.loadGroupProjects(db, group))?.projects ?? []) targets.projects.push(path);
    }
  }
  const paths = new Map<string, string>();
  for (const p of [...targets.projects, ...[...known.values()].map((k) => k.pathWithNamespace)]) if (!paths.has(store.pathKey(p))) paths.set(store.pathKey(p), p);

  // A project whose job is still queued (not attempted since) is not queued twice, unless the
  // queued mark is older than two intervals (its job was lost).
  const stored = await store.loadProjects(db, [...paths.values()]);
  const stillQueued = (key: string) => {
    const row = stored.get(key);
    if (!row?.queuedAt) return false;
    const attemptedSince = row.attemptedAt !== null && row.attemptedAt >= row.queuedAt;
    return !attemptedSince && started.getTime() - row.queuedAt.getTime() < 2 * intervalMs;
  };
  const toQueue = [...paths.entries()].filter(([key]) => !stillQueued(key)).map(([key, path]) => ({ path, known: known.get(key) }));
  const schedule = spreadSchedule(toQueue.length, intervalMs);
  await db.$transaction(async (tx) => {
    for (const [i, item] of toQueue.entries()) {
      const data: TFactsProjectJob = { path: item.path, refreshStartedAt: started.toISOString(), mapped: covering(item.path), ...(item.known ? { known: knownOf(item.known) } : {}) };
      await enqueue(tx, "gitlab-facts-project", data, { startAfter: startAfterSeconds(schedule, i) });
    }
    await store.markQueued(tx, toQueue.map((t) => t.path), started);
  });
  return { skipped: null, queued: toQueue.length, alreadyQueued: paths.size - toQueue.length, groups: targets.groups.length, failedGroups, ...schedule };
}

function knownOf(p: KnownProject): KnownProject {
  return { id: p.id, pathWithNamespace: p.pathWithNamespace, visibility: p.visibility, defaultBranch: p.defaultBranch, subClaimComponents: p.subClaimComponents };
}

export type ProjectRefreshResult =
  | { ok: true; facts: TProjectFacts; drift: TGitLabFinding[] }
  | { ok: false; error: string; transient: boolean };

/**
 * Read one project (the `gitlab-facts-project` job, and the preview's on-demand read), the
 * members of groups its rules name, and store them with what changed since the previous read.
 * A failure is stored (the previous facts keep their fetchedAt) and returned.
 */
export async function refreshProjectFacts(input: TFactsProjectJob, deps: FactsDeps = {}): Promise<ProjectRefreshResult> {
  const { db, port, now } = resolve(deps, "facts");
  const job = ZFactsProjectJob.parse(input);
  if (port === null) {
    await store.saveProjectError(db, job.path, NOT_CONNECTED, now());
    return { ok: false, error: NOT_CONNECTED, transient: false };
  }
  let facts: TProjectFacts;
  try {
    facts = await readProjectFacts(port, job.known ?? job.path);
  } catch (e) {
    const failure = describeFailure(e);
    await store.saveProjectError(db, job.path, failure.message, now());
    return { ok: false, error: couldNotRead(failure.message), transient: failure.transient };
  }
  await refreshGroupMembers(db, port, referencedGroupIds(facts), new Date(job.refreshStartedAt), now);

  const at = now();
  const previous = (await store.loadProjects(db, [job.path])).get(store.pathKey(job.path));
  let drift: TGitLabFinding[] = [];
  if (previous?.facts && previous.fetchedAt) {
    const mapped = job.mapped ?? coveringIndex(await store.listMappingsCovering(db, facts.path, at))(facts.path);
    const groups = await groupLookup(db, [...referencedGroupIds(previous.facts), ...referencedGroupIds(facts)], at);
    drift = factsDrift(previous.facts, facts, {
      mappedRefs: mapped.refs,
      production: mapped.production,
      since: previous.fetchedAt.toISOString(),
      groups,
    });
  }
  // Drift stays until a later refresh replaces it with its own comparison.
  await store.saveProjectFacts(db, job.path, facts, at, previous?.facts ? drift : null);
  return { ok: true, facts, drift };
}

// Reads of a group's members made in this process during the current refresh, by group: project
// jobs running side by side that name the same group share one read instead of each making it
// (a job that loaded the rows before another's read finished would otherwise read again).
const groupReads = { refresh: "", reads: new Map<number, Promise<void>>() };

/** Members of the named groups not read since `freshSince`, at most MAX_GROUPS_PER_PROJECT of them. */
async function refreshGroupMembers(db: Db, port: GitLabPort, ids: number[], freshSince: Date, now: () => Date): Promise<void> {
  const stored = await store.loadGroupMembers(db, ids);
  const stale = ids.filter((id) => !((stored.get(id)?.fetchedAt ?? new Date(0)) >= freshSince)).slice(0, MAX_GROUPS_PER_PROJECT);
  const refresh = freshSince.toISOString();
  if (groupReads.refresh !== refresh && stale.length > 0) {
    groupReads.refresh = refresh;
    groupReads.reads.clear();
  }
  for (const id of stale) {
    let read = groupReads.refresh === refresh ? groupReads.reads.get(id) : undefined;
    if (!read) {
      read = (async () => {
        try {
          const members = await port.listAllMembers({ kind: "group", path: id });
          await store.saveGroupMembers(db, id, { members }, now());
        } catch (e) {
          await store.saveGroupMembers(db, id, { error: describeFailure(e).message }, now());
        }
      })();
      if (groupReads.refresh === refresh) groupReads.reads.set(id, read);
    }
    await read;
  }
}

async function groupLookup(db: Db, ids: number[], now: Date, maxAgeMs = 7 * 24 * 60 * 60_000): Promise<GroupMembersLookup> {
  const stored = await store.loadGroupMembers(db, ids);
  return (id) => {
    const row = stored.get(id);
    const judged = judgeStored(row ? { fetchedAt: row.fetchedAt, error: row.error } : null, now, maxAgeMs);
    return judged.usable && row?.members ? { known: true, members: row.members } : { known: false, reason: judged.usable ? "not read yet" : judged.reason };
  };
}

// ---- Answers ------------------------------------------------------------------------------

function projectState(row: store.StoredProjectFacts | undefined, now: Date, maxAgeMs: number): ProjectFactsState {
  const judged = judgeStored(row ?? null, now, maxAgeMs);
  if (!judged.usable || !row?.facts) return { known: false, reason: judged.usable ? "not read yet" : judged.reason };
  return { known: true, facts: row.facts, fetchedAt: judged.fetchedAt, lastError: judged.lastError };
}

function groupState(row: Awaited<ReturnType<typeof store.loadGroupProjects>>, now: Date, maxAgeMs: number): GroupProjectsState {
  const judged = judgeStored(row ?? null, now, maxAgeMs);
  return judged.usable && row ? { known: true, projects: row.projects, fetchedAt: judged.fetchedAt } : { known: false, reason: judged.usable ? "not read yet" : judged.reason };
}

async function answer(db: Db, selector: GitLabSelector, connected: boolean, now: Date, settings: FactsSettings): Promise<SelectorCheck> {
  const maxAgeMs = maxFactsAgeMs(settings);
  const groupProjects = selector.scope === "group" ? groupState(await store.loadGroupProjects(db, selector.path), now, maxAgeMs) : undefined;
  const paths = selector.scope === "group" ? (groupProjects?.known ? groupProjects.projects : []) : [selector.path];
  const rows = await store.loadProjects(db, paths);
  const groupIds = [...rows.values()].flatMap((r) => (r.facts ? referencedGroupIds(r.facts) : []));
  const groups = await groupLookup(db, groupIds, now, maxAgeMs);
  return checkSelector({ selector, connected, groupProjects, project: (path) => projectState(rows.get(store.pathKey(path)), now, maxAgeMs), groups });
}

/**
 * GitLab's side of a selector from stored facts only: for the approval card, the mapping's page
 * and risk when a request is filed (no GitLab call on those paths).
 */
export async function checkSelectorFromStore(selector: GitLabSelector, deps: Omit<FactsDeps, "port" | "enqueue"> & { connected?: boolean } = {}): Promise<SelectorCheck> {
  const db = deps.db ?? getDb();
  const now = (deps.now ?? (() => new Date()))();
  // `connected`: a caller with its own port (the demo sandbox) says so; otherwise GITLAB_TOKEN decides.
  return answer(db, selector, deps.connected ?? gitlabConnection() !== null, now, await store.readFactsSettings(db));
}

/**
 * The request preview: a project whose facts are older than PREVIEW_FRESH_MS is read now with
 * the interactive port within PREVIEW_DEADLINE_MS (the request waits); a group's listing likewise,
 * and its never-read projects are queued for reading. Every project asked for joins the refresh.
 */
export async function checkSelectorForPreview(selector: GitLabSelector, deps: FactsDeps = {}): Promise<SelectorCheck> {
  const { db, port, now, enqueue } = resolve(deps, "interactive");
  const deadlineMs = deps.previewDeadlineMs ?? PREVIEW_DEADLINE_MS;
  const settings = await store.readFactsSettings(db);
  if (port === null) return answer(db, selector, false, now(), settings);
  const fresh = (at: Date | null | undefined) => at != null && now().getTime() - at.getTime() < PREVIEW_FRESH_MS;

  if (selector.scope === "project") {
    const row = (await store.loadProjects(db, [selector.path])).get(store.pathKey(selector.path));
    await store.markRequested(db, [selector.path], now());
    if (!fresh(row?.fetchedAt) && !fresh(row?.attemptedAt)) {
      const refresh = refreshProjectFacts({ path: selector.path, refreshStartedAt: now().toISOString() }, { db, port, now });
      await withDeadline(deadlineMs, refresh).catch(async (e: unknown) => store.saveProjectError(db, selector.path, describeFailure(e).message, now()));
    }
    return answer(db, selector, true, now(), settings);
  }

  const listing = await store.loadGroupProjects(db, selector.path);
  let projects = listing?.projects ?? [];
  if (!fresh(listing?.fetchedAt) && !fresh(listing?.attemptedAt)) {
    try {
      const listed = await withDeadline(deadlineMs, port.listGroupProjects(selector.path, { includeSubgroups: true }));
      projects = listed.map((p) => p.pathWithNamespace);
      await store.saveGroupProjects(db, selector.path, { projects }, now());
    } catch (e) {
      await store.saveGroupProjects(db, selector.path, { error: describeFailure(e).message }, now());
    }
  }
  const rows = await store.loadProjects(db, projects);
  const neverRead = projects.filter((p) => !rows.get(store.pathKey(p))?.fetchedAt && !rows.get(store.pathKey(p))?.queuedAt).slice(0, PREVIEW_QUEUE_LIMIT);
  await store.markRequested(db, projects, now());
  if (neverRead.length > 0) {
    const schedule = spreadSchedule(neverRead.length, 0);
    const startedAt = now();
    await db.$transaction(async (tx) => {
      for (const [i, path] of neverRead.entries()) await enqueue(tx, "gitlab-facts-project", { path, refreshStartedAt: startedAt.toISOString() }, { startAfter: startAfterSeconds(schedule, i) });
      await store.markQueued(tx, neverRead, startedAt);
    });
  }
  return answer(db, selector, true, now(), settings);
}

/**
 * The people behind a role's grants (`sub` patterns; null = no sub condition), from every project
 * trustmap holds facts for — narrowed to a pattern's literal project prefix when it has one.
 */
export async function peopleForGrants(grants: readonly GrantInput[], deps: Omit<FactsDeps, "port" | "enqueue"> = {}): Promise<PeopleForGrants> {
  const db = deps.db ?? getDb();
  const now = (deps.now ?? (() => new Date()))();
  const maxAgeMs = maxFactsAgeMs(await store.readFactsSettings(db));
  const prefixes = grants.map((g) => literalProjectPrefix(g.pattern));
  const rows = new Map<string, store.StoredProjectFacts>();
  for (const prefix of new Set(prefixes.includes("") ? [""] : prefixes)) for (const row of await store.loadProjectsUnder(db, prefix)) rows.set(row.pathKey, row);
  const groupIds = [...rows.values()].flatMap((r) => (r.facts ? referencedGroupIds(r.facts) : []));
  const groups = await groupLookup(db, groupIds, now, maxAgeMs);
  const projects = [...rows.values()].map((r) => ({ path: r.path, state: projectState(r, now, maxAgeMs) }));
  return peopleForGrantsCore({ grants, projects, groups });
}

/** `project_path:acme/we*…` → `acme/we`; "" when the pattern does not start with a literal project path. */
function literalProjectPrefix(pattern: string | null): string {
  const head = "project_path:";
  if (pattern === null || !pattern.startsWith(head)) return "";
  const rest = pattern.slice(head.length);
  const end = rest.search(/[*?:$]/);
  return end === -1 ? rest : rest.slice(0, end);
}

export interface ProjectDrift {
  project: string;
  /** When the refresh that found it ran. */
  at: string;
  findings: TGitLabFinding[];
}

/** What the latest refreshes found changed since the facts before them (empty when nothing). */
export async function listFactsDrift(deps: Pick<FactsDeps, "db"> = {}): Promise<ProjectDrift[]> {
  const rows = await store.listDrift(deps.db ?? getDb());
  return rows.filter((r) => r.driftAt !== null && r.driftFindings.length > 0).map((r) => ({ project: r.path, at: (r.driftAt as Date).toISOString(), findings: r.driftFindings }));
}
