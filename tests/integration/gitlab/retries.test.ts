import { describe, expect, it } from "vitest";
import { appErrorOf, setupGitLabFake } from "./harness";

const h = setupGitLabFake();
const APP = { kind: "project", path: "team/app" } as const;
const noWait = async () => {};
/** The adapter the reconciler uses: creates are retried and resolved by reading back. */
const reconcilerAdapter = (options: Parameters<typeof h.adapter>[0] = {}) =>
  h.adapter({ sleep: noWait, ...options, retry: { backoffMs: 10, retryCreates: true, ...options.retry } });
const intended = { key: "ROLE_ARN", value: "arn:aws:iam::123456789012:role/deploy", protected: true, raw: true, description: "managed by trustmap" };
const trail = () => h.fake.requests.map((r) => `${r.method} ${r.status}${r.servedStatus ? ` (served ${r.servedStatus})` : ""}`);

describe("a busy GitLab: transient answers are retried", () => {
  it("every 3rd request answering 429 or 503: reads and writes all succeed, waiting Retry-After or the backoff", async () => {
    h.fake.state.addProject("team/app");
    h.fake.state.addVariable(APP, { key: "A", value: "1" });
    h.fake.inject({ every: 3, statuses: [429, 503], retryAfter: 1 });
    const waits: number[] = [];
    const adapter = reconcilerAdapter({ sleep: async (ms) => void waits.push(ms), random: () => 0 });

    await adapter.listVariables(APP);
    await adapter.getProject("team/app");
    await adapter.updateVariable(APP, "A", "*", { value: "2" });
    await adapter.listBranches("team/app");
    await adapter.createVariable(APP, { key: "B", value: "b" });
    await adapter.deleteVariable(APP, "A", "*");
    const listed = await adapter.listVariables(APP);

    expect(trail()).toEqual(["GET 200", "GET 200", "PUT 429", "PUT 200", "GET 200", "POST 503", "POST 201", "DELETE 204", "GET 429", "GET 200"]);
    // Retry-After: 1 → 1 s; the 503 → the first backoff step with the lowest draw (half of 10 ms).
    expect(waits).toEqual([1000, 5, 1000]);
    expect(listed.map((v) => [v.key, v.value])).toEqual([["B", "b"]]);
    expect(adapter.requestCount()).toBe(10);
  });

  it("a connection reset on a read is retried", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "GET", reset: true });

    const p = await reconcilerAdapter().getProject("team/app");

    expect(p.pathWithNamespace).toBe("team/app");
    expect(trail()).toEqual(["GET 0", "GET 200"]);
  });
});

describe("a create whose answer was lost counts once", () => {
  it.each([
    ["a 503", { status: 503 }, "POST 503 (served 201)"],
    ["a connection reset", { reset: true }, "POST 0 (served 201)"],
  ])("GitLab made it but answered %s: the retry meets 'already taken', reads it back and reports it done", async (_name, fault, first) => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "POST", served: true, ...fault });

    const write = await reconcilerAdapter().createVariable(APP, intended);

    expect(trail()).toEqual([first, "POST 400", "GET 200"]);
    expect(h.fake.requests[2]?.query).toMatchObject({ "filter[environment_scope]": "*" });
    expect(write.variable).toMatchObject({ key: "ROLE_ARN", value: intended.value, protected: true, raw: true, environmentScope: "*" });
    // The request that made the change, when its lost answer still named it.
    expect(write.requestId).toBe("reset" in fault ? null : h.fake.requests[0]?.requestId);
    expect(h.fake.state.variables(APP).map((v) => [v.key, v.value])).toEqual([["ROLE_ARN", intended.value]]);
  });

  it("a retried create that meets someone else's variable with another value is a CONFLICT naming what differs, and nothing is overwritten", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "POST", status: 503 });
    // Between the lost attempt and the retry, someone else creates the key in the same scope.
    const meanwhile = async () => void h.fake.state.addVariable(APP, { key: "ROLE_ARN", value: "arn:aws:iam::999999999999:role/theirs", protected: true, raw: true, description: "managed by trustmap" });

    const error = await appErrorOf(reconcilerAdapter({ sleep: meanwhile }).createVariable(APP, intended));

    expect(error.code).toBe("CONFLICT");
    expect(error.userMessage).toBe("GitLab already has variable ROLE_ARN (scope *) of project team/app, with a different value; trustmap did not change it.");
    expect(error.details).toMatchObject({ status: 400, differences: ["value"] });
    expect(trail()).toEqual(["POST 503", "POST 400", "GET 200"]);
    expect(h.fake.state.variables(APP).map((v) => v.value)).toEqual(["arn:aws:iam::999999999999:role/theirs"]);
  });

  it("the same value with other settings (here not protected, no description) is a conflict too", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ method: "POST", status: 503 });
    const meanwhile = async () => void h.fake.state.addVariable(APP, { key: "ROLE_ARN", value: intended.value, raw: true });

    const error = await appErrorOf(reconcilerAdapter({ sleep: meanwhile }).createVariable(APP, intended));

    expect([error.code, error.details?.differences]).toEqual(["CONFLICT", ["protected flag", "description"]]);
  });

  it("a first attempt that meets 'already taken' stays a plain CONFLICT, without reading back", async () => {
    h.fake.state.addProject("team/app");
    h.fake.state.addVariable(APP, { key: "ROLE_ARN", value: intended.value });

    const error = await appErrorOf(reconcilerAdapter().createVariable(APP, intended));

    expect(error.code).toBe("CONFLICT");
    expect(trail()).toEqual(["POST 400"]);
  });
});

