import { describe, expect, it } from "vitest";
import { buildSubject, combineDecisions, evaluateTokenAgainstRoles, notJudgedReason, policyToJudge, type RoleOutcome, type SubClaimComponent, type TrustPolicy } from "@/lib/policy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const SUB = "project_path:team/app:ref_type:branch:ref:main";
const READ_AT = new Date("2026-01-02T03:04:05Z");
/** A role's trust policy as read from IAM. */
const read = (policy: unknown) => ({ actualTrustPolicy: policy, actualFetchedAt: READ_AT });

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
      const judged = evaluateTokenAgainstRoles({ sub, aud: "sts.amazonaws.com" }, [{ key: "deploy", stored: read(POLICY), providerArn: PROVIDER }]);
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
      { key: "through-another-provider", stored: read(POLICY), providerArn: other },
      { key: "deploy", stored: read(JSON.stringify(POLICY)), providerArn: PROVIDER },
    ]);
    expect(judged.roles.map((r) => [r.key, r.status === "evaluated" ? r.results[0]!.explanation.decision : r.status])).toEqual([
      ["through-another-provider", "ImplicitDeny"],
      ["deploy", "Allow"],
    ]);
    expect(judged.decision).toBe("Allow");
  });

  it("never evaluates a role whose policy is unknown, and reports a bad policy or provider as a typed error", () => {
    const judged = evaluateTokenAgainstRoles({ sub: SUB, aud: "sts.amazonaws.com" }, [
      { key: "not-read", stored: { actualTrustPolicy: null, actualFetchedAt: null }, providerArn: PROVIDER },
      { key: "broken", stored: read({ Statement: [{ Effect: "Maybe" }] }), providerArn: PROVIDER },
      { key: "bad-provider", stored: read(POLICY), providerArn: "arn:aws:iam::123456789012:role/x" },
    ]);
    expect(judged.roles).toMatchObject([
      { key: "not-read", status: "unknown-policy", why: "not-read" },
      { key: "broken", status: "error", error: { code: "INVALID_POLICY" } },
      { key: "bad-provider", status: "error", error: { code: "INVALID_PROVIDER_ARN" } },
    ]);
    expect(judged.decision).toBe("NotEvaluated");
  });

  it("a deny from the roles judged stands beside a role not read; NotEvaluated only when nothing was judged", () => {
    const notRead = { key: "not-read", stored: { actualTrustPolicy: null, actualFetchedAt: null }, providerArn: PROVIDER };
    const denying = { key: "deploy", stored: read(POLICY), providerArn: PROVIDER };
    expect(evaluateTokenAgainstRoles({ sub: "project_path:x/y:ref_type:branch:ref:main", aud: "sts.amazonaws.com" }, [notRead, denying]).decision).toBe("ImplicitDeny");
    expect(evaluateTokenAgainstRoles({ sub: SUB, aud: "sts.amazonaws.com" }, [notRead]).decision).toBe("NotEvaluated");
    expect(evaluateTokenAgainstRoles({ sub: SUB, aud: "sts.amazonaws.com" }, []).decision).toBe("NotEvaluated");
  });

  it("tries every listed audience in place of the token's own", () => {
    const judged = evaluateTokenAgainstRoles({ sub: SUB, aud: "ignored" }, [{ key: "deploy", stored: read(POLICY), providerArn: PROVIDER, audiences: ["https://gitlab.example.com", "sts.amazonaws.com"] }]);
    const outcome = judged.roles[0];
    if (outcome?.status !== "evaluated") throw new Error("not evaluated");
    expect(outcome.results.map((r) => [r.audience, r.explanation.decision])).toEqual([
      ["https://gitlab.example.com", "ImplicitDeny"],
      ["sts.amazonaws.com", "Allow"],
    ]);
    expect(judged.decision).toBe("Allow");
  });
});

describe("policyToJudge: the one rule for which policy a role is judged on", () => {
  it.each([
    ["read from IAM: the actual policy", { actualTrustPolicy: POLICY, actualFetchedAt: READ_AT }, { judged: "actual", policy: POLICY }],
    ["never read: not judged", { actualTrustPolicy: null, actualFetchedAt: null }, { judged: null, why: "not-read" }],
    ["read, and absent from IAM: not judged", { actualTrustPolicy: null, actualFetchedAt: READ_AT }, { judged: null, why: "absent-from-iam" }],
  ] as const)("%s", (_name, stored, expected) => {
    expect(policyToJudge(stored)).toEqual(expected);
  });

  it("explains, in words, why a role was not judged", () => {
    expect(notJudgedReason("not-read")).toMatch(/not been read from IAM/);
    expect(notJudgedReason("absent-from-iam")).toMatch(/did not exist in IAM/);
  });
});

describe("combineDecisions", () => {
  it.each([
    [[], "NotEvaluated"],
    [["ImplicitDeny", "Allow", "ExplicitDeny"], "Allow"],
    [["ExplicitDeny", "ExplicitDeny"], "ExplicitDeny"],
    [["ExplicitDeny", "ImplicitDeny"], "ImplicitDeny"],
  ] as const)("%j → %s", (decisions, combined) => {
    expect(combineDecisions(decisions)).toBe(combined);
  });
});
