import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded";
import { appErrorOf, setupGitLabFake } from "./harness";

const h = setupGitLabFake();
const noWait = async () => {};

describe("adapter reliability against injected GitLab faults", () => {
  it("waits out a 429's Retry-After and then succeeds, sending one extra request", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "GET", pathPrefix: "/api/v4/projects/team%2Fapp", status: 429, retryAfter: 1 });
    const adapter = h.adapter();
    const started = Date.now();

    const p = await adapter.getProject("team/app");

    expect(p.pathWithNamespace).toBe("team/app");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(adapter.requestCount()).toBe(2);
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("gives up as THROTTLED after the configured retries, without a request storm", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ status: 429, retryAfter: 1, times: 50 });
    const adapter = h.adapter({ sleep: noWait, retry: { maxRetries: 2 } });

    const error = await appErrorOf(adapter.getProject("team/app"));

    expect(error.code).toBe("THROTTLED");
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect(adapter.requestCount()).toBe(3);
  });

  it("fails at once as THROTTLED when Retry-After exceeds the longest wait allowed", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ status: 429, retryAfter: 120 });
    const adapter = h.adapter({ retry: { maxRetryAfterSeconds: 30 } });

    const error = await appErrorOf(adapter.getProject("team/app"));

    expect([error.code, error.details?.retryAfterSeconds, adapter.requestCount()]).toEqual(["THROTTLED", 120, 1]);
  });

  it("retries a 502 on a read but not on a create, which could otherwise run twice", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "GET", status: 502 });
    h.fake.inject({ method: "POST", status: 502 });
    const adapter = h.adapter({ sleep: noWait });

    await adapter.listVariables({ kind: "project", path: "team/app" });
    const error = await appErrorOf(adapter.createVariable({ kind: "project", path: "team/app" }, { key: "K", value: "v" }));

    expect(error.code).toBe("UPSTREAM");
    expect(h.fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 502", "GET 200", "POST 502"]);
    // The failed write names GitLab's request id, so the run history can point at GitLab's logs.
    expect(error.details?.requestId).toBe(h.fake.requests.at(-1)?.requestId);
  });

  it("a 500 is UPSTREAM naming the status, and is not retried", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ status: 500 });
    const adapter = h.adapter({ sleep: noWait });

    const error = await appErrorOf(adapter.listBranches("team/app"));

    expect(error.code).toBe("UPSTREAM");
    expect(error.userMessage).toContain("HTTP 500");
    expect(adapter.requestCount()).toBe(1);
  });

  it("an unknown token is UNAUTHENTICATED", async () => {
    h.fake.state.addProject("team/app");

    const error = await appErrorOf(h.adapter({ token: "glpat-wrong" }).getProject("team/app"));

    expect([error.code, error.details?.gitlabMessage]).toEqual(["UNAUTHENTICATED", "401 Unauthorized"]);
  });

  it("a read_api token may list variables but not create them (FORBIDDEN)", async () => {
    h.fake.state.addProject("team/app");
    h.fake.state.addToken("glpat-read", "reconciler", ["read_api"]);
    const adapter = h.adapter({ token: "glpat-read" });
    const target = { kind: "project", path: "team/app" } as const;

    await adapter.listVariables(target);
    const error = await appErrorOf(adapter.createVariable(target, { key: "K", value: "v" }));

    expect(error.code).toBe("FORBIDDEN");
  });

  it("a GitLab slower than the timeout is UPSTREAM", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ delayMs: 400 });

    const error = await appErrorOf(h.adapter({ timeoutMs: 100 }).getProject("team/app"));

    expect(error.code).toBe("UPSTREAM");
    expect(error.userMessage).toContain("did not answer in time");
  });

  it("an unreachable GitLab is UPSTREAM, saying it could not be reached", async () => {
    const closed = await freePort();

    const error = await appErrorOf(h.adapter({ host: `http://127.0.0.1:${closed}` }).getProject("team/app"));

    expect(error.code).toBe("UPSTREAM");
    expect(error.userMessage).toContain("could not be reached");
  });

  it("does not follow a redirect, so the token is never sent to another address", async () => {
    h.fake.state.addProject("team/app");
    const seen: string[] = [];
    const redirector = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(302, { location: `${h.fake.url}${req.url ?? "/"}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = redirector.address() as AddressInfo;
      const error = await appErrorOf(h.adapter({ host: `http://127.0.0.1:${port}` }).getProject("team/app"));

      expect([error.code, error.details?.status]).toEqual(["UPSTREAM", 302]);
      expect(seen).toEqual(["GET /api/v4/projects/team%2Fapp"]);
      expect(h.fake.requests).toEqual([]);
    } finally {
      redirector.close();
    }
  });
});
