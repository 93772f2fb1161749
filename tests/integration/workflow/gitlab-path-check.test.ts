/** With GITLAB_URL + GITLAB_TOKEN set, a request's path must exist on that GitLab (the GitLab fake here). */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { previewDraft } from "@/lib/requests/service";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";
import { setupGitLabFake, TOKEN } from "../gitlab/harness";
import { requestInput, seedWorkflow } from "./fixtures";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const gitlab = setupGitLabFake();
let db: Db;
let w: Awaited<ReturnType<typeof seedWorkflow>>;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  w = await seedWorkflow(db);
  process.env.GITLAB_URL = gitlab.fake.url;
  process.env.GITLAB_TOKEN = TOKEN;
});

afterAll(() => {
  delete process.env.GITLAB_URL;
  delete process.env.GITLAB_TOKEN;
});

describe("the GitLab path check", () => {
  it("refuses a project the connected GitLab does not have, next to the path field, and accepts one it has", async () => {
    gitlab.fake.state.addProject("acme/web");
    signInAs(w.ria.id);
    const missing = await createRequestAction(requestInput(w.staging.id, { gitlabPath: "acme/nope" }));
    expect(missing).toMatchObject({ ok: true, data: { created: false, fieldErrors: { gitlabPath: [expect.stringMatching(/has no project acme\/nope/)] } } });
    expect(await db.mapping.count()).toBe(0);
    expect(await createRequestAction(requestInput(w.staging.id, { gitlabPath: "acme/web" }))).toMatchObject({ ok: true, data: { created: true } });
  });

  it("checks groups as groups, in the live preview too", async () => {
    gitlab.fake.state.addProject("platform/infra/tool");
    const draft = { roleId: w.staging.id, scope: "group" as const, refType: "branch" as const, refPattern: "main", environment: null, audience: "https://gitlab.com" };
    expect((await previewDraft({ ...draft, gitlabPath: "platform/infra" })).fieldErrors).toEqual({});
    expect((await previewDraft({ ...draft, gitlabPath: "platform/other" })).fieldErrors.gitlabPath?.[0]).toMatch(/has no group platform\/other/);
  });
});
