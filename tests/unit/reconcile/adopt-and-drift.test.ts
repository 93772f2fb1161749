import { describe, expect, it } from "vitest";
import { proposeMappings, selectorFromSubPattern } from "@/lib/reconcile/adopt";
import { detectDrift, driftVerdict } from "@/lib/reconcile/drift";
import { plan } from "@/lib/reconcile/plan";
import { cronEvery } from "@/lib/jobs/catalog";
import type { ActualState } from "@/lib/reconcile/types";
import { ACCOUNT_ID, PROVIDER_ARN, desired, mapping, policyWith, role } from "./fixtures";

const grant = (sub: unknown, extra: object = {}) => ({
  Sid: "Legacy",
  Effect: "Allow",
  Principal: { Federated: PROVIDER_ARN },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.example.com:sub": sub }, ...extra },
});

describe("adopting grants as mapping proposals", () => {
  it("reads group, project, tag and any-ref patterns back into selectors", () => {
    expect(selectorFromSubPattern("project_path:team/*:ref_type:branch:ref:main")).toEqual({ scope: "group", path: "team", refType: "branch", ref: "main" });
    expect(selectorFromSubPattern("project_path:team/app:ref_type:*:ref:v*")).toEqual({ scope: "project", path: "team/app", refType: "any", ref: "v*" });
  });

  it("refuses to propose a grant without a sub condition, which would admit every project", () => {
    const noSub = { Sid: "Open", Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" } } };
    const result = proposeMappings(policyWith(noSub), PROVIDER_ARN, { audienceFallback: "sts.amazonaws.com" });
    expect(result.proposals).toEqual([]);
    expect(result.unadoptable[0]!.reason).toMatch(/no sub condition/);
  });

  it("proposes one mapping per pattern and explains patterns it cannot express", () => {
    const result = proposeMappings(policyWith(grant(["project_path:team/app:ref_type:branch:ref:main", "project_path:te*:ref_type:branch:ref:main"])), PROVIDER_ARN, { audienceFallback: "x" });
    expect(result.proposals.map((p) => [p.selector.path, p.audience])).toEqual([["team/app", "sts.amazonaws.com"]]);
    expect(result.unadoptable).toHaveLength(1);
  });

  it("ignores grants to another provider", () => {
    expect(proposeMappings(policyWith(grant("project_path:a/b:ref_type:branch:ref:main")), "arn:aws:iam::123456789012:oidc-provider/other.example.com", { audienceFallback: "x" })).toEqual({ proposals: [], unadoptable: [] });
  });
});

describe("drift classification", () => {
  const state = desired([role("deployer", [mapping()])]);
  const actual = (document: string): ActualState => ({
    accounts: { [ACCOUNT_ID]: { accountId: ACCOUNT_ID, provider: { arn: PROVIDER_ARN, clientIds: ["sts.amazonaws.com"] }, roles: { deployer: { name: "deployer", arn: state.roles[0]!.arn, document } } } },
    targets: { "project:team/app": { target: { kind: "project", path: "team/app" }, variables: [] } },
  });

  it("calls a change trustmap never wrote a pending change, not drift", () => {
    const now = actual(policyWith({ Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }));
    const report = detectDrift(plan(state, now), now, { trustPolicies: {}, variables: {} });
    expect(report.drifted).toBe(false);
    expect(new Set(report.items.map((i) => i.kind))).toEqual(new Set(["pending-change"]));
  });

  it("never calls a check in sync when an account could not be read", () => {
    const unread: ActualState = { accounts: { [ACCOUNT_ID]: { accountId: ACCOUNT_ID, provider: null, roles: {}, error: "access denied" } }, targets: actual("").targets };
    const report = detectDrift(plan(state, unread), unread, { trustPolicies: {}, variables: {} });
    expect(report.unchecked).toEqual([expect.stringContaining("could not be read: access denied")]);
    expect(report.inSync).toBe(false);
    expect(driftVerdict(report)).toMatch(/1 part\(s\) NOT checked$/);
  });

  it("calls a variable trustmap wrote and that is now missing a deletion out of band", () => {
    const now = actual(policyWith(grant("x")));
    const report = detectDrift(plan(state, now), now, { trustPolicies: {}, variables: { "variable:project:team/app:ROLE_ARN:*": { value: state.roles[0]!.arn, protected: false } } });
    expect(report.items).toContainEqual(expect.objectContaining({ kind: "variable-deleted" }));
    expect(report.drifted).toBe(true);
  });
});

describe("drift schedule", () => {
  it("turns an interval in minutes into a cron expression", () => {
    expect(cronEvery(15)).toBe("*/15 * * * *");
    expect(cronEvery(120)).toBe("0 */2 * * *");
    expect(cronEvery(1440)).toBe("0 0 * * *");
  });
});