describe("updates and deletes are idempotent", () => {
  it("an update whose answer was lost is sent again and succeeds", async () => {
    h.fake.state.addProject("team/app");
    h.fake.state.addVariable(APP, { key: "A", value: "1" });
    h.fake.inject({ method: "PUT", status: 503, served: true });

    const write = await reconcilerAdapter().updateVariable(APP, "A", "*", { value: "2" });

    expect(write.variable.value).toBe("2");
    expect(trail()).toEqual(["PUT 503 (served 200)", "PUT 200"]);
  });

  it.each([
    ["a 503", { status: 503 }, "DELETE 503 (served 204)"],
    ["a connection reset", { reset: true }, "DELETE 0 (served 204)"],
  ])("a delete whose answer was lost (%s) meets 404 on the retry and is done", async (_name, fault, first) => {
    h.fake.state.addProject("team/app");
    h.fake.state.addVariable(APP, { key: "A", value: "1" });
    h.fake.inject({ method: "DELETE", served: true, ...fault });

    await reconcilerAdapter().deleteVariable(APP, "A", "*");

    expect(trail()).toEqual([first, "DELETE 404"]);
    expect(h.fake.state.variables(APP)).toEqual([]);
  });

  it("a delete of a variable that is not there, with no lost answer before, is still NOT_FOUND", async () => {
    h.fake.state.addProject("team/app");

    const error = await appErrorOf(reconcilerAdapter().deleteVariable(APP, "A", "*"));

    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("bounded waits", () => {
  it("honours a Retry-After given as an HTTP-date", async () => {
    h.fake.state.addProject("team/app");
    const at = new Date(Date.now() + 30_000);
    h.fake.inject({ status: 429, retryAfter: at.toUTCString() });
    const waits: number[] = [];

    await reconcilerAdapter({ sleep: async (ms) => void waits.push(ms) }).getProject("team/app");

    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(29_000);
    expect(waits[0]).toBeLessThanOrEqual(31_000);
    expect(trail()).toEqual(["GET 429", "GET 200"]);
  });

  it("fails at once as THROTTLED when an HTTP-date Retry-After lies beyond the longest wait allowed", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ status: 429, retryAfter: new Date(Date.now() + 300_000).toUTCString() });
    const waits: number[] = [];

    const error = await appErrorOf(reconcilerAdapter({ sleep: async (ms) => void waits.push(ms), retry: { maxRetryAfterSeconds: 60 } }).getProject("team/app"));

    expect(error.code).toBe("THROTTLED");
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(290);
    expect([waits, trail()]).toEqual([[], ["GET 429"]]);
  });

  it("stops when the waits of one request would pass the total bound", async () => {
    h.fake.state.addProject("team/app");
    h.fake.inject({ status: 429, retryAfter: 20, times: 5 });
    const waits: number[] = [];

    const error = await appErrorOf(reconcilerAdapter({ sleep: async (ms) => void waits.push(ms), retry: { maxTotalWaitSeconds: 30 } }).getProject("team/app"));

    expect(error.code).toBe("THROTTLED");
    expect(waits).toEqual([20_000]);
    expect(trail()).toEqual(["GET 429", "GET 429"]);
  });
});
