/**
 * The reverse question: which of these GitLab projects/refs can assume the role? Each target's
 * token is built the way GitLab builds it (sub from the project's sub claim components) and
 * evaluated against the policy.
 */
import { evaluatePrepared, preparedPolicyFor } from "./evaluate";
import { webIdentityContext } from "./context";
import { parseProviderArn } from "./issuer";
import { buildSubject, type SubClaimComponent } from "./subject";
import type { Decision, PolicyError } from "./types";

/** A GitLab job to test: project, ref and the project's sub components. */
export interface AssumeTarget {
  projectPath: string;
  refType: "branch" | "tag";
  ref: string;
  /** The project's `ci_id_token_sub_claim_components` (default project_path, ref_type, ref). */
  subClaimComponents?: SubClaimComponent[];
  /** Defaults to the options' audience. */
  audience?: string;
  /** Defaults to the options' providerArn. */
  providerArn?: string;
}

/** Whether one target can assume the role, with the deciding statements. */
export interface AssumeVerdict {
  target: AssumeTarget;
  sub: string;
  decision: Decision;
  /** Sids (or `#index`) of the statements that decided. */
  decidedBy: string[];
  error?: PolicyError;
}

/** One verdict per target in input order, or a typed error for an invalid policy. */
export type WhoCanAssumeResult = { ok: true; verdicts: AssumeVerdict[] } | { ok: false; error: PolicyError };

/** Which targets can assume the role: builds each target's token as GitLab would and evaluates it. */
export function whoCanAssume(policy: unknown, targets: AssumeTarget[], defaults: { providerArn?: string; audience?: string } = {}): WhoCanAssumeResult {
  const prepared = preparedPolicyFor(policy);
  if (!prepared.ok) return prepared;
  const verdicts = targets.map((target): AssumeVerdict => {
    const sub = buildSubject(target, target.subClaimComponents);
    const providerArn = target.providerArn ?? defaults.providerArn;
    const audience = target.audience ?? defaults.audience;
    const provider = providerArn === undefined ? null : parseProviderArn(providerArn);
    if (provider === null || providerArn === undefined || audience === undefined) {
      return { target, sub, decision: "ImplicitDeny", decidedBy: [], error: { code: "TARGET_INCOMPLETE", message: "Each target needs an OIDC providerArn and an audience (directly or through the defaults)" } };
    }
    const result = evaluatePrepared(prepared.prepared, providerArn, webIdentityContext(provider.issuerHost, { sub, aud: audience }));
    const decidedBy = result.decisive.map((index) => result.statements[index]?.sid ?? `#${index}`);
    return { target, sub, decision: result.decision, decidedBy };
  });
  return { ok: true, verdicts };
}
