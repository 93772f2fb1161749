/** A fake GitLab with one API user, and our adapter pointed at it through the real gitbeaker client. */
import { afterAll, afterEach, beforeAll } from "vitest";
import { createGitLabAdapter, type GitLabAdapter, type GitLabAdapterOptions } from "@/lib/gitlab/adapter";
import { isAppError, type AppError } from "@/lib/errors";
import { startGitLabFake, type GitLabFake } from "@/tests/fakes/gitlab";

export const TOKEN = "glpat-integration-test";

export interface Harness {
  fake: GitLabFake;
  adapter(options?: Partial<GitLabAdapterOptions>): GitLabAdapter;
}

/** Starts one fake per test file; state is cleared after each test and the API user re-seeded. */
export function setupGitLabFake(): Harness {
  let fake: GitLabFake | undefined;
  const seedUser = (f: GitLabFake) => {
    f.state.addUser({ username: "reconciler" });
    f.state.addToken(TOKEN, "reconciler");
  };
  beforeAll(async () => {
    fake = await startGitLabFake();
    seedUser(fake);
  });
  afterEach(() => {
    if (!fake) return;
    fake.reset();
    seedUser(fake);
  });
  afterAll(async () => {
    await fake?.stop();
  });
  const started = () => {
    if (!fake) throw new Error("the GitLab fake is not running");
    return fake;
  };
  return {
    get fake() {
      return started();
    },
    adapter: (options) => createGitLabAdapter({ host: started().url, token: TOKEN, retry: { backoffMs: 10 }, ...options }),
  };
}

/** Awaits a promise that must reject with an AppError and returns it. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
