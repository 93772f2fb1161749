import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { checkSelectorForPreview, checkSelectorFromStore, listFactsDrift, peopleForGrants, planFactsRefresh, refreshProjectFacts } from "@/lib/gitlab-facts/service";
import type { GitLabPort } from "@/lib/gitlab/port";
import { createMemoryGitLab, type MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { useFreshDatabase } from "../../support/db";
import { addMapping, captureQueue, seedRoles } from "./fixtures";

let db: Db;
let roles: Awaited<ReturnType<typeof seedRoles>>;
let gitlab: MemoryGitLab;
let clock: Date;
const now = () => clock;
const env = { url: process.env.GITLAB_URL, token: process.env.GITLAB_TOKEN };

const TEAM = [
  { username: "olga", name: "Olga Owner", accessLevel: 50 },
  { username: "max", name: "Max Maintainer", accessLevel: 40 },
  { username: "dev1", name: "Dev One", accessLevel: 30 },
  { username: "dev2", name: "Dev Two", accessLevel: 30 },
  { username: "rita", name: "Rita Reporter", accessLevel: 20 },
];

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  roles = await seedRoles(db);
});
afterAll(async () => {
  process.env.GITLAB_URL = env.url;
  process.env.GITLAB_TOKEN = env.token;
  await db.$disconnect();
});
beforeEach(async () => {
  await db.mapping.deleteMany();
  await db.gitLabProjectFacts.deleteMany();
  await db.gitLabGroupProjects.deleteMany();
  await db.gitLabGroupMembers.deleteMany();
  await db.setting.deleteMany();
  gitlab = createMemoryGitLab();
  clock = new Date("2026-03-01T10:00:00.000Z");
  // checkSelectorFromStore asks the configuration whether GitLab is connected.
  process.env.GITLAB_URL = "https://gitlab.example.com";
  process.env.GITLAB_TOKEN = "glpat-facts-test";
});

const readCalls = (m: MemoryGitLab) => m.calls.map((c) => c.op);

