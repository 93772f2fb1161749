/** The reconciler's pure record-keeping cores: rows → desired state, settings, runs. */
import { describe, expect, it } from "vitest";
import { desiredStateFrom, type DesiredRoleRow } from "@/lib/reconcile/desired-state";
import { lastAppliedFrom, leftOut, operationTarget, planSummary } from "@/lib/reconcile/runs";
import { reconcileSettingsFrom } from "@/lib/reconcile/settings";
import { toPolicyMappings } from "@/lib/reconcile/trust-plan";
import type { Operation, Plan } from "@/lib/reconcile/types";

const ACCOUNT = { accountId: "123456789012", name: "prod", issuerUrl: "https://gitlab.example.com", oidcProviderArn: null, audiences: ["sts.amazonaws.com"], region: "eu-west-1" };
const row = (over: Partial<DesiredRoleRow["mappings"][number]> = {}) => ({
  id: "m1",
  scope: "project" as const,
  gitlabPath: "team/app",
  refType: "branch" as const,
  refPattern: "main",
  environment: null,
  audience: "sts.amazonaws.com",
  protectedRefsOnly: false,
  ...over,
});
const role = (mappings: DesiredRoleRow["mappings"]): DesiredRoleRow => ({ id: "r1", arn: "arn:aws:iam::123456789012:role/deploy", name: "deploy", production: true, trustPolicyQuota: 4096, awsAccount: { accountId: "123456789012" }, mappings });

describe("desiredStateFrom", () => {
  it("keeps only a mapping row's grant columns, derives the provider ARN and adds every mapping's audience to its account", () => {
    const withExtraColumns = { ...row({ audience: "custom-aud" }), status: "approved", justification: "secret reasons" };
    const state = desiredStateFrom({ accounts: [ACCOUNT], roles: [role([withExtraColumns])], roleArnVariable: "ROLE_ARN", writtenTargets: [] });
    expect(state.roles[0]).toEqual({ id: "r1", arn: "arn:aws:iam::123456789012:role/deploy", name: "deploy", accountId: "123456789012", production: true, quota: 4096, mappings: [row({ audience: "custom-aud" })] });
    expect(state.accounts[0]).toMatchObject({ providerArn: "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com", audiences: ["custom-aud", "sts.amazonaws.com"] });
  });

  it("reads the targets trustmap wrote to back from their keys and drops keys that are not targets", () => {
    const state = desiredStateFrom({ accounts: [], roles: [], roleArnVariable: "ROLE_ARN", writtenTargets: ["project:a/b", "group:g", "arn:aws:iam::1:role/x"] });
    expect(state.knownTargets).toEqual([{ kind: "project", path: "a/b" }, { kind: "group", path: "g" }]);
  });

  it("gives the policy compiler the mapping model's selector: the environment only when there is one, and the account's issuer", () => {
    const state = desiredStateFrom({ accounts: [ACCOUNT], roles: [role([row(), row({ id: "m2", scope: "group", gitlabPath: "team", refType: "tag", refPattern: "v*", environment: "prod" })])], roleArnVariable: "ROLE_ARN", writtenTargets: [] });
    expect(toPolicyMappings(state.roles[0]!, state.accounts[0]!)).toEqual([
      { id: "m1", selector: { scope: "project", path: "team/app", refType: "branch", ref: "main" }, audience: "sts.amazonaws.com", providerArn: state.accounts[0]!.providerArn, issuer: "https://gitlab.example.com" },
      { id: "m2", selector: { scope: "group", path: "team", refType: "tag", ref: "v*", environment: "prod" }, audience: "sts.amazonaws.com", providerArn: state.accounts[0]!.providerArn, issuer: "https://gitlab.example.com" },
    ]);
  });
});

describe("reconcileSettingsFrom", () => {
  it("falls back to the defaults for absent or invalid values and accepts 0 (no scheduled drift check)", () => {
    expect(reconcileSettingsFrom([])).toEqual({ roleArnVariable: "ROLE_ARN", driftIntervalMinutes: 60 });
    expect(reconcileSettingsFrom([{ key: "reconcile.roleArnVariable", value: "bad name" }, { key: "reconcile.driftIntervalMinutes", value: 5000 }])).toEqual({ roleArnVariable: "ROLE_ARN", driftIntervalMinutes: 60 });
    expect(reconcileSettingsFrom([{ key: "reconcile.roleArnVariable", value: "AWS_ROLE" }, { key: "reconcile.driftIntervalMinutes", value: 0 }])).toEqual({ roleArnVariable: "AWS_ROLE", driftIntervalMinutes: 0 });
  });
});

describe("run records", () => {
  const target = { kind: "project" as const, path: "team/app" };
  const create: Operation = { kind: "variable.create", key: "variable:project:team/app:ROLE_ARN:*", dependsOn: [], target, variable: { key: "ROLE_ARN", environmentScope: "*", value: "arn", protected: true } };
  const del: Operation = { kind: "variable.delete", key: "variable:project:team/app:OLD:*", dependsOn: [], target, variable: { key: "OLD", environmentScope: "*" }, before: { value: "x", protected: false } };
  const trust: Operation = { kind: "trust-policy.update", key: "trust-policy:arn:r", dependsOn: [], accountId: "123456789012", roleArn: "arn:r", roleName: "r", document: "{}", diff: [], mappingIds: [] };

  it("names each operation's target: the GitLab target key, the role ARN, or the provider", () => {
    expect([create, trust].map(operationTarget)).toEqual(["project:team/app", "arn:r"]);
    expect(operationTarget({ kind: "oidc-provider.create", key: "k", dependsOn: [], accountId: "123456789012", url: "https://gitlab.example.com", clientIds: [] })).toBe("123456789012:https://gitlab.example.com");
  });

  it("folds the latest writes into what trustmap last wrote: documents, values, and null for a deleted variable", () => {
    expect(lastAppliedFrom([create, del, trust])).toEqual({ trustPolicies: { "arn:r": "{}" }, variables: { [create.key]: { value: "arn", protected: true }, [del.key]: null } });
  });

  it("summarises a plan with its hash, the blocking problems' messages and what it could not read", () => {
    const plan = {
      summary: { roles: 1 },
      hash: "h",
      problems: [{ severity: "blocking", code: "c", message: "no" }, { severity: "warning", code: "w", message: "meh" }, { severity: "error", code: "account-unreadable", message: "unread" }],
      unread: [{ kind: "aws-account", ref: "1", message: "unread" }],
    } as unknown as Plan;
    expect(planSummary(plan)).toEqual({ roles: 1, hash: "h", problems: 3, blocking: ["no"], unread: ["unread"] });
    expect(leftOut(plan)).toEqual(["unread", "no"]);
  });
});
