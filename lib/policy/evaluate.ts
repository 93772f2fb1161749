/**
 * Decide whether a GitLab ID token may `sts:AssumeRoleWithWebIdentity` into a role, and explain it.
 *
 * AWS policy evaluation for a role trust policy: a statement applies when its Principal (or
 * NotPrincipal), Action (or NotAction) and every condition match; conditions of different keys and
 * operators are AND-ed. Any applicable Deny → ExplicitDeny; else any applicable Allow → Allow; else
 * ImplicitDeny. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * The requester is the OIDC provider: `{"Federated": providerArn}`, `"*"` and `{"AWS": "*"}` match it.
 */
import { evaluateCondition, type ConditionExplanation } from "./condition";
import { contextLookup, webIdentityContext, webIdentityLookup, type ContextLookup, type RequestContext } from "./context";
import { issuerHostFromUrl, parseProviderArn, providerArnFor } from "./issuer";
import { decodeGitLabIdToken } from "./jwt";
import { parsePolicyDocument } from "./parse";
import { preparePolicy, type PreparedPolicy, type PreparedStatement } from "./prepare";
import type { Decision, PolicyError } from "./types";

/** The trace of one statement: principal, action, conditions and whether it applies. */
export interface StatementExplanation {
  index: number;
  sid: string | null;
  effect: "Allow" | "Deny";
  principalMatched: boolean;
  actionMatched: boolean;
  /** null when not evaluated because the principal or the action did not match. */
  conditionsMatched: boolean | null;
  /** The statement applies to this request (and so counts for the decision). */
  applies: boolean;
  conditions: ConditionExplanation[];
}

/** The decision and its trace (`statements` in policy order). */
export interface Explanation {
  decision: Decision;
  /**
   * The OIDC provider the token was judged as coming through; null when the policy names no
   * provider for the token's issuer (then only statements that trust every principal can apply).
   */
  providerArn: string | null;
  /** The condition keys the request carried. */
  context: RequestContext;
  statements: StatementExplanation[];
  /** Indexes of the statements that decided (the applicable Denies, else the applicable Allows). */
  decisive: number[];
  warnings: string[];
}

/** A decision with its explanation, or a typed error (bad policy, token or provider). */
export type EvaluateResult = ({ ok: true } & Explanation) | { ok: false; error: PolicyError };

/** What to evaluate: a policy and a token (claims or JWT), through which provider. */
export interface EvaluateInput {
  /** Trust policy: object, JSON string, URL-encoded JSON string, or a `PreparedPolicy`. */
  policy: unknown;
  /** Decoded token claims (`iss`, `aud`, `sub`, ...). */
  claims?: Record<string, unknown>;
  /** A GitLab ID token (JWT); decoded without checking the signature. */
  token?: string;
  /** The OIDC provider the token came through. Derived from `iss` + `accountId`, or the policy, if absent. */
  providerArn?: string;
  accountId?: string;
  /** Extra condition keys (e.g. global `aws:` keys) to add to the request context. */
  context?: RequestContext;
}

const preparedByObject = new WeakMap<object, PreparedPolicy>();
const preparedByText = new Map<string, PreparedPolicy>();

function isPrepared(value: unknown): value is PreparedPolicy {
  return typeof value === "object" && value !== null && Array.isArray((value as PreparedPolicy).statements) && typeof (value as PreparedPolicy).variables === "boolean";
}

/** Parse + prepare a policy, cached per object / text. */
export function preparedPolicyFor(policy: unknown): { ok: true; prepared: PreparedPolicy } | { ok: false; error: PolicyError } {
  if (isPrepared(policy)) return { ok: true, prepared: policy };
  const cached = typeof policy === "string" ? preparedByText.get(policy) : typeof policy === "object" && policy !== null ? preparedByObject.get(policy) : undefined;
  if (cached !== undefined) return { ok: true, prepared: cached };
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return parsed;
  const prepared = preparePolicy(parsed.policy);
  if (typeof policy === "string") {
    if (preparedByText.size >= 256) preparedByText.clear();
    preparedByText.set(policy, prepared);
  } else if (typeof policy === "object" && policy !== null) preparedByObject.set(policy, prepared);
  return { ok: true, prepared };
}

/** `providerArn` null: a provider the policy does not name (no Federated entry can list it). */
function principalMatches(statement: PreparedStatement, providerArn: string | null): boolean {
  const listed = statement.anyPrincipal || (providerArn !== null && statement.federated.has(providerArn));
  return statement.notPrincipal ? !listed : listed;
}

function explainStatement(statement: PreparedStatement, providerArn: string | null, context: ContextLookup): StatementExplanation {
  const principalMatched = principalMatches(statement, providerArn);
  const actionMatched = statement.actionMatches;
  if (!principalMatched || !actionMatched) {
    return { index: statement.index, sid: statement.sid, effect: statement.effect, principalMatched, actionMatched, conditionsMatched: null, applies: false, conditions: [] };
  }
  const conditions: ConditionExplanation[] = new Array(statement.conditions.length);
  let all = true;
  for (let i = 0; i < statement.conditions.length; i++) {
    const explained = evaluateCondition(statement.conditions[i] as PreparedStatement["conditions"][number], context);
    conditions[i] = explained;
    if (!explained.matched) all = false;
  }
  return { index: statement.index, sid: statement.sid, effect: statement.effect, principalMatched, actionMatched, conditionsMatched: all, applies: all, conditions };
}

/**
 * Evaluate a prepared policy for a provider and a request context (the hot path). `providerArn`
 * null stands for a provider the policy does not name.
 */
