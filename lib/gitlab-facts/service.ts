/**
 * GitLab facts (issue #12): reading them (a refresh plan that queues one job per project, spread
 * over the interval and GitLab's limits; one project's read; an on-demand read for the request
 * preview), keeping them in Postgres with their fetchedAt, and answering from them:
 * - `checkSelector*`: the `gitlab` part of POST /api/v1/requests/preview, plus findings for risk
 *   (and the approval card's, from the store, many at once);
 * - `peopleForGrants`: the people behind a role's grants (GET /api/v1/access/people);
 * - `listFactsDrift`: what the latest refreshes found changed since the read before;
 * - `recordApprovalBaselines` + `checkGitLabSinceApproval`: what changed since a mapping was
 *   approved (the drift check: Reconcile page, `trustmap drift`).
 * GitLab that cannot be read gives "unknown" with the reason, never "safe".
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Db, DbOrTx } from "@/lib/db/prisma";
import { AppError, isAppError, toUserError } from "@/lib/errors";
import { connectGitLab, gitlabSource } from "@/lib/gitlab/connection";
import type { GitLabPort } from "@/lib/gitlab/port";
import { enqueueInTx, type EnqueueOptions } from "@/lib/jobs/queue";
import type { JobName } from "@/lib/jobs/catalog";
import type { GitLabSelector } from "@/lib/policy";
import { ZFactsProjectJob, type TFactsProjectJob, type TGitLabFinding, type TProjectFacts, type TUserReach } from "@/lib/schemas/gitlab-facts";
import { baselineFacts, mergeApprovalDrift, sinceApproval, type ApprovalDriftFinding, type MappingForDrift } from "./baseline";
import { checkSelector, type SelectorCheck } from "./check";
import { factsDrift } from "./drift";
import { couldNotRead, judgeStored, NOT_CONNECTED, unknownText, type GroupProjectsState, type ProjectFactsState } from "./facts-state";
import { peopleForGrants as peopleForGrantsCore, reachOfUser as reachOfUserCore, type GrantInput, type PeopleForGrants } from "./people";
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
    const listed = await refreshGroupListing(db, port, group, now);
    if (listed.ok) {
      for (const p of listed.projects) known.set(store.pathKey(p.pathWithNamespace), p);
    } else {
      failedGroups.push({ path: group, error: couldNotRead(listed.error) });
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

/** List a group's projects (subgroups included) and store the listing, or the failure (the last listing stays). */
async function refreshGroupListing(db: Db, port: GitLabPort, group: string, now: () => Date, deadlineMs?: number) {
  try {
    const read = port.listGroupProjects(group, { includeSubgroups: true });
    const projects = deadlineMs === undefined ? await read : await withDeadline(deadlineMs, read);
    await store.saveGroupProjects(db, group, { projects: projects.map((p) => p.pathWithNamespace) }, now());
    return { ok: true as const, projects };
  } catch (e) {
    const error = describeFailure(e).message;
    await store.saveGroupProjects(db, group, { error }, now());
    return { ok: false as const, error };
  }
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

/** What the store holds for a set of selectors, loaded in one query per table. */
async function loadForSelectors(db: Db, selectors: readonly GitLabSelector[], now: Date, maxAgeMs: number) {
  const groupPaths = selectors.filter((s) => s.scope === "group").map((s) => s.path);
  const listings = new Map<string, GroupProjectsState>();
  if (groupPaths.length > 0) for (const row of await store.loadGroupListings(db, groupPaths)) listings.set(row.pathKey, groupState(row, now, maxAgeMs));
  const groupProjects = (path: string) => listings.get(store.pathKey(path)) ?? groupState(null, now, maxAgeMs);
  const paths = selectors.flatMap((s) => (s.scope === "group" ? (((l) => (l.known ? l.projects : []))(groupProjects(s.path))) : [s.path]));
  const rows = await store.loadProjects(db, paths);
  const groupIds = [...rows.values()].flatMap((r) => (r.facts ? referencedGroupIds(r.facts) : []));
  const groups = await groupLookup(db, groupIds, now, maxAgeMs);
  return { groupProjects, project: (path: string) => projectState(rows.get(store.pathKey(path)), now, maxAgeMs), groups };
}

async function answer(db: Db, selector: GitLabSelector, connected: boolean, now: Date, settings: FactsSettings): Promise<SelectorCheck> {
  return (await answerAll(db, [selector], connected, now, settings))[0] as SelectorCheck;
}

async function answerAll(db: Db, selectors: readonly GitLabSelector[], connected: boolean, now: Date, settings: FactsSettings): Promise<SelectorCheck[]> {
  if (!connected) return selectors.map((selector) => checkSelector({ selector, connected, project: () => ({ known: false, reason: NOT_CONNECTED }), groups: () => ({ known: false, reason: NOT_CONNECTED }) }));
  const loaded = await loadForSelectors(db, selectors, now, maxFactsAgeMs(settings));
  return selectors.map((selector) =>
    checkSelector({ selector, connected, groupProjects: selector.scope === "group" ? loaded.groupProjects(selector.path) : undefined, project: loaded.project, groups: loaded.groups }),
  );
}

/** Whether trustmap reads a GitLab: an API token's, or demo mode's sandbox (lib/gitlab/connection.ts decides). */
function isConnected(): boolean {
  return gitlabSource() !== null;
}

/**
 * GitLab's side of a selector from stored facts only: for the approval card, the mapping's page
 * and risk when a request is filed (no GitLab call on those paths).
 */
export async function checkSelectorFromStore(selector: GitLabSelector, deps: Omit<FactsDeps, "port" | "enqueue"> & { connected?: boolean } = {}): Promise<SelectorCheck> {
  return (await checkSelectorsFromStore([selector], deps))[0] as SelectorCheck;
}

/** The same for many selectors at once (the approval queue): one query per table, whatever their number. */
export async function checkSelectorsFromStore(selectors: readonly GitLabSelector[], deps: Omit<FactsDeps, "port" | "enqueue"> & { connected?: boolean } = {}): Promise<SelectorCheck[]> {
  if (selectors.length === 0) return [];
  const db = deps.db ?? getDb();
  const now = (deps.now ?? (() => new Date()))();
  // `connected`: a caller with its own port says so; otherwise the configuration decides (a token, or the sandbox in demo mode).
  return answerAll(db, selectors, deps.connected ?? isConnected(), now, await store.readFactsSettings(db));
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
    const listed = await refreshGroupListing(db, port, selector.path, now, deadlineMs);
    if (listed.ok) projects = listed.projects.map((p) => p.pathWithNamespace);
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

// ---- Since approval (the drift check) ------------------------------------------------------

/** The drift check reads a mapped project again when its facts are older than this. */
export const DRIFT_FACTS_FRESH_MS = 10 * 60_000;
/** At most this many projects are read by one drift check; the scheduled refresh reads the rest. */
export const DRIFT_REFRESH_LIMIT = 50;
/** And for at most this long. */
export const DRIFT_REFRESH_DEADLINE_MS = 60_000;
/** Unknown projects named in one message, at most. */
const NAMED_UNKNOWN = 5;

/**
 * The paths each mapping covers, as far as the store knows (a group: its last listing), and
 * whether a group was ever listed.
 */
async function pathsOfMappings(db: DbOrTx, mappings: readonly { scope: string; gitlabPath: string }[]) {
  const groups = mappings.filter((m) => m.scope === "group").map((m) => m.gitlabPath);
  const listings = new Map((groups.length > 0 ? await store.loadGroupListings(db, groups) : []).map((l) => [l.pathKey, l]));
  return {
    pathsOf: (m: { scope: string; gitlabPath: string }) => (m.scope === "group" ? (listings.get(store.pathKey(m.gitlabPath))?.projects ?? []) : [m.gitlabPath]),
    neverListed: (m: { scope: string; gitlabPath: string }) => m.scope === "group" && !listings.get(store.pathKey(m.gitlabPath))?.fetchedAt,
  };
}

/**
 * A mapping has just been approved: keep what GitLab's side of each project it covers looks like
 * now (the stored facts, when known and not too old), so the drift check can tell what changed
 * after approval. In the approval's transaction. Projects not known now get their baseline from
 * the first facts the drift check sees.
 */
export async function recordApprovalBaselines(tx: DbOrTx, mapping: { id: string; scope: string; gitlabPath: string }, now: Date): Promise<number> {
  const paths = (await pathsOfMappings(tx, [mapping])).pathsOf(mapping);
  const maxAgeMs = maxFactsAgeMs(await store.readFactsSettings(tx));
  const rows = await store.loadProjects(tx, paths);
  const baselines = [...rows.values()].flatMap((row) => {
    const state = projectState(row, now, maxAgeMs);
    return state.known && row.fetchedAt ? [{ mappingId: mapping.id, path: row.path, facts: baselineFacts(state.facts), fetchedAt: row.fetchedAt }] : [];
  });
  await store.createBaselines(tx, baselines);
  return baselines.length;
}

export interface GitLabSinceApproval {
  findings: ApprovalDriftFinding[];
  /** What could not be checked (GitLab not connected, projects whose facts are unknown), one message each. */
  unchecked: string[];
  /** Projects approved mappings cover. */
  projects: number;
  /** Projects read from GitLab by this check. */
  refreshed: number;
  /** Projects whose facts were older than DRIFT_FACTS_FRESH_MS but left to the scheduled refresh (their stored facts were used). */
  leftToRefresh: number;
}

/**
 * GitLab's side of every approved mapping since its approval, for the drift check: first read
 * again (through this service's one reader, bounded by DRIFT_REFRESH_LIMIT projects and
 * DRIFT_REFRESH_DEADLINE_MS, stalest first) the projects approved mappings cover whose facts are
 * older than DRIFT_FACTS_FRESH_MS, and group mappings' listings; then compare each project's facts
 * with the mapping's baseline. A project whose facts are unknown is named in `unchecked`: never
 * "in sync".
 */
export async function checkGitLabSinceApproval(deps: FactsDeps & { refreshLimit?: number; refreshDeadlineMs?: number } = {}): Promise<GitLabSinceApproval> {
  const { db, port, now } = resolve(deps, "facts");
  const started = now();
  const mappings = await store.listActiveMappingsForDrift(db, started);
  const empty = { findings: [], unchecked: [], projects: 0, refreshed: 0, leftToRefresh: 0 };
  if (mappings.length === 0) return empty;
  if (port === null) return { ...empty, unchecked: [`GitLab's side of ${mappings.length} approved mapping(s): ${unknownText(NOT_CONNECTED)}`] };

  const deadline = started.getTime() + (deps.refreshDeadlineMs ?? DRIFT_REFRESH_DEADLINE_MS);
  const stale = (at: Date | null | undefined) => at == null || started.getTime() - at.getTime() >= DRIFT_FACTS_FRESH_MS;
  // Group listings first: a project added to a mapped group since is covered too.
  for (const group of [...new Set(mappings.filter((m) => m.scope === "group").map((m) => m.gitlabPath))]) {
    const listing = await store.loadGroupProjects(db, group);
    if (stale(listing?.attemptedAt) && now().getTime() < deadline) await refreshGroupListing(db, port, group, now, Math.max(1, deadline - now().getTime()));
  }
  const { pathsOf, neverListed } = await pathsOfMappings(db, mappings);
  const paths = new Map<string, string>();
  for (const m of mappings) for (const path of pathsOf(m)) if (!paths.has(store.pathKey(path))) paths.set(store.pathKey(path), path);

  const before = await store.loadProjects(db, [...paths.values()]);
  const due = [...paths.entries()]
    .filter(([key]) => stale(before.get(key)?.attemptedAt))
    .sort(([a], [b]) => (before.get(a)?.fetchedAt?.getTime() ?? 0) - (before.get(b)?.fetchedAt?.getTime() ?? 0));
  const limit = deps.refreshLimit ?? DRIFT_REFRESH_LIMIT;
  let refreshed = 0;
  for (const [, path] of due) {
    if (refreshed >= limit || now().getTime() >= deadline) break;
    await withDeadline(Math.max(1, deadline - now().getTime()), refreshProjectFacts({ path, refreshStartedAt: started.toISOString() }, { db, port, now })).catch(async (e: unknown) =>
      store.saveProjectError(db, path, describeFailure(e).message, now()),
    );
    refreshed += 1;
  }

  const at = now();
  const maxAgeMs = maxFactsAgeMs(await store.readFactsSettings(db));
  const rows = await store.loadProjects(db, [...paths.values()]);
  const groups = await groupLookup(db, [...rows.values()].flatMap((r) => (r.facts ? referencedGroupIds(r.facts) : [])), at, maxAgeMs);
  const baselines = new Map((await store.loadBaselines(db, mappings.map((m) => m.id))).map((b) => [`${b.mappingId}\n${b.pathKey}`, b]));
  const unknown = new Map<string, string>();
  const firstSeen: { mappingId: string; path: string; facts: TProjectFacts; fetchedAt: Date }[] = [];
  const found: { mapping: MappingForDrift; findings: TGitLabFinding[] }[] = [];
  for (const m of mappings) {
    const mapping: MappingForDrift = { id: m.id, refType: m.refType, refPattern: m.refPattern, role: m.role };
    if (neverListed(m)) unknown.set(`group:${store.pathKey(m.gitlabPath)}`, `group ${m.gitlabPath}: its projects were never listed`);
    for (const path of pathsOf(m)) {
      const row = rows.get(store.pathKey(path));
      const state = projectState(row, at, maxAgeMs);
      if (!state.known || !row?.fetchedAt) {
        unknown.set(store.pathKey(path), `${path}: ${state.known ? "not read yet" : state.reason}`);
        continue;
      }
      const baseline = baselines.get(`${m.id}\n${store.pathKey(path)}`);
      if (!baseline?.facts) {
        firstSeen.push({ mappingId: m.id, path: row.path, facts: baselineFacts(state.facts), fetchedAt: row.fetchedAt });
        continue;
      }
      found.push({ mapping, findings: sinceApproval(mapping, { facts: baseline.facts, fetchedAt: baseline.fetchedAt.toISOString() }, state.facts, groups) });
    }
  }
  await store.createBaselines(db, firstSeen);
  const unknownList = [...unknown.values()];
  const unchecked =
    unknownList.length === 0
      ? []
      : [`GitLab's side of ${unknownList.length} project(s) approved mappings cover is unknown, so changes since approval could not be checked: ${unknownList.slice(0, NAMED_UNKNOWN).join("; ")}${unknownList.length > NAMED_UNKNOWN ? `; and ${unknownList.length - NAMED_UNKNOWN} more` : ""}`];
  return { findings: mergeApprovalDrift(found), unchecked, projects: paths.size, refreshed, leftToRefresh: Math.max(0, due.length - refreshed) };
}

/**
 * The reverse of peopleForGrants: every role (given with its grants) `username` can assume, and
 * how — from the facts of the projects where they can be among the people (./store.ts
 * loadProjectsReachableBy), read once for all roles.
 */
export async function reachOfUser(username: string, roles: readonly { roleArn: string; grants: readonly GrantInput[] }[], deps: Omit<FactsDeps, "port" | "enqueue"> = {}): Promise<TUserReach & { notes: string[] }> {
  const db = deps.db ?? getDb();
  const now = (deps.now ?? (() => new Date()))();
  const maxAgeMs = maxFactsAgeMs(await store.readFactsSettings(db));
  const rows = await store.loadProjectsReachableBy(db, username);
  const groups = await groupLookup(db, rows.flatMap((r) => (r.facts ? referencedGroupIds(r.facts) : [])), now, maxAgeMs);
  const projects = rows.map((r) => ({ path: r.path, state: projectState(r, now, maxAgeMs) }));
  const notes = new Set<string>();
  const reach = reachOfUserCore(
    username,
    roles.map((role) => {
      const found = peopleForGrantsCore({ grants: role.grants, projects, groups });
      for (const n of found.notes) notes.add(n);
      return { roleArn: role.roleArn, people: found.people };
    }),
  );
  const unknown = await store.countUnknownProjects(db);
  if (unknown > 0) notes.add(`${unknown} project(s) trustmap was asked about have no GitLab facts (never read, or GitLab did not answer for them); what ${username} can reach through them is not listed`);
  return { ...reach, notes: [...notes] };
}
