import { describe, expect, it } from "vitest";
import { decodeGitLabIdToken, evaluate, measurePolicySize, type TrustPolicy } from "@/lib/policy";

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

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function jwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64url(claims)}.c2lnbmF0dXJl`;
}
const CLAIMS = { iss: "https://gitlab.example.com", aud: "sts.amazonaws.com", sub: SUB, project_path: "team/app", ref: "main", ref_type: "branch", ref_protected: "true" };

describe("evaluate", () => {
  it("explains which statement, condition and value decided", () => {
    const result = evaluate({ policy: POLICY, claims: CLAIMS, providerArn: PROVIDER });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.decision).toBe("Allow");
    expect(result.decisive).toEqual([0]);
    expect(result.context).toEqual({ "gitlab.example.com:aud": "sts.amazonaws.com", "gitlab.example.com:sub": SUB });
    const [deploy, noTmp, ec2] = result.statements;
    expect(deploy).toMatchObject({ sid: "Deploy", principalMatched: true, actionMatched: true, conditionsMatched: true, applies: true });
    expect(deploy?.conditions).toEqual([
      { operator: "StringEquals", key: "gitlab.example.com:aud", values: ["sts.amazonaws.com"], requestValue: "sts.amazonaws.com", matched: true, outcome: "value-matched", decidingValue: "sts.amazonaws.com" },
      { operator: "StringLike", key: "gitlab.example.com:sub", values: ["project_path:ops/*", "project_path:team/*:ref_type:branch:ref:main"], requestValue: SUB, matched: true, outcome: "value-matched", decidingValue: "project_path:team/*:ref_type:branch:ref:main" },
    ]);
    expect(noTmp).toMatchObject({ applies: false, conditions: [{ matched: false, outcome: "no-value-matched" }] });
    expect(ec2).toMatchObject({ principalMatched: false, actionMatched: false, conditionsMatched: null, applies: false });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("an explicit deny wins", () => {
    const result = evaluate({ policy: POLICY, claims: { ...CLAIMS, sub: "project_path:team/app:ref_type:branch:ref:tmp-1" }, providerArn: PROVIDER });
    expect(result).toMatchObject({ ok: true, decision: "ExplicitDeny", decisive: [1] });
  });

  it("takes a JWT and derives the provider from the policy", () => {
    const result = evaluate({ policy: POLICY, token: jwt(CLAIMS) });
    expect(result).toMatchObject({ ok: true, decision: "Allow", providerArn: PROVIDER });
  });

  it("derives the provider from iss and the account id", () => {
    const result = evaluate({ policy: POLICY, claims: CLAIMS, accountId: "999999999999" });
    expect(result).toMatchObject({ ok: true, decision: "ImplicitDeny", providerArn: "arn:aws:iam::999999999999:oidc-provider/gitlab.example.com" });
  });

  it("asks for a provider when the policy trusts several for the token's issuer", () => {
    const other = "arn:aws:iam::999999999999:oidc-provider/gitlab.example.com";
    const twoAccounts = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: [PROVIDER, other] }, Action: "sts:AssumeRoleWithWebIdentity" }] };
    expect(evaluate({ policy: twoAccounts, claims: CLAIMS })).toMatchObject({ ok: false, error: { code: "PROVIDER_REQUIRED" } });
    expect(evaluate({ policy: POLICY, claims: CLAIMS, providerArn: "arn:aws:iam::123456789012:role/x" })).toMatchObject({ ok: false, error: { code: "INVALID_PROVIDER_ARN" } });
    expect(evaluate({ policy: POLICY })).toMatchObject({ ok: false, error: { code: "MISSING_CLAIMS" } });
  });

  describe("a policy that trusts no OIDC provider for the token's issuer is AWS's deny, explained", () => {
    const fromGitLabCom = { ...CLAIMS, iss: "https://gitlab.com" };
    it.each([
      ["the policy's provider is for another issuer", POLICY, fromGitLabCom, "ImplicitDeny", /No statement trusts an OIDC provider for the token's issuer 'gitlab.com' \(it trusts arn:aws:iam::123456789012:oidc-provider\/gitlab.example.com\): AWS denies this token/],
      ["the policy trusts no OIDC provider at all", { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }, CLAIMS, "ImplicitDeny", /it trusts no OIDC provider at all/],
      ["a statement trusts every principal, conditioned on the issuer's sub", { Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "gitlab.com:sub": "project_path:team/*" } } }] }, fromGitLabCom, "Allow", /a statement that trusts every principal decided/],
      ["a NotPrincipal naming another provider", { Statement: [{ Effect: "Deny", NotPrincipal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }, { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" }] }, fromGitLabCom, "ExplicitDeny", /issuer 'gitlab.com'/],
    ] as const)("%s", (_name, policy, claims, decision, warning) => {
      const result = evaluate({ policy, claims });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.decision).toBe(decision);
      expect(result.providerArn).toBeNull();
      expect(result.warnings).toEqual([expect.stringMatching(warning)]);
      // The keys are the token's issuer's: a statement conditioned on them is judged, not skipped.
      expect(result.context).toMatchObject({ [`${new URL(claims.iss).host}:sub`]: claims.sub });
    });

    it("a token without iss is denied before any statement is evaluated (STS rejects it)", () => {
      const { iss: _iss, ...noIss } = CLAIMS;
      void _iss;
      const result = evaluate({ policy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRoleWithWebIdentity" }] }, claims: noIss });
      expect(result).toMatchObject({ ok: true, decision: "ImplicitDeny", providerArn: null, statements: [], decisive: [], warnings: [expect.stringMatching(/no iss claim: STS rejects it/)] });
    });
  });

  it("warns when the token's issuer is not the provider's", () => {
    const result = evaluate({ policy: POLICY, claims: { ...CLAIMS, iss: "https://gitlab.com" }, providerArn: PROVIDER });
    expect(result.ok && result.warnings[0]).toContain("InvalidIdentityToken");
  });

  it("does not turn other claims into condition keys", () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:ref_protected": "true" } } }] };
    const result = evaluate({ policy, claims: CLAIMS, providerArn: PROVIDER });
    expect(result).toMatchObject({ ok: true, decision: "ImplicitDeny", statements: [{ conditions: [{ outcome: "missing-key", requestValue: null }] }] });
  });

  it("returns typed errors for an invalid policy", () => {
    expect(evaluate({ policy: "{", claims: CLAIMS, providerArn: PROVIDER })).toMatchObject({ ok: false, error: { code: "INVALID_POLICY" } });
  });

  it("treats unknown operators on present keys as not matching, and says so", () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }] };
    const result = evaluate({ policy, claims: CLAIMS, providerArn: PROVIDER, context: { "aws:SourceIp": "203.0.113.7" } });
    expect(result).toMatchObject({ ok: true, decision: "ImplicitDeny", statements: [{ conditions: [{ outcome: "unsupported-operator" }] }] });
  });
});

describe("decodeGitLabIdToken", () => {
  it("decodes header and claims without checking the signature", () => {
    expect(decodeGitLabIdToken(jwt(CLAIMS))).toEqual({ ok: true, header: { alg: "RS256", kid: "k1", typ: "JWT" }, claims: CLAIMS });
  });

  it("decodes UTF-8 claims", () => {
    const result = decodeGitLabIdToken(`${b64url({ alg: "none" })}.${btoa(String.fromCharCode(...new TextEncoder().encode('{"user_login":"jürgen"}'))).replace(/=+$/, "")}.`);
    expect(result).toMatchObject({ ok: true, claims: { user_login: "jürgen" } });
  });

  it.each([
    ["two parts", "abc.def", "three base64url parts"],
    ["four parts", "a.b.c.d", "three base64url parts"],
    ["not base64url", "a+b.c.d", "header is not base64url"],
    ["header not JSON", `${btoa("nope").replace(/=+$/, "")}.${b64url({})}.x`, "header is not JSON"],
    ["payload an array", `${b64url({ alg: "RS256" })}.${b64url([1])}.x`, "payload is not a JSON object"],
    ["bad signature characters", `${b64url({ alg: "RS256" })}.${b64url({})}.a/b`, "signature is not base64url"],
  ])("rejects %s", (_name, token, message) => {
    const result = decodeGitLabIdToken(token);
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_JWT" } });
    expect(!result.ok && result.error.message).toContain(message);
  });
});

describe("measurePolicySize", () => {
  it("counts the minified JSON, so whitespace between tokens does not count", () => {
    const pretty = JSON.stringify(POLICY, null, 2);
    const size = measurePolicySize(pretty);
    expect(size).toEqual({ ok: true, size: JSON.stringify(POLICY).length });
    expect(measurePolicySize(encodeURIComponent(pretty))).toEqual(size);
  });

  it("counts code points and spaces inside strings", () => {
    const policy = { Statement: { Sid: "x", Effect: "Allow", Principal: "*", Action: "sts:*", Condition: { StringEquals: { "a:b": "a b 😀" } } } };
    expect(measurePolicySize(policy)).toEqual({ ok: true, size: [...JSON.stringify(policy)].length });
  });

  it("returns a typed error for an invalid policy", () => {
    expect(measurePolicySize({ Statement: [] })).toMatchObject({ ok: false, error: { code: "INVALID_POLICY" } });
  });
});