describe("the facts refresh plan", () => {
  it("queues one job per project named by active or requested mappings, group mappings through one listing, spread over the interval", async () => {
    gitlab.addProject("acme/web", { members: TEAM });
    gitlab.addProject("platform/a");
    gitlab.addProject("platform/b");
    gitlab.addProject("platform/sub/c");
    gitlab.addProject("acme/old");
    const r = { roleId: roles.staging.id, requesterId: roles.user.id };
    await addMapping(db, { ...r, gitlabPath: "acme/web" });
    await addMapping(db, { ...r, gitlabPath: "ACME/Web", status: "requested" });
    await addMapping(db, { ...r, scope: "group", gitlabPath: "platform", refPattern: "release/*" });
    await addMapping(db, { ...r, gitlabPath: "acme/old", expiresAt: new Date("2026-01-01T00:00:00Z") });
    await addMapping(db, { ...r, gitlabPath: "acme/rejected", status: "rejected" });
    const readOnce = { facts: {}, fetchedAt: new Date("2026-02-20T00:00:00Z") };
    await db.gitLabProjectFacts.create({ data: { pathKey: "acme/asked", path: "acme/asked", requestedAt: new Date("2026-02-20T00:00:00Z"), ...readOnce } });
    // Asked for, but never found on GitLab, or asked for too long ago: not read again.
    await db.gitLabProjectFacts.create({ data: { pathKey: "acme/typo", path: "acme/typo", requestedAt: new Date("2026-02-20T00:00:00Z"), error: "GitLab has no project acme/typo" } });
    await db.gitLabProjectFacts.create({ data: { pathKey: "acme/long-ago", path: "acme/long-ago", requestedAt: new Date("2026-01-01T00:00:00Z"), ...readOnce } });
    await db.setting.create({ data: { key: "gitlabFacts.refreshIntervalMinutes", value: 60 } });
    const queue = captureQueue();

    const plan = await planFactsRefresh({ db, port: gitlab, now, enqueue: queue.enqueue });

    expect(plan).toMatchObject({ skipped: null, queued: 5, alreadyQueued: 0, groups: 1, failedGroups: [], spacingMs: 720_000, overrun: false });
    expect(queue.jobs.map((j) => [j.name, j.data.path, j.startAfter])).toEqual([
      ["gitlab-facts-project", "acme/asked", 0],
      ["gitlab-facts-project", "acme/web", 720],
      ["gitlab-facts-project", "platform/a", 1440],
      ["gitlab-facts-project", "platform/b", 2160],
      ["gitlab-facts-project", "platform/sub/c", 2880],
    ]);
    expect(queue.jobs[2]?.data.known).toMatchObject({ pathWithNamespace: "platform/a", visibility: "private", subClaimComponents: ["project_path", "ref_type", "ref"] });
    expect(queue.jobs[1]?.data.known).toBeUndefined();
    // The plan hands each job what its drift check compares: the refs of the mappings covering it.
    expect(queue.jobs[1]?.data.mapped).toEqual({ refs: [{ refType: "branch", ref: "main" }], production: false });
    expect(queue.jobs[4]?.data.mapped).toEqual({ refs: [{ refType: "branch", ref: "release/*" }], production: false });
    // Reading happens in the jobs: the plan itself lists the group once and nothing else.
    expect(readCalls(gitlab)).toEqual(["listGroupProjects"]);
    expect((await db.gitLabGroupProjects.findUnique({ where: { pathKey: "platform" } }))?.projects).toEqual(["platform/a", "platform/b", "platform/sub/c"]);

    const again = await planFactsRefresh({ db, port: gitlab, now, enqueue: queue.enqueue });
    expect([again.queued, again.alreadyQueued]).toEqual([0, 5]);
  });

  it("without GitLab, nothing is planned and it says why", async () => {
    const plan = await planFactsRefresh({ db, port: null, now, enqueue: captureQueue().enqueue });

    expect(plan.skipped).toBe("GitLab not connected");
  });

  it("a group that cannot be listed keeps its last listing, whose projects are still read", async () => {
    await addMapping(db, { roleId: roles.staging.id, requesterId: roles.user.id, scope: "group", gitlabPath: "platform" });
    await db.gitLabGroupProjects.create({ data: { pathKey: "platform", path: "platform", projects: ["platform/a"], fetchedAt: new Date("2026-02-28T00:00:00Z") } });
    gitlab.failNext("listGroupProjects", new AppError("UPSTREAM", "GitLab failed with HTTP 503 on projects of group platform."));
    const queue = captureQueue();

    const plan = await planFactsRefresh({ db, port: gitlab, now, enqueue: queue.enqueue });

    expect(plan.failedGroups).toEqual([{ path: "platform", error: "could not read: GitLab failed with HTTP 503 on projects of group platform." }]);
    expect(queue.jobs.map((j) => j.data.path)).toEqual(["platform/a"]);
    const row = await db.gitLabGroupProjects.findUnique({ where: { pathKey: "platform" } });
    expect([row?.projects, row?.fetchedAt?.toISOString(), row?.error]).toEqual([["platform/a"], "2026-02-28T00:00:00.000Z", "GitLab failed with HTTP 503 on projects of group platform."]);
  });
});

