import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryIam, type MemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { MemoryGitLab } from "@/lib/sandbox/gitlab/memory-port";
import { AppError } from "@/lib/errors";
import { apply, type ApplyRecorder, type ReconcilePorts } from "@/lib/reconcile/apply";
import { plan } from "@/lib/reconcile/plan";
import { readActualState } from "@/lib/reconcile/reader";
import type { DesiredState, Operation } from "@/lib/reconcile/types";
import { ACCOUNT_ID, FOREIGN_STATEMENT, desired, mapping, policyWith, role } from "./fixtures";

function recorder() {
  const events: string[] = [];
  const rec: ApplyRecorder = {
    started: async (op) => void events.push(`start ${op.key}`),
    succeeded: async (op, _i, requestId) => void events.push(`done ${op.key}`, `request ${op.kind} ${requestId}`),
    failed: async (op, _i, error) => void events.push(`failed ${op.key} ${error.code}`),
    skipped: async (op) => void events.push(`skipped ${op.key}`),
  };
  return { events, rec };
}

let iam: MemoryIam;
let gitlab: MemoryGitLab;
let ports: ReconcilePorts;
let state: DesiredState;

beforeEach(() => {
  iam = createMemoryIam({ accountId: ACCOUNT_ID, roles: [{ name: "deployer", trustPolicy: policyWith(FOREIGN_STATEMENT) }] });
  gitlab = new MemoryGitLab();
  gitlab.addProject("team/app");
  ports = { iam: () => iam, gitlab };
  state = desired([role("deployer", [mapping({ gitlabPath: "team/app" })])]);
});

async function planNow() {
  return plan(state, await readActualState(state, ports));
}

const gitlabWrites = () => gitlab.calls.filter((c) => /^(create|update|delete)Variable$/.test(c.op)).length;

describe("apply through the ports", () => {
  it("converges from empty, and a second run plans and writes nothing", async () => {
    const first = await planNow();
    const { events, rec } = recorder();
    const result = await apply(first.operations, ports, rec);
    expect(result).toMatchObject({ done: 4, failed: 0, skipped: 0 });
    expect(events[0]).toBe(`start ${first.operations[0]!.key}`);
    expect(events[1]).toBe(`done ${first.operations[0]!.key}`);
    // Each write hands the recorder the upstream request id: IAM's and GitLab's alike.
    expect(events.filter((e) => e.startsWith("request "))).toEqual([
      expect.stringMatching(/^request oidc-provider\.create mem-\d+$/),
      expect.stringMatching(/^request trust-policy\.update mem-\d+$/),
      expect.stringMatching(/^request variable\.create mem-gl-\d+$/),
      expect.stringMatching(/^request variable\.create mem-gl-\d+$/),
    ]);

    iam.resetCallCounts();
    gitlab.calls.length = 0;
    const second = await planNow();
    expect(second.operations).toEqual([]);
    await apply(second.operations, ports, recorder().rec);
    expect(iam.callCounts().writes).toBe(0);
    expect(gitlabWrites()).toBe(0);
    expect(iam.callCounts().byOperation).toEqual({ ListRoles: 1, GetOpenIDConnectProvider: 1 });
  });

  it("reads each GitLab target once", async () => {
    await planNow();
    expect(gitlab.calls.map((c) => c.op)).toEqual(["listVariables"]);
  });

  it("skips what depends on a failed operation, keeps the rest, and a retry completes what is left", async () => {
    iam.faults.failOperation("UpdateAssumeRolePolicy", { awsCode: "ServiceFailure", times: 1 });
    const first = await planNow();
    const { events, rec } = recorder();
    const result = await apply(first.operations, ports, rec);
    expect(result).toMatchObject({ done: 2, failed: 1, skipped: 1 });
    expect(events).toContain("failed trust-policy:arn:aws:iam::123456789012:role/deployer UPSTREAM");
    expect(events).toContain("skipped variable:project:team/app:ROLE_ARN:*");
    expect(gitlab.storedVariables({ kind: "project", path: "team/app" }).map((v) => v.key)).toEqual(["AWS_REGION"]);

    const retry = await planNow();
    expect(retry.operations.map((op: Operation) => op.kind)).toEqual(["trust-policy.update", "variable.create"]);
    expect(await apply(retry.operations, ports, recorder().rec)).toMatchObject({ done: 2, failed: 0 });
    expect((await planNow()).operations).toEqual([]);
  });

  it("records a GitLab failure with its code and carries on with independent operations", async () => {
    gitlab.failNext("createVariable", new AppError("THROTTLED", "GitLab is rate limiting requests."));
    const first = await planNow();
    const result = await apply(first.operations, ports, recorder().rec);
    expect(result).toMatchObject({ done: 3, failed: 1 });
    expect((await planNow()).operations).toHaveLength(1);
  });
});
