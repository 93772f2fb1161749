import { describe, expect, it } from "vitest";
import { buildSubject, combineDecisions, evaluateTokenAgainstRoles, type RoleOutcome, type SubClaimComponent, type TrustPolicy } from "@/lib/policy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const SUB = "project_path:team/app:ref_type:branch:ref:main";

const POLICY: TrustPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Deploy",
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "gitlab.example.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.example.com:sub": ["project_path:ops/*", "project_path:team/*:ref_type:branch:ref:main"] } },
    },
    { Sid: "NoTmp", Effect: "Deny", Principal: "*", Action: "sts:*", Condition: { StringLike: { "gitlab.example.com:sub": "*:ref:tmp-*" } } },
    { Sid: "Ec2", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

/** The sids (or `#index`) of the statements that decided one evaluated role. */
function decidedBy(outcome: RoleOutcome<unknown> | undefined): string[] {
  if (outcome?.status !== "evaluated") throw new Error(`not evaluated: ${JSON.stringify(outcome)}`);
  const { explanation } = outcome.results[0]!;
  return explanation.decisive.map((i) => explanation.statements[i]?.sid ?? `#${i}`);
}

describe("evaluateTokenAgainstRoles", () => {
  it("answers per project and ref, with sub built from each project's components (formerly whoCanAssume)", () => {
    const jobs: { projectPath: string; refType: "branch" | "tag"; ref: string; components?: SubClaimComponent[] }[] = [
      { projectPath: "team/app", refType: "branch", ref: "main" },
      { projectPath: "team/app", refType: "tag", ref: "main" },
      { projectPath: "team-evil/app", refType: "branch", ref: "main" },
      { projectPath: "ops/tools", refType: "tag", ref: "v1", components: ["project_path", "ref"] },
      { projectPath: "team/app", refType: "branch", ref: "tmp-1" },
    ];
    const verdicts = jobs.map((job) => {
      const sub = buildSubject(job, job.components);
      const judged = evaluateTokenAgainstRoles({ sub, aud: "sts.amazonaws.com" }, [{ key: "deploy", policy: POLICY, providerArn: PROVIDER }]);
      return [sub, judged.decision, decidedBy(judged.roles[0])];
    });
    expect(verdicts).toEqual([
      [SUB, "Allow", ["Deploy"]],
      ["project_path:team/app:ref_type:tag:ref:main", "ImplicitDeny", []],
      ["project_path:team-evil/app:ref_type:branch:ref:main", "ImplicitDeny", []],
      ["project_path:ops/tools:ref:v1", "Allow", ["Deploy"]],
      ["project_path:team/app:ref_type:branch:ref:tmp-1", "ExplicitDeny", ["NoTmp"]],
    ]);
  });

  it("judges each role on its own policy and provider, in input order, and any Allow wins across roles", () => {
    const other = "arn:aws:iam::123456789012:oidc-provider/other.example.com";
    const judged = evaluateTokenAgainstRoles({ sub: SUB, aud: "sts.amazonaws.com" }, [
      { key: "through-another-provider", policy: POLICY, providerArn: other },
      { key: "deploy", policy: JSON.stringify(POLICY), providerArn: PROVIDER },
    ]);
    expect(judged.roles.map((r) => [r.key, r.status === "evaluated" ? r.results[0]!.explanation.decision : r.status])).toEqual([
      ["through-another-provider", "ImplicitDeny"],
      ["deploy", "Allow"],
    ]);
    expect(judged.decision).toBe("Allow");
  });

  it("never evaluates a role whose policy is unknown, and reports a bad policy or provider as a typed error", () => {
    const judged = evaluateTokenAgainstRoles({ sub: SUB, aud: "sts.amazonaws.com" }, [
      { key: "not-read", policy: null, providerArn: PROVIDER },
      { key: "broken", policy: { Statement: [{ Effect: "Maybe" }] }, providerArn: PROVIDER },
      { key: "bad-provider", policy: POLICY, providerArn: "arn:aws:iam::123456789012:role/x" },
    ]);
    expect(judged.roles).toMatchObject([
      { key: "not-read", status: "unknown-policy" },
      { key: "broken", status: "error", error: { code: "INVALID_POLICY" } },
      { key: "bad-provider", status: "error", error: { code: "INVALID_PROVIDER_ARN" } },
    ]);
    expect(judged.decision).toBe("ImplicitDeny");
  });

  it("tries every listed audience in place of the token's own", () => {
    const judged = evaluateTokenAgainstRoles({ sub: SUB, aud: "ignored" }, [{ key: "deploy", policy: POLICY, providerArn: PROVIDER, audiences: ["https://gitlab.example.com", "sts.amazonaws.com"] }]);
    const outcome = judged.roles[0];
    if (outcome?.status !== "evaluated") throw new Error("not evaluated");
    expect(outcome.results.map((r) => [r.audience, r.explanation.decision])).toEqual([
      ["https://gitlab.example.com", "ImplicitDeny"],
      ["sts.amazonaws.com", "Allow"],
    ]);
    expect(judged.decision).toBe("Allow");
  });
});

describe("combineDecisions", () => {
  it.each([
    [[], "ImplicitDeny"],
    [["ImplicitDeny", "Allow", "ExplicitDeny"], "Allow"],
    [["ExplicitDeny", "ExplicitDeny"], "ExplicitDeny"],
    [["ExplicitDeny", "ImplicitDeny"], "ImplicitDeny"],
  ] as const)("%j → %s", (decisions, combined) => {
    expect(combineDecisions(decisions)).toBe(combined);
  });
});