describe("reading one project", () => {
  it("makes one protected_branches, one protected_tags and one members/all call, plus the project when no listing gave it", async () => {
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"], protectedTags: ["v*"] });

    const result = await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });

    expect(result.ok).toBe(true);
    expect(readCalls(gitlab).sort()).toEqual(["getProject", "listAllMembers", "listProtectedBranches", "listProtectedTags"]);
    const row = await db.gitLabProjectFacts.findUnique({ where: { pathKey: "acme/web" } });
    expect([row?.path, row?.fetchedAt?.toISOString(), row?.error, row?.queuedAt]).toEqual(["acme/web", clock.toISOString(), null, null]);

    gitlab.calls.length = 0;
    const known = { id: 99, pathWithNamespace: "acme/web", visibility: "private", defaultBranch: "main", subClaimComponents: null };
    await refreshProjectFacts({ path: "acme/web", known: { ...known, id: (await gitlab.getProject("acme/web")).id }, refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });
    expect(readCalls(gitlab).sort()).toEqual(["getProject", "listAllMembers", "listProtectedBranches", "listProtectedTags"]);
  });

  it("reads the members of a group a rule names once per refresh, however many projects name it", async () => {
    gitlab.setGroupMembers("acme/releasers", [{ username: "rel", name: "Rel Easer", accessLevel: 30 }]);
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: [{ name: "main", allowedToMerge: [{ group: "acme/releasers" }] }] });
    gitlab.addProject("acme/api", { members: TEAM, protectedBranches: [{ name: "main", allowedToMerge: [{ group: "acme/releasers" }] }] });
    const job = { refreshStartedAt: clock.toISOString() };

    await refreshProjectFacts({ path: "acme/web", ...job }, { db, port: gitlab, now });
    await refreshProjectFacts({ path: "acme/api", ...job }, { db, port: gitlab, now });

    expect(gitlab.calls.filter((c) => c.op === "listAllMembers").map((c) => (c.args[0] as { kind: string }).kind)).toEqual(["project", "group", "project"]);
    const check = await checkSelectorFromStore({ scope: "project", path: "acme/api", refType: "branch", ref: "main" }, { db, now });
    expect(check.gitlab.targets[0]?.people.map((p) => [p.username, p.how])).toContainEqual(["rel", "Developer (merge rule main: member of group releasers)"]);
  });

  it("a transient failure keeps the previous facts with their fetchedAt, and is retried", async () => {
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"] });
    await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });
    const readAt = clock.toISOString();
    clock = new Date(clock.getTime() + 60 * 60_000);
    gitlab.failNext("listProtectedTags", new AppError("THROTTLED", "GitLab is rate limiting requests. Try again in a moment."));

    const result = await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });

    expect(result).toEqual({ ok: false, error: "could not read: GitLab is rate limiting requests. Try again in a moment.", transient: true });
    const row = await db.gitLabProjectFacts.findUnique({ where: { pathKey: "acme/web" } });
    expect([row?.fetchedAt?.toISOString(), row?.facts === null]).toEqual([readAt, false]);
    const check = await checkSelectorFromStore({ scope: "project", path: "acme/web", refType: "branch", ref: "main" }, { db, now });
    expect(check.gitlab.checked).toBe(true);
    expect(check.findings.map((f) => f.code)).toEqual(["gitlab-facts-stale"]);
  });

  it("a project GitLab does not have is a lasting failure: stored, not retried", async () => {
    const result = await refreshProjectFacts({ path: "acme/gone", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });

    expect(result).toMatchObject({ ok: false, transient: false });
    const check = await checkSelectorFromStore({ scope: "project", path: "acme/gone", refType: "branch", ref: "main" }, { db, now });
    expect(check.gitlab.reason).toBe("unknown (could not read: GitLab has no project acme/gone (404 Project Not Found).)");
  });
});

describe("answers from the stored facts", () => {
  it("a project never read is unknown, never safe; without GitLab, unknown (GitLab not connected)", async () => {
    const selector = { scope: "project" as const, path: "acme/web", refType: "branch" as const, ref: "main" };

    const unread = await checkSelectorFromStore(selector, { db, now });
    delete process.env.GITLAB_TOKEN;
    const unconnected = await checkSelectorFromStore(selector, { db, now });

    expect(unread.gitlab).toMatchObject({ checked: false, reason: "unknown (not read yet)" });
    expect(unread.findings.map((f) => [f.code, f.severity])).toEqual([["gitlab-facts-unknown", "high"]]);
    expect(unconnected.gitlab).toEqual({ checked: false, reason: "unknown (GitLab not connected)", targets: [] });
  });

  it("facts older than three refresh periods are unknown", async () => {
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"] });
    await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });
    const readAt = clock.toISOString();
    clock = new Date(clock.getTime() + 13 * 60 * 60_000);

    const check = await checkSelectorFromStore({ scope: "project", path: "acme/web", refType: "branch", ref: "main" }, { db, now });

    expect(check.gitlab.reason).toBe(`unknown (facts from ${readAt} are too old)`);
  });

  it("the people behind grant patterns, from every project held", async () => {
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"] });
    gitlab.addProject("acme/api", { members: [{ username: "ann", accessLevel: 30 }] });
    gitlab.addProject("other/x", { members: [{ username: "zed", accessLevel: 50 }] });
    for (const path of ["acme/web", "acme/api", "other/x"]) await refreshProjectFacts({ path, refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });

    const exact = await peopleForGrants([{ pattern: "project_path:acme/web:ref_type:branch:ref:main" }], { db, now });
    const wide = await peopleForGrants([{ pattern: "project_path:acme/*:ref_type:branch:ref:*" }], { db, now });

    expect(exact.people.map((p) => p.username)).toEqual(["olga", "max"]);
    expect(wide.people.map((p) => p.username).sort()).toEqual(["ann", "dev1", "dev2", "max", "olga"]);
  });
});

