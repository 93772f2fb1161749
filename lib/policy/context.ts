/**
 * The request context AWS builds for `sts:AssumeRoleWithWebIdentity` with a GitLab ID token.
 *
 * For a generic OIDC provider AWS exposes only the token's `aud`, `sub` and `amr` as condition keys,
 * prefixed with the provider URL (`gitlab.example.com:sub`). Every other claim (`ref_protected`,
 * `environment`, `namespace_path`, ...) is NOT a condition key: a condition on it sees a missing key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * Condition keys are case-insensitive; values are case-sensitive.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import { claimKey, WEB_IDENTITY_CLAIM_KEYS } from "./issuer";

/** A context value: one string, or several for a multivalued key. */
export type ContextValue = string | string[];

/** Condition keys of one request (keys as AWS names them; looked up case-insensitively). */
export type RequestContext = Record<string, ContextValue>;

/** Context keys by lower-cased name, for case-insensitive lookup. */
export type ContextLookup = Map<string, ContextValue>;

/** Index a context by lower-cased key: condition keys are case-insensitive. */
export function contextLookup(context: RequestContext): ContextLookup {
  const lookup: ContextLookup = new Map();
  for (const [key, value] of Object.entries(context)) lookup.set(key.toLowerCase(), value);
  return lookup;
}

function claimValue(value: unknown): ContextValue | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return undefined;
}

const keysByIssuer = new Map<string, { claim: string; key: string; lower: string }[]>();

/** `{issuer}:aud`, `{issuer}:sub`, `{issuer}:amr` for an issuer (cached: built once per provider). */
function claimKeys(issuerHost: string): { claim: string; key: string; lower: string }[] {
  let keys = keysByIssuer.get(issuerHost);
  if (keys === undefined) {
    keys = WEB_IDENTITY_CLAIM_KEYS.map((claim) => {
      const key = claimKey(issuerHost, claim as "aud" | "sub" | "amr");
      return { claim, key, lower: key.toLowerCase() };
    });
    if (keysByIssuer.size > 1000) keysByIssuer.clear();
    keysByIssuer.set(issuerHost, keys);
  }
  return keys;
}

/**
 * Condition keys for a token presented through the provider whose URL is `issuerHost`.
 * A list-valued `aud` or `amr` becomes a multivalued key (plain operators then never match it;
 * ForAnyValue/ForAllValues are needed).
 */
export function webIdentityContext(issuerHost: string, claims: Record<string, unknown>, extra?: RequestContext): RequestContext {
  const context: RequestContext = {};
  for (const { claim, key } of claimKeys(issuerHost)) {
    const value = claimValue(claims[claim]);
    if (value !== undefined) context[key] = value;
  }
  if (extra !== undefined) Object.assign(context, extra);
  return context;
}

/** The lookup for a context built by `webIdentityContext` (skips re-lowercasing the claim keys). */
export function webIdentityLookup(issuerHost: string, context: RequestContext, extra?: RequestContext): ContextLookup {
  const lookup: ContextLookup = new Map();
  for (const { key, lower } of claimKeys(issuerHost)) {
    const value = context[key];
    if (value !== undefined) lookup.set(lower, value);
  }
  if (extra !== undefined) for (const key of Object.keys(extra)) lookup.set(key.toLowerCase(), extra[key] as ContextValue);
  return lookup;
}
