/**
 * Read any trust policy into grants: who (which provider), under which `aud` and `sub`
 * constraints, owned by trustmap or foreign, and every condition that cannot be expressed as an
 * aud/sub constraint, with the reason (never silently dropped).
 */
import { parseProviderArn, splitIssuerKey, WEB_IDENTITY_CLAIM_KEYS } from "./issuer";
import { parsePolicyDocument, type NormalizedCondition, type NormalizedStatement, type ParsedPolicy, type PrincipalType } from "./parse";
import { actionPatternMatches } from "./prepare";
import { isOwnedSid } from "./sid";
import { hasVariables, tokenizeIamString } from "./glob";
import type { PolicyError } from "./types";

/** A positive constraint on aud or sub: the claim must equal/match one of `values`. */
export interface StringConstraint {
  operator: "StringEquals" | "StringLike" | "StringEqualsIgnoreCase";
  values: string[];
}

/** Why a condition is not expressed as an aud/sub constraint. */
export type UninterpretableReason =
  | "key-never-set"
  | "other-issuer-key"
  | "negated-operator"
  | "if-exists"
  | "set-operator"
  | "policy-variable"
  | "null-check"
  | "bool-operator"
  | "unsupported-operator"
  | "global-key";

/** A condition the reader reports rather than interprets, with the reason. */
export interface UninterpretableCondition {
  operator: string;
  key: string;
  values: string[];
  reason: UninterpretableReason;
  message: string;
}

/** Who one statement admits (one grant per principal), under which aud/sub constraints. */
export interface Grant {
  statementIndex: number;
  sid: string | null;
  /** The statement's Sid carries trustmap's prefix. */
  owned: boolean;
  effect: "Allow" | "Deny";
  /** `"*"` for `"Principal": "*"`. */
  principalType: PrincipalType | "*";
  principal: string;
  /** From NotPrincipal: the grant covers everyone *except* `principal`. */
  notPrincipal: boolean;
  /** The OIDC provider ARN when the principal is one. */
  providerArn: string | null;
  /** Condition-key prefix of the provider (`gitlab.example.com`), when known. */
  issuer: string | null;
  /** The statement's Action/NotAction covers sts:AssumeRoleWithWebIdentity. */
  webIdentity: boolean;
  /** AND-ed constraints on `{issuer}:aud`; empty = any audience. */
  audiences: StringConstraint[];
  /** AND-ed constraints on `{issuer}:sub`; empty = any subject. */
  subjects: StringConstraint[];
  uninterpretable: UninterpretableCondition[];
}

/** The grants of a policy in policy order, or a typed error. */
export type ReadResult = { ok: true; grants: Grant[]; policy: ParsedPolicy } | { ok: false; error: PolicyError };

const INTERPRETED = new Set(["StringEquals", "StringLike", "StringEqualsIgnoreCase"]);

function classify(condition: NormalizedCondition, issuer: string | null, variables: boolean): UninterpretableCondition | { claim: "aud" | "sub"; constraint: StringConstraint } {
  const { op, key, values, operator } = condition;
  const u = (reason: UninterpretableReason, message: string): UninterpretableCondition => ({ operator, key, values, reason, message });
  const split = splitIssuerKey(key);
  if (split === null) return u("global-key", `${key} is not a claim of the token; its value depends on the request`);
  if (issuer !== null && split.issuerHost.toLowerCase() !== issuer.toLowerCase()) {
    return u("other-issuer-key", `${key} belongs to issuer '${split.issuerHost}', not '${issuer}': AWS never sets it for this provider, so the key is always missing`);
  }
  const claim = split.claim.toLowerCase();
  if (!WEB_IDENTITY_CLAIM_KEYS.includes(claim)) {
    return u("key-never-set", `AWS exposes only aud, sub and amr of an OIDC token as condition keys; ${key} is never set, so it is always missing`);
  }
  if (op.base === "Null") return u("null-check", `Null tests whether ${key} is present`);
  if (op.set !== null) return u("set-operator", `${op.set} on ${key} is a set comparison, not a plain constraint`);
  if (op.ifExists) return u("if-exists", `${operator} also passes when ${key} is missing`);
  if (op.negated) return u("negated-operator", `${operator} excludes values instead of admitting them`);
  if (op.base === "Bool") return u("bool-operator", `Bool on ${key} compares true/false`);
  if (!INTERPRETED.has(op.base)) return u("unsupported-operator", `${operator} is not a string comparison`);
  if (claim === "amr") return u("unsupported-operator", `${key} (authentication methods) is not an audience or subject constraint`);
  const wildcards = op.base === "StringLike";
  if (variables && values.some((value) => hasVariables(tokenizeIamString(value, { wildcards, variables })))) {
    return u("policy-variable", `${operator} on ${key} uses a policy variable; its values depend on the request`);
  }
  return { claim: claim as "aud" | "sub", constraint: { operator: op.base as StringConstraint["operator"], values } };
}

function grantsOf(statement: NormalizedStatement, variables: boolean): Grant[] {
  const webIdentity = statement.actions.not
    ? !statement.actions.values.some((pattern) => actionPatternMatches(pattern))
    : statement.actions.values.some((pattern) => actionPatternMatches(pattern));
  const principals: { type: PrincipalType | "*"; value: string }[] = statement.principal.wildcard ? [{ type: "*", value: "*" }] : statement.principal.entries;
  return principals.map((principal) => {
    const provider = principal.type === "Federated" ? parseProviderArn(principal.value) : null;
    let issuer = provider?.issuerHost ?? null;
    if (issuer === null && (principal.type === "*" || (principal.type === "AWS" && principal.value === "*"))) {
      issuer = statement.conditions.map((c) => splitIssuerKey(c.key)).find((s) => s !== null && WEB_IDENTITY_CLAIM_KEYS.includes(s.claim.toLowerCase()))?.issuerHost ?? null;
    }
    const grant: Grant = {
      statementIndex: statement.index,
      sid: statement.sid,
      owned: isOwnedSid(statement.sid),
      effect: statement.effect,
      principalType: principal.type,
      principal: principal.value,
      notPrincipal: statement.principal.not,
      providerArn: provider === null ? null : principal.value,
      issuer,
      webIdentity,
      audiences: [],
      subjects: [],
      uninterpretable: [],
    };
    for (const condition of statement.conditions) {
      const result = classify(condition, issuer, variables);
      if ("reason" in result) grant.uninterpretable.push(result);
      else (result.claim === "aud" ? grant.audiences : grant.subjects).push(result.constraint);
    }
    return grant;
  });
}

/**
 * List the grants of a trust policy (object, JSON or URL-encoded JSON). One grant per principal
 * per statement, in policy order. Invalid policy → typed error naming the problem.
 */
export function readTrustPolicy(input: unknown): ReadResult {
  const parsed = parsePolicyDocument(input);
  if (!parsed.ok) return parsed;
  const variables = parsed.policy.version === "2012-10-17";
  return { ok: true, grants: parsed.policy.statements.flatMap((statement) => grantsOf(statement, variables)), policy: parsed.policy };
}
