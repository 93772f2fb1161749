/**
 * A GitLab facts refresh at the design's scale (2,000 projects; BENCH_PROJECTS to change) against
 * the GitLab fake (its own process, through the real gitbeaker adapter) and an embedded
 * PostgreSQL, with trustmap's own code: the refresh plan (lib/gitlab-facts/service.ts
 * planFactsRefresh) and every queued project job (refreshProjectFacts), run back to back (16 at a
 * time) instead of spread over the interval. Two rounds: the first from nothing, the second what
 * every later refresh does (with drift comparisons).
 *
 * Projects: 20 top-level groups with subgroups; 18 are mapped as groups, the projects of the other
 * two one by one. Some have more than 100 members or protected tags (two pages), some rules name
 * users and groups. Lines:
 *   gitlab_facts.<round>: wall time, trustmap's CPU, GitLab calls made and their lower bound —
 *     per mapped group its listing pages; per project one protected_branches, one protected_tags
 *     and one members/all (each ceil(n/100) pages, at least one), plus the project itself when no
 *     group listing gave it; per group a rule names, its members/all pages once — and the ratio
 *     calls / lower bound (1.000 = exactly the bound). `paced_min` is how long GitLab's limits
 *     (lib/gitlab/limits.ts) stretch the same refresh when it runs for real.
 *   gitlab_facts.<round>_servers: CPU the fake spent, next to trustmap's.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { processCpuMs, startFakeProcess } from "./gitlab-fake-process";

const TOKEN = "glpat-bench-facts";
const GROUPS = 20;
const MAPPED_GROUPS = 18;
const USERS = 400;
const CONCURRENCY = 16;

export default async function run(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const tsx = path.resolve(path.dirname(self), "../node_modules/.bin/tsx");
  // The service is `server-only`, which resolves only under the react-server condition (as `npm start` runs).
  const result = spawnSync(tsx, ["--conditions=react-server", self, "--child"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`gitlab-facts bench child exited with ${result.status ?? result.signal}`);
}

function count(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

function projectPath(i: number): string {
  return `org${i % GROUPS}/team${Math.floor(i / GROUPS) % 5}/svc${i}`;
}

/** The fake's seed: users, group and project members, protected branches and tags. */
function gitlabSeed(projects: number) {
  const users = Array.from({ length: USERS }, (_, u) => ({ username: `u${u}`, name: `User ${u}` }));
  const members: { target: { kind: "project" | "group"; path: string }; username: string; accessLevel: number }[] = [];
  const levels = [30, 30, 30, 40, 50];
  for (let g = 0; g < GROUPS; g++) {
    // org0 has 120 members: each of its projects' members/all takes two pages.
    const size = g === 0 ? 120 : 30;
    for (let k = 0; k < size; k++) members.push({ target: { kind: "group", path: `org${g}` }, username: `u${(g * 17 + k) % USERS}`, accessLevel: levels[k % 5] as number });
    for (let k = 0; k < 10; k++) members.push({ target: { kind: "group", path: `org${g}/releasers` }, username: `u${(g * 31 + k) % USERS}`, accessLevel: 30 });
  }
  const list = Array.from({ length: projects }, (_, i) => {
    const g = i % GROUPS;
    const named = i % 10 === 0 ? { allowedToMerge: [{ group: `org${g}/releasers` }, { user: `u${(g * 17 + 1) % USERS}` }] } : {};
    const manyTags = i % 50 === 0 ? Array.from({ length: 120 }, (_, t) => `hotfix-${t}-*`) : [];
    return {
      path: projectPath(i),
      protectedBranches: ["main", { name: "release/*", pushAccessLevel: 0, mergeAccessLevel: 30, ...named }],
      protectedTags: ["v*", ...manyTags],
    };
  });
  for (let i = 0; i < projects; i++) members.push({ target: { kind: "project", path: projectPath(i) }, username: `u${(i * 7) % USERS}`, accessLevel: 30 });
  return { users: [...users, { username: "bench" }], tokens: [{ token: TOKEN, username: "bench" }], groups: Array.from({ length: GROUPS }, (_, g) => `org${g}/releasers`), projects: list, members };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

async function child(): Promise<void> {
  const projects = count("BENCH_PROJECTS", 2000);
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  const { prepareDatabase } = await import("../lib/db/prepare");
  const { createPrismaClient } = await import("../lib/db/prisma");
  const { createGitLabAdapter } = await import("../lib/gitlab/adapter");
  const { planFactsRefresh, refreshProjectFacts } = await import("../lib/gitlab-facts/service");
  const { spreadSchedule } = await import("../lib/gitlab-facts/refresh-plan");
  const { ZFactsProjectJob, ZProjectFacts, ZMemberFact } = await import("../lib/schemas/gitlab-facts");

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "trustmap-bench-facts-"));
  const pg = await startEmbeddedPostgres({ dataDir });
  const seedStart = performance.now();
  const fake = await startFakeProcess(gitlabSeed(projects));
  try {
    await prepareDatabase({ migrationUrl: pg.ownerUrl, appUrl: pg.appUrl });
    process.env.DATABASE_URL = pg.appUrl;
    const db = createPrismaClient(pg.appUrl);
    const user = await db.user.create({ data: { username: "bench-dev", name: "Dev" } });
    const account = await db.awsAccount.create({ data: { accountId: "111122223333", name: "bench", issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"] } });
    const role = await db.iamRole.create({ data: { awsAccountId: account.id, name: "deploy", arn: "arn:aws:iam::111122223333:role/deploy", production: true } });
    const mapping = (scope: "group" | "project", gitlabPath: string, refPattern: string) => ({ scope, gitlabPath, refType: "branch" as const, refPattern, roleId: role.id, requesterId: user.id, audience: "https://gitlab.com", justification: "bench", status: "approved" as const });
    const single = Array.from({ length: projects }, (_, i) => i).filter((i) => i % GROUPS >= MAPPED_GROUPS);
    await db.mapping.createMany({
      data: [...Array.from({ length: MAPPED_GROUPS }, (_, g) => mapping("group", `org${g}`, "main")), ...single.map((i) => mapping("project", projectPath(i), "release/*"))],
    });
    console.log(`gitlab_facts.seed projects=${projects} group_mappings=${MAPPED_GROUPS} project_mappings=${single.length} seed_ms=${(performance.now() - seedStart).toFixed(0)}`);

    const adapter = createGitLabAdapter({ host: fake.url, token: TOKEN });
    const paced = spreadSchedule(projects, 0).spanMs / 60_000;

    const round = async (name: string) => {
      const before = adapter.requestCount();
      const cpu = process.cpuUsage();
      const fakeCpu0 = processCpuMs(fake.pid);
      const start = performance.now();
      const jobs: unknown[] = [];
      const plan = await planFactsRefresh({ db, port: adapter, enqueue: async (_tx, _name, data) => String(jobs.push(data)) });
      let failed = 0;
      let drift = 0;
      await pool(jobs, CONCURRENCY, async (data) => {
        const result = await refreshProjectFacts(ZFactsProjectJob.parse(data), { db, port: adapter });
        if (!result.ok) failed++;
        else drift += result.drift.length;
      });
      const wallMs = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const fakeCpu1 = processCpuMs(fake.pid);
      const calls = adapter.requestCount() - before;

      // The lower bound, from what was read.
      const rows = await db.gitLabProjectFacts.findMany({ select: { facts: true } });
      const withoutListing = jobs.filter((j) => ZFactsProjectJob.parse(j).known === undefined).length;
      let bound = withoutListing;
      for (const row of rows) {
        const f = ZProjectFacts.parse(row.facts);
        bound += pages(f.protectedBranches.length) + pages(f.protectedTags.length) + pages(f.members.length);
      }
      for (const g of await db.gitLabGroupProjects.findMany()) bound += pages(g.projects.length);
      for (const g of await db.gitLabGroupMembers.findMany()) bound += pages(ZMemberFact.array().parse(g.members).length);
      const trustmapCpuMs = (used.user + used.system) / 1000;
      console.log(
        `gitlab_facts.${name} projects=${rows.length} queued=${plan.queued} failed=${failed} drift_findings=${drift} wall_ms=${wallMs.toFixed(0)} trustmap_cpu_ms=${trustmapCpuMs.toFixed(0)} ` +
          `gitlab_calls=${calls} gitlab_lower_bound=${bound} ratio=${(calls / bound).toFixed(3)} paced_min=${paced.toFixed(0)}`,
      );
      const fakeCpuMs = fakeCpu0 === undefined || fakeCpu1 === undefined ? undefined : fakeCpu1 - fakeCpu0;
      console.log(`gitlab_facts.${name}_servers gitlab_fake_cpu_ms=${fakeCpuMs?.toFixed(0) ?? "n/a"} trustmap_cpu_ms=${trustmapCpuMs.toFixed(0)} server_cpu_share=${fakeCpuMs === undefined ? "n/a" : (fakeCpuMs / (fakeCpuMs + trustmapCpuMs)).toFixed(2)}`);
      if (failed > 0 || rows.length !== projects) throw new Error(`${failed} project reads failed; ${rows.length} of ${projects} projects have facts`);
    };

    await round("refresh");
    await round("refresh_again");
    await db.$disconnect();
  } finally {
    fake.stop();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (process.argv.includes("--child")) await child();
