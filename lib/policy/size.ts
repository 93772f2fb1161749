/**
 * Trust policy size against the IAM quota "Role trust policy length" (2,048 characters by default,
 * raisable to 4,096; newer accounts report 8,192). IAM does not count whitespace.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 *
 * Measure: the length, in Unicode code points, of the minified `JSON.stringify` of the document,
 * i.e. without any whitespace between tokens. Spaces inside string values are counted: that is an
 * upper bound of what IAM counts, so a policy that fits here fits in IAM.
 */
import { parsePolicyDocument } from "./parse";
import type { PolicyError } from "./types";

/** IAM's default role trust policy length quota. */
export const DEFAULT_TRUST_POLICY_QUOTA = 2048;
/** Quota values an account can have (default, long-standing maximum, newer maximum). */
export const ALLOWED_TRUST_POLICY_QUOTAS: readonly number[] = [2048, 4096, 8192];
/** Findings start when a policy uses more than this share of its quota. */
export const NEAR_QUOTA_RATIO = 0.9;

/** Code points of a string (a surrogate pair is one character). */
export function codePointLength(text: string): number {
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
  return text.length - (pairs === null ? 0 : pairs.length);
}

/** Code points of the minified JSON of an already-valid document. */
export function minifiedLength(document: unknown): number {
  return codePointLength(JSON.stringify(document));
}

/** The size of a policy, or a typed error for an invalid one. */
export type SizeResult = { ok: true; size: number } | { ok: false; error: PolicyError };

/** Size of a policy (object, JSON or URL-encoded JSON) as IAM counts it against the quota. */
export function measurePolicySize(policy: unknown): SizeResult {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) return parsed;
  return { ok: true, size: minifiedLength(parsed.policy.document) };
}

/** One of the quota values IAM offers. */
export function isAllowedQuota(quota: number): boolean {
  return ALLOWED_TRUST_POLICY_QUOTAS.includes(quota);
}