describe("drift between refreshes", () => {
  it("reports a mapped ref that lost its protection and a new Maintainer on a production-mapped project", async () => {
    // Spelled in another case than GitLab's: paths are case-insensitive.
    await addMapping(db, { roleId: roles.production.id, requesterId: roles.user.id, gitlabPath: "ACME/Web", refPattern: "main" });
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"] });
    await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });
    const first = clock.toISOString();
    expect(await listFactsDrift({ db })).toEqual([]);

    gitlab.setProtectedBranches("acme/web", []);
    gitlab.setProjectMembers("acme/web", [...TEAM, { username: "newbie", name: "New Bie", accessLevel: 40 }]);
    clock = new Date(clock.getTime() + 4 * 60 * 60_000);
    const result = await refreshProjectFacts({ path: "acme/web", refreshStartedAt: clock.toISOString() }, { db, port: gitlab, now });

    expect(result.ok && result.drift.map((f) => f.code)).toEqual(["ref-lost-protection", "new-maintainer-on-production-project"]);
    const drift = await listFactsDrift({ db });
    expect(drift.map((d) => [d.project, d.at, d.findings.map((f) => f.message)])).toEqual([
      [
        "acme/web",
        clock.toISOString(),
        [
          `branch main on acme/web lost its protection since ${first}: main on acme/web is not protected: 5 people with Developer access can push it`,
          `newbie (New Bie) became Maintainer of acme/web, which is mapped to a production role, since ${first}`,
        ],
      ],
    ]);
  });
});

describe("the request preview", () => {
  const main = { scope: "project" as const, path: "acme/web", refType: "branch" as const, ref: "feature/x" };

  it("reads a project now when its facts are not fresh, then answers from them for a while", async () => {
    gitlab.addProject("acme/web", { members: TEAM, protectedBranches: ["main"] });

    const first = await checkSelectorForPreview(main, { db, port: gitlab, now, enqueue: captureQueue().enqueue });
    const callsAfterFirst = gitlab.calls.length;
    clock = new Date(clock.getTime() + 5 * 60_000);
    await checkSelectorForPreview(main, { db, port: gitlab, now, enqueue: captureQueue().enqueue });

    expect(first.gitlab.checked).toBe(true);
    expect(first.findings[0]?.message).toBe("feature/x on acme/web is not protected: 4 people with Developer access can push it");
    expect(gitlab.calls.length).toBe(callsAfterFirst);
    expect((await db.gitLabProjectFacts.findUnique({ where: { pathKey: "acme/web" } }))?.requestedAt?.toISOString()).toBe(clock.toISOString());
  });

  it("a GitLab that does not answer in time: unknown with the reason", async () => {
    gitlab.addProject("acme/web", { members: TEAM });
    const hanging: GitLabPort = { ...bind(gitlab), listProtectedBranches: () => new Promise(() => {}) };

    const r = await checkSelectorForPreview(main, { db, port: hanging, now, enqueue: captureQueue().enqueue, previewDeadlineMs: 200 });

    expect(r.gitlab).toMatchObject({ checked: false, reason: "unknown (could not read: GitLab did not answer within 0.2 s)" });
  });

  it("a group: lists it now and queues its never-read projects; their targets are unknown until read", async () => {
    gitlab.addProject("platform/a", { members: TEAM, protectedBranches: ["main"] });
    gitlab.addProject("platform/b", { members: TEAM });
    const queue = captureQueue();
    const selector = { scope: "group" as const, path: "platform", refType: "branch" as const, ref: "main" };

    const before = await checkSelectorForPreview(selector, { db, port: gitlab, now, enqueue: queue.enqueue });
    for (const job of queue.jobs) await refreshProjectFacts(job.data as { path: string; refreshStartedAt: string }, { db, port: gitlab, now });
    const after = await checkSelectorForPreview(selector, { db, port: gitlab, now, enqueue: captureQueue().enqueue });

    expect(queue.jobs.map((j) => [j.data.path, j.startAfter])).toEqual([
      ["platform/a", 0],
      ["platform/b", 1],
    ]);
    expect(before.gitlab).toMatchObject({ checked: false, targets: [{ project: "platform/a", protected: null }, { project: "platform/b", protected: null }] });
    expect(after.gitlab.checked).toBe(true);
    expect(after.gitlab.targets.map((t) => [t.project, t.protected, t.people.length])).toEqual([
      ["platform/a", true, 2],
      ["platform/b", false, 4],
    ]);
  });
});

/** The memory port's methods bound, so one can be replaced in a spread. */
function bind(m: MemoryGitLab): GitLabPort {
  const port = {} as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(m))) {
    const value = (m as unknown as Record<string, unknown>)[key];
    if (key !== "constructor" && typeof value === "function") port[key] = (value as (...a: unknown[]) => unknown).bind(m);
  }
  return port as unknown as GitLabPort;
}