export function evaluatePrepared(prepared: PreparedPolicy, providerArn: string | null, context: RequestContext, lookup: ContextLookup = contextLookup(context)): Explanation {
  const statements: StatementExplanation[] = new Array(prepared.statements.length);
  const denies: number[] = [];
  const allows: number[] = [];
  for (let i = 0; i < prepared.statements.length; i++) {
    const explained = explainStatement(prepared.statements[i] as PreparedStatement, providerArn, lookup);
    statements[i] = explained;
    if (explained.applies) (explained.effect === "Deny" ? denies : allows).push(explained.index);
  }
  const decision: Decision = denies.length > 0 ? "ExplicitDeny" : allows.length > 0 ? "Allow" : "ImplicitDeny";
  return { decision, providerArn, context, statements, decisive: denies.length > 0 ? denies : allows, warnings: [] };
}

const providers = new Map<string, ReturnType<typeof parseProviderArn>>();

function cachedProvider(arn: string): ReturnType<typeof parseProviderArn> {
  let parsed = providers.get(arn);
  if (parsed === undefined) {
    parsed = parseProviderArn(arn);
    if (providers.size > 1000) providers.clear();
    providers.set(arn, parsed);
  }
  return parsed;
}

function fail(code: string, message: string): EvaluateResult {
  return { ok: false, error: { code, message } };
}

function derivedProvider(prepared: PreparedPolicy, issuerHost: string | null): string[] {
  if (issuerHost === null) return [];
  const found = new Set<string>();
  for (const statement of prepared.statements) {
    for (const arn of statement.federated) if (parseProviderArn(arn)?.issuerHost === issuerHost) found.add(arn);
  }
  return [...found];
}

function federatedPrincipals(prepared: PreparedPolicy): string[] {
  const all = new Set<string>();
  for (const statement of prepared.statements) for (const arn of statement.federated) all.add(arn);
  return [...all].sort();
}

/**
 * The policy names no OIDC provider for the token's issuer: that is AWS's answer too, not a
 * question back. The token reaches the role (if at all) through the account's provider for its
 * issuer, which no Federated entry lists, so only statements trusting every principal (`"*"`,
 * `{"AWS": "*"}`, or a NotPrincipal) can apply — the policy is evaluated that way, which is
 * exact whatever the role's account. A token without `iss` never gets that far: STS rejects it
 * (InvalidIdentityToken) before any policy is evaluated.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
function evaluateUntrustedIssuer(prepared: PreparedPolicy, issuerHost: string | null, claims: Record<string, unknown>, extra: RequestContext | undefined): EvaluateResult {
  if (issuerHost === null) {
    const why = "The token has no iss claim: STS rejects it (InvalidIdentityToken) before evaluating any trust policy, so no statement was evaluated.";
    return { ok: true, decision: "ImplicitDeny", providerArn: null, context: {}, statements: [], decisive: [], warnings: [why] };
  }
  const context = webIdentityContext(issuerHost, claims, extra);
  const result = evaluatePrepared(prepared, null, context, webIdentityLookup(issuerHost, context, extra));
  const trusted = federatedPrincipals(prepared);
  const names = trusted.length > 0 ? `it trusts ${trusted.join(", ")}` : "it trusts no OIDC provider at all";
  result.warnings.push(
    result.decision === "ImplicitDeny"
      ? `No statement trusts an OIDC provider for the token's issuer '${issuerHost}' (${names}): AWS denies this token (implicit deny).`
      : `No statement names an OIDC provider for the token's issuer '${issuerHost}' (${names}); a statement that trusts every principal decided.`,
  );
  return { ok: true, ...result };
}

/**
 * Evaluate a trust policy for a GitLab token (claims or JWT). Only `aud`, `sub` and `amr` become
 * condition keys; see context.ts. Returns a typed error for a bad policy, token or provider.
 */
export function evaluate(input: EvaluateInput): EvaluateResult {
  const prepared = preparedPolicyFor(input.policy);
  if (!prepared.ok) return prepared;
  let claims = input.claims;
  if (input.token !== undefined) {
    const decoded = decodeGitLabIdToken(input.token);
    if (!decoded.ok) return decoded;
    claims = decoded.claims;
  }
  if (claims === undefined) return fail("MISSING_CLAIMS", "Give the token's claims or the token itself");
  const iss = typeof claims.iss === "string" ? issuerHostFromUrl(claims.iss) : null;
  let providerArn = input.providerArn;
  if (providerArn === undefined && input.accountId !== undefined && typeof claims.iss === "string") providerArn = providerArnFor(claims.iss, input.accountId);
  if (providerArn === undefined) {
    const candidates = derivedProvider(prepared.prepared, iss);
    if (candidates.length > 1) return fail("PROVIDER_REQUIRED", `Give providerArn: the policy trusts several providers for this issuer (${candidates.join(", ")})`);
    if (candidates.length === 0) return evaluateUntrustedIssuer(prepared.prepared, iss, claims, input.context);
    providerArn = candidates[0] as string;
  }
  const provider = cachedProvider(providerArn);
  if (provider === null) return fail("INVALID_PROVIDER_ARN", `'${providerArn}' is not an OIDC provider ARN (arn:aws:iam::123456789012:oidc-provider/gitlab.example.com)`);
  const context = webIdentityContext(provider.issuerHost, claims, input.context);
  const result = evaluatePrepared(prepared.prepared, providerArn, context, webIdentityLookup(provider.issuerHost, context, input.context));
  if (iss !== null && iss.toLowerCase() !== provider.issuerHost.toLowerCase()) {
    result.warnings.push(`The token's issuer '${iss}' is not the provider's URL '${provider.issuerHost}': STS would reject the token (InvalidIdentityToken) before evaluating the policy`);
  }
  return { ok: true, ...result };
}
