/**
 * The Simulator's input limits: large enough for any token STS and any trust policy IAM accepts,
 * small enough that the policy engine's O(pattern × value) matching answers in seconds, not hours.
 */
import { describe, expect, it } from "vitest";
import { SIMULATE_LIMITS, ZRunSimulationInput, ZSimulateInput } from "@/lib/schemas/simulate";
import { simulateInlinePolicy } from "@/lib/simulate/simulate";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com";
const ISS = "https://gitlab.example.com";
const policyOf = (subs: string[]) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "gitlab.example.com:sub": subs } } }],
});
/** A policy of exactly `size` characters as IAM counts them (no whitespace anywhere). */
function policyOfSize(size: number) {
  const base = JSON.stringify(policyOf([""])).length;
  return policyOf(["project_path:team/" + "x".repeat(size - base - "project_path:team/".length)]);
}
const jwt = (payload: object) => `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
const issues = (input: unknown) => ZSimulateInput.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("POST /api/v1/simulate input limits", () => {
  it("takes a trust policy of the most characters IAM accepts, even pretty-printed", () => {
    const policy = policyOfSize(SIMULATE_LIMITS.policyChars);
    expect(JSON.stringify(policy).length).toBe(8_192);
    expect(issues({ claims: { iss: ISS }, policy })).toEqual([]);
    expect(issues({ claims: { iss: ISS }, policy: JSON.stringify(policy, null, 4) })).toEqual([]);
    expect(ZRunSimulationInput.safeParse({ token: jwt({ iss: ISS }), policyText: JSON.stringify(policy, null, 4) }).success).toBe(true);
  });

  it("refuses a longer policy with a 400 naming the limit", () => {
    expect(issues({ claims: { iss: ISS }, policy: policyOfSize(SIMULATE_LIMITS.policyChars + 1) })).toEqual([
      "policy: policy is 8,193 characters without whitespace; the limit is 8,192, the most IAM accepts in a trust policy",
    ]);
  });

  it("takes a token as long as STS accepts (20,000 characters) and refuses a longer one", () => {
    const payloadFor = (length: number) => jwt({ iss: ISS, sub: "x".repeat(length) });
    const longest = payloadFor(Math.floor(((SIMULATE_LIMITS.tokenChars - 60) * 3) / 4) - 40);
    expect(longest.length).toBeLessThanOrEqual(SIMULATE_LIMITS.tokenChars);
    expect(issues({ token: longest })).toEqual([]);
    expect(issues({ token: "a".repeat(SIMULATE_LIMITS.tokenChars + 1) })).toEqual([
      "token: token is longer than 20,000 characters, the most STS accepts for a web identity token",
    ]);
  });

  it("refuses claims larger than such a token can carry, and claims nested deeper than 64 levels", () => {
    expect(issues({ claims: { iss: ISS, sub: "x".repeat(SIMULATE_LIMITS.claimsChars) } })[0]).toMatch(/claims: claims are 20,\d{3} characters of JSON; the limit is 20,000/);
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(issues({ claims: { iss: ISS, sub: deep } })[0]).toMatch(/^claims\.sub(\.0)+: Nested deeper than 64 levels$/);
  });

  it("refuses a NUL in roleArn before it reaches PostgreSQL", () => {
    expect(issues({ claims: { iss: ISS }, roleArn: "arn:aws:iam::123456789012:role/x\u0000" })).toContain("roleArn: Text must not contain a NUL character");
    expect(issues({ claims: { iss: ISS }, roleArn: "arn:aws:iam::123456789012:role/ci/deploy!x" })).toEqual([]);
  });

  it("at the limits, the worst policy against the longest value answers in seconds (it was hours without them)", () => {
    // A StringLike pattern's cost is its longest run of literals times the value's length.
    const base = JSON.stringify(policyOf([""])).length;
    const policy = policyOf(["*" + "a".repeat(SIMULATE_LIMITS.policyChars - base - 3) + "b*"]);
    const input = ZSimulateInput.parse({ claims: { iss: ISS, sub: "a".repeat(SIMULATE_LIMITS.claimsChars - 60) }, policy });
    const started = performance.now();
    expect(simulateInlinePolicy(input.policy, input.claims!).decision).toBe("ImplicitDeny");
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
