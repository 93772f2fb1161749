import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { gitlabFactsJobs, gitlabFactsProjectJob } from "@/lib/gitlab-facts/jobs";
import { stopJobSender, enqueueInTx } from "@/lib/jobs/queue";
import { startJobRunner } from "@/lib/jobs/runner";
import { startGitLabFake, type GitLabFake } from "@/tests/fakes/gitlab";
import { useFreshDatabase } from "../../support/db";
import { until } from "../../support/until";
import { addMapping, seedRoles } from "./fixtures";

const TOKEN = "glpat-facts-jobs";
let db: Db;
let url: string;
let fake: GitLabFake;
const env = { url: process.env.GITLAB_URL, token: process.env.GITLAB_TOKEN };

beforeAll(async () => {
  ({ db, url } = await useFreshDatabase());
  fake = await startGitLabFake();
  fake.state.addUser({ username: "reconciler" });
  fake.state.addToken(TOKEN, "reconciler");
  process.env.GITLAB_URL = fake.url;
  process.env.GITLAB_TOKEN = TOKEN;
});
afterAll(async () => {
  process.env.GITLAB_URL = env.url;
  process.env.GITLAB_TOKEN = env.token;
  await stopJobSender();
  await fake.stop();
  await db.$disconnect();
});

const ctx = { jobId: "test", retryCount: 0, log: () => {} };

describe("the GitLab facts jobs on the job queue", () => {
  it("a scheduled refresh plans a job per mapped project, which reads it through the adapter and stores its facts", async () => {
    const { user, staging } = await seedRoles(db);
    fake.state.addUser({ username: "maya", name: "Maya" });
    fake.state.addProject("acme/web", { protectedBranches: ["main"] });
    fake.state.addMember({ kind: "group", path: "acme" }, "maya", 40);
    await addMapping(db, { roleId: staging.id, requesterId: user.id, gitlabPath: "acme/web" });

    const runner = await startJobRunner({ databaseUrl: url, definitions: gitlabFactsJobs, pollingIntervalSeconds: 0.5, log: () => {} });
    try {
      expect(runner.schedules).toEqual({ "gitlab-facts-refresh": "0 */4 * * *" });
      await db.$transaction((tx) => enqueueInTx(tx, "gitlab-facts-refresh", {}));
      const row = await until(() => db.gitLabProjectFacts.findUnique({ where: { pathKey: "acme/web" } }), (r) => r?.fetchedAt != null);

      expect(row?.facts).toMatchObject({ path: "acme/web", members: [{ username: "maya", accessLevel: 40 }], protectedBranches: [{ name: "main" }] });
      const reads = fake.requests.filter((r) => r.path.startsWith("/api/v4/projects/")).map((r) => r.path.replace(/\/api\/v4\/projects\/[^/]+/, ""));
      expect(reads.sort()).toEqual(["", "/members/all", "/protected_branches", "/protected_tags"]);
    } finally {
      await runner.stop();
    }
  });

  it("a project job fails (to be retried) when GitLab throttles, and records a lasting failure without failing", async () => {
    fake.state.addProject("acme/throttled");
    fake.inject({ method: "GET", pathPrefix: "/api/v4/projects/acme%2Fthrottled", status: 429, retryAfter: 3600 });

    await expect(gitlabFactsProjectJob.run({ path: "acme/throttled", refreshStartedAt: new Date().toISOString() }, ctx)).rejects.toThrow("GitLab facts of acme/throttled: could not read: GitLab is rate limiting requests");
    await expect(gitlabFactsProjectJob.run({ path: "acme/missing", refreshStartedAt: new Date().toISOString() }, ctx)).resolves.toBeUndefined();

    const rows = await db.gitLabProjectFacts.findMany({ where: { pathKey: { in: ["acme/throttled", "acme/missing"] } }, orderBy: { pathKey: "asc" } });
    expect(rows.map((r) => [r.pathKey, r.fetchedAt, r.error])).toEqual([
      ["acme/missing", null, "GitLab has no project acme/missing (404 Project Not Found)."],
      ["acme/throttled", null, "GitLab is rate limiting requests. Try again in a moment."],
    ]);
  });

  it("refuses job data that is not a project job", async () => {
    await expect(gitlabFactsProjectJob.run({ path: 42 }, ctx)).rejects.toThrow();
  });
});
