/**
 * Issue #11: a busy GitLab or IAM never turns into failed operations. Real moto (through the
 * fault proxy) and the GitLab fake (with injected faults); Retry-After waits are real (1 s).
 */
import { describe, expect, it } from "vitest";
import { applyReconcile, computePlan } from "@/lib/reconcile/service";
import { MOTO_ACCOUNT_ID } from "@/tests/support/moto";
import { startFaultProxy, throttling } from "../aws/fault-proxy";
import { setupReconcile } from "./harness";

const h = setupReconcile();
const actor = { id: null, label: "test" };
const APP = { kind: "project", path: "team/app" } as const;
const WEB = { kind: "project", path: "team/web" } as const;
const MANAGED = "managed by trustmap";

async function seedOneMapping() {
  const role = await h.addRole("deployer");
  await h.approveMapping(role.id);
  return role;
}

const opsOf = async (runId: string) => h.db.reconcileOperation.findMany({ where: { runId }, orderBy: { seq: "asc" } });

describe("a busy GitLab and a throttling IAM", () => {
  it("every 3rd GitLab call answering 429 or 503 and every 3rd IAM call throttled: plan and apply finish with nothing failed, and a re-plan is empty", async () => {
    const app = await seedOneMapping();
    await h.approveMapping(app.id, { environment: "staging" });
    const web = await h.addRole("web-deployer");
    await h.approveMapping(web.id, { gitlabPath: "team/web" });
    // Something for each kind of variable write: a stale managed value (PUT), an orphan (DELETE).
    h.gitlab.fake.state.addVariable(APP, { key: "AWS_REGION", value: "us-east-1", description: MANAGED });
    h.gitlab.fake.state.addVariable(WEB, { key: "OLD_ROLE_ARN", value: "arn:aws:iam::123456789012:role/old", description: MANAGED });
    let iamThrottled = 0;
    const proxy = await startFaultProxy(h.moto.endpoint, (n) => (n % 3 === 0 ? (iamThrottled++, throttling) : undefined));
    h.gitlab.fake.inject({ every: 3, statuses: [429, 503], retryAfter: 1 });
    try {
      const { plan } = await computePlan({ ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db });
      expect(new Set(plan.operations.map((op) => op.kind))).toEqual(new Set(["oidc-provider.create", "trust-policy.update", "variable.create", "variable.update", "variable.delete"]));

      const outcome = await applyReconcile(actor, { trigger: "cli", expectedPlanHash: plan.hash }, { ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db, databaseUrl: h.url });

      expect(outcome).toMatchObject({ status: "succeeded", result: { done: plan.operations.length, failed: 0, skipped: 0 } });
      expect((await computePlan({ ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db })).plan.operations).toEqual([]);
    } finally {
      await proxy.close();
    }
    const answered = h.gitlab.fake.requests.map((r) => r.status);
    expect(answered.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(answered.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(h.gitlab.fake.requests.some((r) => r.method !== "GET" && (r.status === 429 || r.status === 503))).toBe(true);
    expect(iamThrottled).toBeGreaterThan(0);
    // Converged exactly: each variable once, the orphan gone.
    const keys = (target: typeof APP | typeof WEB) => h.gitlab.fake.state.variables(target).map((v) => `${v.key}@${v.environmentScope}=${v.value}`).sort();
    expect(keys(APP)).toEqual([
      "AWS_REGION@*=eu-west-1",
      "AWS_REGION@staging=eu-west-1",
      `ROLE_ARN@*=arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`,
      `ROLE_ARN@staging=arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`,
    ]);
    expect(keys(WEB)).toEqual(["AWS_REGION@*=eu-west-1", `ROLE_ARN@*=arn:aws:iam::${MOTO_ACCOUNT_ID}:role/web-deployer`]);
  }, 60_000);
});

describe("a create whose answer was lost", () => {
  it.each([
    ["503", { status: 503 }],
    ["connection reset", { reset: true }],
  ])("GitLab made the variable but the client saw a %s: the operation is done exactly once, the variable exists once", async (_name, fault) => {
    const role = await seedOneMapping();
    h.gitlab.fake.inject({ method: "POST", pathPrefix: "/api/v4/projects/team%2Fapp/variables", served: true, ...fault });

    const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports(), db: h.db, databaseUrl: h.url });

    expect(outcome).toMatchObject({ status: "succeeded", result: { done: 4, failed: 0, skipped: 0 } });
    const vars = h.gitlab.fake.state.variables(APP);
    expect(vars.map((v) => [v.key, v.value, v.description])).toEqual([
      ["AWS_REGION", "eu-west-1", MANAGED],
      ["ROLE_ARN", role.arn, MANAGED],
    ]);
    const posts = h.gitlab.fake.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => [r.status, r.servedStatus])).toEqual([
      ["reset" in fault ? 0 : 503, 201],
      [400, undefined],
      [201, undefined],
    ]);
    const ops = await opsOf(outcome.runId);
    expect(ops.map((o) => o.status)).toEqual(["done", "done", "done", "done"]);
    // The lost attempt made the change: its request id when its answer still carried one.
    expect(ops[2]?.requestId).toBe("reset" in fault ? null : posts[0]?.requestId);
    expect(await h.db.auditEvent.count({ where: { action: "reconcile.applied" } })).toBeGreaterThanOrEqual(4);
    expect((await computePlan({ ports: h.ports(), db: h.db })).plan.operations).toEqual([]);
  });

  it("a retried create that meets a variable someone else made with another value is a failed operation naming the conflict, and that variable is never taken over", async () => {
    await seedOneMapping();
    const theirs = "arn:aws:iam::999999999999:role/theirs";
    // The 2nd create (ROLE_ARN) gets a 503 without GitLab acting; before the retry, someone else creates the key.
    h.gitlab.fake.inject({ method: "POST", every: 2, times: 1, status: 503 });
    let raced = false;
    const meanwhile = async () => {
      if (!raced) h.gitlab.fake.state.addVariable(APP, { key: "ROLE_ARN", value: theirs });
      raced = true;
    };

    const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports({ gitlab: { sleep: meanwhile } }), db: h.db, databaseUrl: h.url });

    expect(outcome).toMatchObject({ status: "partial", result: { done: 3, failed: 1, skipped: 0 } });
    const failed = (await opsOf(outcome.runId)).filter((o) => o.status === "failed");
    expect(failed.map((o) => [o.kind, o.error])).toEqual([
      ["variable.create", "CONFLICT: GitLab already has variable ROLE_ARN (scope *) of project team/app, with a different value, raw flag, description; trustmap did not change it."],
    ]);
    expect(h.gitlab.fake.state.variables(APP).find((v) => v.key === "ROLE_ARN")).toMatchObject({ value: theirs, description: null });
    // The next plan sees a foreign variable: reported, never written.
    const { plan } = await computePlan({ ports: h.ports(), db: h.db });
    expect(plan.operations).toEqual([]);
    expect(plan.problems).toContainEqual(expect.objectContaining({ code: "foreign-variable-conflict", variableKey: "ROLE_ARN" }));
  });
});

describe("an OIDC provider create whose answer was lost", () => {
  it("IAM made the provider but the SDK saw a 503: the apply finishes with nothing failed and one provider", async () => {
    await seedOneMapping();
    let lost = 0;
    const proxy = await startFaultProxy(h.moto.endpoint, (_n, body) =>
      body.includes("Action=CreateOpenIDConnectProvider") && lost++ === 0 ? { status: 503, code: "ServiceUnavailable", message: "unavailable", afterForwarding: true } : undefined,
    );
    try {
      const outcome = await applyReconcile(actor, { trigger: "cli" }, { ports: h.ports({ iamEndpoint: proxy.endpoint }), db: h.db, databaseUrl: h.url });
      expect(outcome).toMatchObject({ status: "succeeded", result: { done: 4, failed: 0 } });
    } finally {
      await proxy.close();
    }
    expect(lost).toBe(2);
    expect((await h.ports().iamAdapter.listOpenIDConnectProviders()).map((p) => p.url)).toEqual(["https://gitlab.example.com"]);
    expect((await computePlan({ ports: h.ports(), db: h.db })).plan.operations).toEqual([]);
  });
});
