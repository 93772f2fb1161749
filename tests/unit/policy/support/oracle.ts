/**
 * The differential oracle: @cloud-copilot/iam-simulate (AGPL-3.0, test-only devDependency).
 * `runUnsafeSimulation` evaluates custom OIDC condition keys (plain `runSimulation` validates keys
 * against AWS's catalogue and ignores them). Passing the policy as a "validated policy" gives it
 * the metadata name the engine needs for a resource policy.
 */
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import type { Decision } from "@/lib/policy";
import type { RequestContext } from "@/lib/policy";

export const ACCOUNT = "123456789012";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deployer`;

const DECISIONS: Record<string, Decision> = { Allowed: "Allow", ExplicitlyDenied: "ExplicitDeny", ImplicitlyDenied: "ImplicitDeny" };

export function oracleDecision(policy: unknown, providerArn: string, context: RequestContext): Decision {
  const result = runUnsafeSimulation(
    {
      request: { principal: providerArn, action: "sts:AssumeRoleWithWebIdentity", resource: { resource: ROLE_ARN, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: { __validated: true, policyDocument: policy, metadata: { name: "trust-policy" }, errors: [] },
    },
    {},
  ) as unknown as string;
  const decision = DECISIONS[result];
  if (decision === undefined) throw new Error(`unexpected oracle result ${String(result)}`);
  return decision;
}
