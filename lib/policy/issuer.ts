/**
 * OIDC provider ARNs and issuer condition-key prefixes.
 *
 * IAM names an OIDC provider `arn:{partition}:iam::{account}:oidc-provider/{url without https://}`
 * and exposes its claims as condition keys prefixed the same way, e.g. `gitlab.example.com:sub` or
 * `example.com/gitlab:sub` for an issuer with a path.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */

const PROVIDER_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):iam::(\d{12}):oidc-provider\/(.+)$/;

/** The parts of an OIDC provider ARN. */
export interface ProviderArnParts {
  partition: string;
  accountId: string;
  /** The issuer URL without `https://`: the condition-key prefix. */
  issuerHost: string;
}

/** Split an OIDC provider ARN, or null when it is not one. */
export function parseProviderArn(arn: string): ProviderArnParts | null {
  const match = PROVIDER_ARN.exec(arn);
  if (match === null) return null;
  const [, partition, accountId, issuerHost] = match;
  if (partition === undefined || accountId === undefined || issuerHost === undefined) return null;
  if (/\s/.test(issuerHost)) return null;
  return { partition, accountId, issuerHost };
}

/** `https://gitlab.example.com` → `gitlab.example.com` (the condition-key prefix). */
export function issuerHostFromUrl(issuer: string): string {
  return issuer.trim().replace(/^https:\/\//i, "");
}

/**
 * The URL without trailing slashes (`https://gitlab.example.com/` → `https://gitlab.example.com`),
 * as GitLab writes `iss`. A loop, not `replace(/\/+$/, "")`: that RegExp retries at every slash and
 * takes quadratic time on a long run of slashes followed by another character.
 */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return end === url.length ? url : url.slice(0, end);
}

/** The provider ARN IAM gives the issuer in `accountId`. */
export function providerArnFor(issuer: string, accountId: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${issuerHostFromUrl(issuer)}`;
}

/** Condition key for a claim of an issuer, e.g. `gitlab.example.com:sub`. */
export function claimKey(issuerHost: string, claim: "aud" | "sub" | "amr"): string {
  return `${issuerHost}:${claim}`;
}

/** The claims AWS exposes as `{issuer}:{claim}` condition keys for a generic OIDC provider. */
export const WEB_IDENTITY_CLAIM_KEYS: readonly string[] = ["aud", "sub", "amr"];

/**
 * Split `host/path:claim` into issuer and claim for keys that look like an OIDC issuer key
 * (the prefix contains a `.` or `/`, unlike service prefixes such as `aws:` or `sts:`).
 */
export function splitIssuerKey(key: string): { issuerHost: string; claim: string } | null {
  const colon = key.lastIndexOf(":");
  if (colon <= 0) return null;
  const issuerHost = key.slice(0, colon);
  if (!issuerHost.includes(".") && !issuerHost.includes("/")) return null;
  return { issuerHost, claim: key.slice(colon + 1) };
}
