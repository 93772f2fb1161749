import { describe, expect, it } from "vitest";
import { compileTrustPolicy, managedSid } from "@/lib/policy";
import { plan } from "@/lib/reconcile/plan";
import { leftOut } from "@/lib/reconcile/runs";
import { toPolicyMappings } from "@/lib/reconcile/trust-plan";
import { MANAGED_VARIABLE_DESCRIPTION, type ActualState, type ActualVariable, type DesiredState, type Operation } from "@/lib/reconcile/types";
import { ACCOUNT_ID, FOREIGN_STATEMENT, PROVIDER_ARN, account, desired, mapping, policyWith, role } from "./fixtures";

function actual(roles: Record<string, string>, targets: Record<string, ActualVariable[] | null> = {}, provider: ActualState["accounts"][string]["provider"] = { arn: PROVIDER_ARN, clientIds: ["sts.amazonaws.com"] }): ActualState {
  return {
    accounts: { [ACCOUNT_ID]: { accountId: ACCOUNT_ID, provider, roles: Object.fromEntries(Object.entries(roles).map(([name, document]) => [name, { name, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`, document }])) } },
    targets: Object.fromEntries(
      Object.entries(targets).map(([key, variables]) => {
        const [kind, path] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
        return [key, { target: { kind: kind as "project" | "group", path }, variables }];
      }),
    ),
  };
}

function variable(key: string, value: string, overrides: Partial<ActualVariable> = {}): ActualVariable {
  return { key, value, environmentScope: "*", protected: false, masked: false, description: MANAGED_VARIABLE_DESCRIPTION, ...overrides };
}

/** The document trustmap would write for the desired state's role against `existing`. */
function compiled(state: DesiredState, roleIndex: number, existing: string): string {
  const r = state.roles[roleIndex]!;
  const result = compileTrustPolicy({ mappings: toPolicyMappings(r, state.accounts[0]!), existing, quota: r.quota });
  if (!result.ok) throw new Error(result.error.message);
  return result.json;
}

const kinds = (ops: Operation[]) => ops.map((op) => op.kind);

describe("plan from an empty actual state", () => {
  const state = desired([role("deployer", [mapping({ gitlabPath: "team/app" })])]);
  const result = plan(state, actual({ deployer: policyWith(FOREIGN_STATEMENT) }, { "project:team/app": [] }, null));

  it("orders provider, trust policy, then variables", () => {
    expect(kinds(result.operations)).toEqual(["oidc-provider.create", "trust-policy.update", "variable.create", "variable.create"]);
    expect(result.unread).toEqual([]);
    expect(leftOut(result)).toEqual([]);
  });

  it("makes the trust policy wait for the provider and the ROLE_ARN variable wait for the trust policy", () => {
    const [provider, trust, ...vars] = result.operations;
    expect(trust!.dependsOn).toEqual([provider!.key]);
    const roleArn = vars.find((op) => op.kind === "variable.create" && op.variable.key === "ROLE_ARN")!;
    const region = vars.find((op) => op.kind === "variable.create" && op.variable.key === "AWS_REGION")!;
    expect(roleArn.dependsOn).toEqual([trust!.key]);
    expect(region.dependsOn).toEqual([]);
  });

  it("sets ROLE_ARN to the role ARN and AWS_REGION to the account region, unprotected, at scope *", () => {
    const vars = result.operations.filter((op) => op.kind === "variable.create");
    expect(vars.map((op) => op.kind === "variable.create" && op.variable)).toEqual([
      { key: "AWS_REGION", environmentScope: "*", value: "eu-west-1", protected: false },
      { key: "ROLE_ARN", environmentScope: "*", value: `arn:aws:iam::${ACCOUNT_ID}:role/deployer`, protected: false },
    ]);
  });

  it("keeps the foreign statement verbatim and shows only the managed statement in the diff", () => {
    const trust = result.operations.find((op) => op.kind === "trust-policy.update");
    if (trust?.kind !== "trust-policy.update") throw new Error("no trust policy update");
    const written = JSON.parse(trust.document) as { Statement: object[] };
    expect(written.Statement[0]).toEqual(FOREIGN_STATEMENT);
    expect(trust.diff).toHaveLength(1);
    expect(trust.diff[0]!.sid).toBe(managedSid(PROVIDER_ARN, "sts.amazonaws.com"));
    expect(trust.diff[0]!.before).toBeNull();
    expect(trust.diff[0]!.changes.map((c) => c.path)).toContain("Condition.StringLike.gitlab.example.com:sub");
    expect(result.foreignStatements).toMatchObject([{ sid: "Ec2", widensAccess: false }]);
  });

  it("gives each target a CI snippet with the id token audience", () => {
    expect(result.ciSnippets).toHaveLength(1);
    expect(result.ciSnippets[0]!.yaml).toContain("aud: sts.amazonaws.com");
    expect(result.ciSnippets[0]!.yaml).toContain("      role_arn = $ROLE_ARN\n");
    expect(result.ciSnippets[0]!.yaml).toContain("      web_identity_token_file = $aws_dir/GITLAB_OIDC_TOKEN\n");
  });
});

describe("plan against an actual state that already matches", () => {
  it("has no operation and the same hash every time", () => {
    const state = desired([role("deployer", [mapping({ gitlabPath: "team/app" })])]);
    const doc = compiled(state, 0, policyWith(FOREIGN_STATEMENT));
    const now = actual({ deployer: doc }, { "project:team/app": [variable("ROLE_ARN", state.roles[0]!.arn), variable("AWS_REGION", "eu-west-1")] });
    const first = plan(state, now);
    expect(first.operations).toEqual([]);
    expect(first.hash).toBe(plan(state, now).hash);
  });

  it("ignores whitespace and key order of the stored document", () => {
    const state = desired([role("deployer", [mapping()])]);
    const doc = JSON.parse(compiled(state, 0, policyWith(FOREIGN_STATEMENT))) as Record<string, unknown>;
    const reordered = JSON.stringify({ Statement: doc.Statement, Version: doc.Version }, null, 2);
    expect(plan(state, actual({ deployer: reordered }, { "project:team/app": [variable("ROLE_ARN", state.roles[0]!.arn), variable("AWS_REGION", "eu-west-1")] })).operations).toEqual([]);
  });
});

describe("trust policy drift", () => {
  it("reverts an out-of-band edit of the managed statement and shows the changed pattern", () => {
    const state = desired([role("deployer", [mapping({ gitlabPath: "team/app" })])]);
    const edited = compiled(state, 0, policyWith(FOREIGN_STATEMENT)).replace("project_path:team/app:", "project_path:team/*:");
    const result = plan(state, actual({ deployer: edited }, { "project:team/app": [variable("ROLE_ARN", state.roles[0]!.arn), variable("AWS_REGION", "eu-west-1")] }));
    expect(kinds(result.operations)).toEqual(["trust-policy.update"]);
    const op = result.operations[0]!;
    if (op.kind !== "trust-policy.update") throw new Error("unexpected");
    expect(op.diff[0]!.changes).toEqual([
      { path: "Condition.StringLike.gitlab.example.com:sub", before: "project_path:team/*:ref_type:branch:ref:main", after: "project_path:team/app:ref_type:branch:ref:main" },
    ]);
  });

  it("lists a foreign statement that trusts any GitLab project as widening access, and never rewrites it", () => {
    const wide = { Sid: "Legacy", Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" } } };
    const state = desired([role("deployer", [mapping()])]);
    const result = plan(state, actual({ deployer: policyWith(wide) }, { "project:team/app": [] }));
    expect(result.foreignStatements).toMatchObject([{ sid: "Legacy", widensAccess: true }]);
    expect(result.foreignStatements[0]!.findings.map((f) => f.code)).toContain("no-sub-condition");
    const op = result.operations.find((o) => o.kind === "trust-policy.update");
    if (op?.kind !== "trust-policy.update") throw new Error("no update");
    expect((JSON.parse(op.document) as { Statement: object[] }).Statement[0]).toEqual(wide);
  });

  it("reports a registered role that no longer exists in IAM, and plans nothing for it: no trust policy, no ROLE_ARN or AWS_REGION variable", () => {
    const result = plan(desired([role("gone", [mapping()])]), actual({}, { "project:team/app": [] }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "role-missing", severity: "error" }));
    expect(result.operations).toEqual([]);
    expect(leftOut(result)).toEqual([]);
  });
});

describe("roles held back (a blocking problem leaves that role out, the rest is planned)", () => {
  it("holds back a role whose trust policy would exceed its quota, naming the overflow, and writes none of its variables", () => {
    const many = Array.from({ length: 40 }, (_, i) => mapping({ gitlabPath: `team/service-with-a-long-name-${i}` }));
    const result = plan(desired([role("big", many)]), actual({ big: policyWith(FOREIGN_STATEMENT) }, Object.fromEntries(many.map((m) => [`project:${m.gitlabPath}`, []]))));
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: "blocking", code: "over-quota", message: expect.stringMatching(/over the 2048-character quota/) }));
    expect(result.operations).toEqual([]);
    expect(leftOut(result)).toEqual([expect.stringMatching(/^Role big: .*over the 2048-character quota/)]);
  });

  it("never removes the last statement of a role whose mappings were all revoked: that role is held back", () => {
    const state = desired([role("deployer", [mapping()])]);
    const managedOnly = compiled(state, 0, "");
    const revoked = desired([role("deployer", [])]);
    const result = plan(revoked, actual({ deployer: managedOnly }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "empty-policy", severity: "blocking" }));
    expect(result.operations).toEqual([]);
    expect(leftOut(result)).toHaveLength(1);
  });

  it("removes the managed statement of a revoked role that keeps a foreign statement", () => {
    const state = desired([role("deployer", [mapping()])]);
    const before = compiled(state, 0, policyWith(FOREIGN_STATEMENT));
    const result = plan(desired([role("deployer", [])]), actual({ deployer: before }));
    const op = result.operations.find((o) => o.kind === "trust-policy.update");
    if (op?.kind !== "trust-policy.update") throw new Error("no update");
    expect(JSON.parse(op.document)).toEqual({ Version: "2012-10-17", Statement: [FOREIGN_STATEMENT] });
    expect(op.diff[0]!.after).toBeNull();
  });
});

describe("variables", () => {
  it("never picks between two approved mappings that want different role ARNs on one target and scope", () => {
    const state = desired([role("a", [mapping({ gitlabPath: "team/app" })]), role("b", [mapping({ gitlabPath: "team/app" })])]);
    const result = plan(state, actual({ a: policyWith(FOREIGN_STATEMENT), b: policyWith(FOREIGN_STATEMENT) }, { "project:team/app": [] }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "variable-conflict", variableKey: "ROLE_ARN", severity: "error" }));
    const vars = result.operations.filter((op) => op.kind === "variable.create");
    expect(vars.map((op) => op.kind === "variable.create" && op.variable.key)).toEqual(["AWS_REGION"]);
  });

  it("does not overwrite a variable with the same key and scope that trustmap does not own", () => {
    const state = desired([role("a", [mapping()])]);
    const foreign = variable("ROLE_ARN", "arn:aws:iam::999999999999:role/theirs", { description: null });
    const other = variable("DEPLOY_TOKEN", "x", { description: "ops" });
    const result = plan(state, actual({ a: compiled(state, 0, policyWith(FOREIGN_STATEMENT)) }, { "project:team/app": [foreign, other, variable("AWS_REGION", "eu-west-1")] }));
    expect(result.operations).toEqual([]);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "foreign-variable-conflict", variableKey: "ROLE_ARN" }));
    expect(result.foreignVariables).toEqual([{ target: { kind: "project", path: "team/app" }, key: "DEPLOY_TOKEN", environmentScope: "*" }]);
  });

  it("updates an owned variable edited out of band and deletes owned variables no mapping wants", () => {
    const state = desired([role("a", [mapping()])], { knownTargets: [{ kind: "group", path: "old" }] });
    const result = plan(state, actual({ a: compiled(state, 0, policyWith(FOREIGN_STATEMENT)) }, {
      "project:team/app": [variable("ROLE_ARN", "arn:aws:iam::123456789012:role/tampered"), variable("AWS_REGION", "eu-west-1")],
      "group:old": [variable("ROLE_ARN", "arn:aws:iam::123456789012:role/a")],
    }));
    expect(result.operations.map((op) => [op.kind, op.key])).toEqual([
      ["variable.update", "variable:project:team/app:ROLE_ARN:*"],
      ["variable.delete", "variable:group:old:ROLE_ARN:*"],
    ]);
  });

  it("uses the mapping's environment as scope, the configured variable name, and protects only when every mapping is limited to protected refs", () => {
    const state = desired(
      [role("a", [mapping({ environment: "production", protectedRefsOnly: true }), mapping({ environment: "production", refPattern: "release/*", protectedRefsOnly: true }), mapping({ environment: "staging", protectedRefsOnly: true }), mapping({ environment: "staging", refPattern: "dev" })])],
      { roleArnVariable: "DEPLOY_ROLE" },
    );
    const result = plan(state, actual({ a: policyWith(FOREIGN_STATEMENT) }, { "project:team/app": [] }));
    const roleVars = result.operations.flatMap((op) => (op.kind === "variable.create" && op.variable.key === "DEPLOY_ROLE" ? [op.variable] : []));
    expect(roleVars.map((v) => [v.environmentScope, v.protected])).toEqual([["production", true], ["staging", false]]);
    expect(result.ciSnippets.find((s) => s.environmentScope === "production")!.yaml).toContain("environment: production");
    expect(result.ciSnippets.find((s) => s.environmentScope === "production")!.yaml).toContain("      role_arn = $DEPLOY_ROLE\n");
  });

  it("reports a deleted project instead of writing to it", () => {
    const result = plan(desired([role("a", [mapping()])]), actual({ a: policyWith(FOREIGN_STATEMENT) }, { "project:team/app": null }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "target-missing" }));
    expect(result.operations.some((op) => op.kind.startsWith("variable."))).toBe(false);
  });
});

describe("OIDC provider", () => {
  it("adds a missing audience to an existing provider instead of creating one", () => {
    const state = desired([role("a", [mapping()])], { accounts: [account({ audiences: ["sts.amazonaws.com", "https://gitlab.example.com"] })] });
    const result = plan(state, actual({ a: policyWith(FOREIGN_STATEMENT) }, { "project:team/app": [] }));
    expect(result.operations.filter((op) => op.kind.startsWith("oidc-provider"))).toEqual([
      expect.objectContaining({ kind: "oidc-provider.add-client-id", clientId: "https://gitlab.example.com", providerArn: PROVIDER_ARN }),
    ]);
  });

  it("plans nothing for an account that could not be read", () => {
    const state = desired([role("a", [mapping()])]);
    const now = actual({}, { "project:team/app": [] });
    now.accounts[ACCOUNT_ID]!.error = "no credentials";
    const result = plan(state, now);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "account-unreadable" }));
    expect(result.operations.some((op) => op.kind === "trust-policy.update" || op.kind.startsWith("oidc"))).toBe(false);
  });
});

describe("a plan never refuses as a whole: what can be planned is planned, what could not be read is named", () => {
  const EMPTY = JSON.stringify({ Version: "2012-10-17", Statement: [] });
  const targets = { "project:team/app": [], "project:team/other": [] };

  it("one role whose trust policy cannot be parsed blocks only itself: named as unread, no variable for it, the other role planned in full", () => {
    const state = desired([role("broken", [mapping({ gitlabPath: "team/app" })]), role("fine", [mapping({ gitlabPath: "team/other" })])]);
    const result = plan(state, actual({ broken: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Maybe" }] }), fine: policyWith(FOREIGN_STATEMENT) }, targets));
    expect(result.unread).toEqual([{ kind: "trust-policy", ref: state.roles[0]!.arn, message: expect.stringMatching(/^Role broken: /) }]);
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "unreadable-policy", severity: "blocking", roleArn: state.roles[0]!.arn }));
    expect(result.operations.map((op) => op.key)).toEqual([
      `trust-policy:${state.roles[1]!.arn}`,
      "variable:project:team/other:AWS_REGION:*",
      "variable:project:team/other:ROLE_ARN:*",
    ]);
  });

  it("a role created as the README's sandbox recipe does (\"Statement\":[]) is planned as a new role, and blocks nothing while it has no mapping", () => {
    const waiting = plan(desired([role("fresh", []), role("fine", [mapping()])]), actual({ fresh: EMPTY, fine: policyWith(FOREIGN_STATEMENT) }, targets));
    expect(waiting.problems.filter((p) => p.severity !== "warning")).toEqual([]);
    expect(kinds(waiting.operations)).toEqual(["trust-policy.update", "variable.create", "variable.create"]);

    const state = desired([role("fresh", [mapping()])]);
    const mapped = plan(state, actual({ fresh: EMPTY }, targets));
    expect(kinds(mapped.operations)).toEqual(["trust-policy.update", "variable.create", "variable.create"]);
    const op = mapped.operations[0]!;
    if (op.kind !== "trust-policy.update") throw new Error("no update");
    expect(op.document).toBe(compiled(state, 0, ""));
    expect(leftOut(mapped)).toEqual([]);
  });

  it("writes no ROLE_ARN for a role missing from IAM, and leaves the variables it owns there (they are not deleted while the role is missing)", () => {
    const state = desired([role("gone", [mapping()])]);
    const result = plan(state, actual({}, { "project:team/app": [variable("ROLE_ARN", state.roles[0]!.arn), variable("AWS_REGION", "eu-west-1", { value: "us-east-1" })] }));
    expect(result.operations).toEqual([]);
  });

  it("an AWS account that could not be read: its roles get no variables, another account's role is planned", () => {
    const other = account({ accountId: "210987654321", name: "other", providerArn: "arn:aws:iam::210987654321:oidc-provider/gitlab.example.com" });
    const state = desired([role("a", [mapping({ gitlabPath: "team/app" })]), role("b", [mapping({ gitlabPath: "team/other" })], { accountId: other.accountId, arn: "arn:aws:iam::210987654321:role/b" })], { accounts: [account(), other] });
    const now = actual({ a: policyWith(FOREIGN_STATEMENT) }, targets);
    now.accounts[other.accountId] = { accountId: other.accountId, roles: {}, provider: null, error: "no credentials" };
    const result = plan(state, now);
    expect(result.unread).toEqual([{ kind: "aws-account", ref: other.accountId, message: expect.stringContaining("no credentials") }]);
    expect(result.operations.map((op) => op.key)).toEqual([`trust-policy:${state.roles[0]!.arn}`, "variable:project:team/app:AWS_REGION:*", "variable:project:team/app:ROLE_ARN:*"]);
  });

  it("a mapping the compiler refuses holds back its role only; a shared AWS_REGION is still written for the role that is in place", () => {
    const state = desired([role("bad", [mapping({ gitlabPath: "*/app" })]), role("good", [mapping({ gitlabPath: "team/app", environment: "production" })])]);
    const result = plan(state, actual({ bad: policyWith(FOREIGN_STATEMENT), good: policyWith(FOREIGN_STATEMENT) }, { ...targets, "project:*/app": [] }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: "invalid-mappings", severity: "blocking", roleArn: state.roles[0]!.arn }));
    expect(result.operations.map((op) => op.key)).toEqual([
      `trust-policy:${state.roles[1]!.arn}`,
      "variable:project:team/app:AWS_REGION:production",
      "variable:project:team/app:ROLE_ARN:production",
    ]);
  });
});
