/**
 * Differential test: trustmap's evaluator against @cloud-copilot/iam-simulate on generated
 * (policy, request) pairs. Zero disagreements are allowed on Allow / ImplicitDeny / ExplicitDeny.
 *
 * Constructs excluded from generation, where the oracle is not a faithful model of AWS for a
 * web-identity request (each is covered by table tests instead):
 * - `ForAnyValue:`/`ForAllValues:` combined with `...IfExists`: the oracle ignores IfExists under
 *   a set operator (a missing key fails ForAnyValue:StringLikeIfExists); AWS documents IfExists as
 *   "if the key is not present, evaluate the condition element as true".
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 * - AWS account principals of the role's own account (`{"AWS": "123456789012"}`) and the provider
 *   ARN written under `AWS`: the oracle treats the OIDC provider as an IAM principal of the
 *   account (account-level match); a federated web identity is not an IAM user or role, and
 *   AWS only matches it through `Principal.Federated`.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity
 * - The escapes `${*}` `${?}` `${$}` under StringEquals-family operators: the oracle keeps them as
 *   literal text there (it unescapes them only under StringLike); AWS: they "can be used in any
 *   string where you can use regular policy variables".
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
 * - Newlines in values: the oracle's `*` does not cross a line break (regex `.`), AWS's `*`
 *   "matches any combination of characters"; GitLab claims never contain one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePrepared, preparedPolicyFor, type Decision } from "@/lib/policy";
import { PROVIDER, scenarioArb } from "./support/arbitraries";
import { oracleDecision } from "./support/oracle";

describe("evaluator agrees with the iam-simulate oracle", () => {
  it("on 10,000 generated policies and tokens", () => {
    const tally: Record<Decision, number> = { Allow: 0, ImplicitDeny: 0, ExplicitDeny: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ policy, context }) => {
        const prepared = preparedPolicyFor(policy);
        if (!prepared.ok) throw new Error(prepared.error.message);
        const ours = evaluatePrepared(prepared.prepared, PROVIDER, context).decision;
        const theirs = oracleDecision(policy, PROVIDER, context);
        tally[ours]++;
        expect({ ours, policy, context }).toEqual({ ours: theirs, policy, context });
      }),
      { numRuns: 10_000, seed: 20240611, endOnFailure: true },
    );
    // The generator must exercise every outcome, not just denials.
    expect(tally.Allow).toBeGreaterThan(1_000);
    expect(tally.ExplicitDeny).toBeGreaterThan(500);
    expect(tally.ImplicitDeny).toBeGreaterThan(1_000);
  }, 60_000);
});
