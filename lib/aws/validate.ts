import { badInput } from "@/lib/errors";
import type { IamTags, NewOidcProvider } from "./port";

/**
 * Input rules real IAM enforces and moto does not, checked before every write so a bad value
 * fails the same way (BAD_INPUT, no call made) in tests and in production. Each check returns a
 * problem description, or undefined when the value is fine.
 * Source: the IAM API reference's parameter constraints (e.g.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
 */
export type Problem = string | undefined;

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";

export function checkRoleName(name: string): Problem {
  if (name.length < 1 || name.length > 64) return "Role name must be 1 to 64 characters.";
  if (!/^[\w+=,.@-]+$/.test(name)) return "Role name may contain only letters, digits and + = , . @ _ -.";
  return undefined;
}

/** For roles that trustmap assumes in other accounts (account settings). */
export function checkRoleArn(arn: string): Problem {
  const re = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/(?:[\\u0021-\\u007E]+/)?[\\w+=,.@-]{1,64}$`);
  return re.test(arn) ? undefined : "Not an IAM role ARN (arn:aws:iam::123456789012:role/name).";
}

export function checkOidcProviderUrl(url: string): Problem {
  if (url.length > 255) return "Provider URL must be at most 255 characters.";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "Provider URL is not a URL.";
  }
  if (parsed.protocol !== "https:") return "Provider URL must start with https://.";
  if (parsed.username || parsed.password) return "Provider URL must not contain credentials.";
  if (parsed.port) return "Provider URL must not contain a port number.";
  if (parsed.search || parsed.hash || url.includes("?") || url.includes("#"))
    return "Provider URL must not contain a query or fragment.";
  // The URL must equal the token's `iss` claim, which GitLab emits without a trailing slash.
  if (url.endsWith("/")) return "Provider URL must not end with '/'.";
  return undefined;
}

export function checkOidcProviderArn(arn: string): Problem {
  // The resource is the provider URL without its scheme: a host name, then optional path segments.
  const re = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:oidc-provider/[A-Za-z0-9.-]+(?:/[^/?#\\s]+)*$`);
  if (!re.test(arn)) return "Not an OIDC provider ARN (arn:aws:iam::123456789012:oidc-provider/host).";
  return arn.length > 2048 ? "OIDC provider ARN is too long." : undefined;
}

export function checkThumbprints(thumbprints: readonly string[]): Problem {
  if (thumbprints.length > 5) return "At most 5 thumbprints.";
  const bad = thumbprints.find((t) => !/^[0-9a-fA-F]{40}$/.test(t));
  return bad === undefined ? undefined : `Thumbprint "${bad}" is not 40 hexadecimal characters (a SHA-1 fingerprint).`;
}

export function checkClientId(clientId: string): Problem {
  return clientId.length >= 1 && clientId.length <= 255 ? undefined : "Client id (audience) must be 1 to 255 characters.";
}

export function checkClientIds(clientIds: readonly string[]): Problem {
  if (clientIds.length > 100) return "At most 100 client ids per provider.";
  for (const id of clientIds) {
    const problem = checkClientId(id);
    if (problem) return problem;
  }
  return undefined;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(tags: IamTags): Problem {
  const entries = Object.entries(tags);
  if (entries.length > 50) return "At most 50 tags.";
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128) return "Tag keys must be 1 to 128 characters.";
    if (value.length > 256) return `Tag "${key}": value must be at most 256 characters.`;
    if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) return `Tag "${key}": only letters, digits, spaces and _ . : / = + - @.`;
    if (key.toLowerCase().startsWith("aws:")) return `Tag "${key}": the aws: prefix is reserved.`;
  }
  return undefined;
}

export function checkTagKeys(keys: readonly string[]): Problem {
  return checkTags(Object.fromEntries(keys.map((k) => [k, ""])));
}

/** Syntax only; the 2,048-character trust-policy quota is measured by lib/policy and enforced by IAM. */
export function checkPolicyDocument(document: string): Problem {
  if (document.length < 1 || document.length > 131_072) return "Policy document must be 1 to 131,072 characters.";
  // The API's character pattern: tab, newline, carriage return and U+0020–U+00FF only.
  if (!/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(document))
    return "Policy document contains characters IAM does not accept.";
  try {
    const value: unknown = JSON.parse(document);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "Policy document must be a JSON object.";
  } catch {
    return "Policy document is not valid JSON.";
  }
  return undefined;
}

/** Throw BAD_INPUT naming every problem found, before any call is made. */
export function assertValid(checks: Record<string, Problem>): void {
  const issues = Object.entries(checks).flatMap(([field, message]) => (message ? [{ field, message }] : []));
  const first = issues[0];
  if (first) throw badInput(first.message, { reason: "INVALID_IAM_INPUT", issues });
}

/** The checks each write runs before calling IAM; shared by the SDK adapter and the in-memory port. */
export const assertValidWrite = {
  updateAssumeRolePolicy: (roleName: string, document: string) =>
    assertValid({ roleName: checkRoleName(roleName), document: checkPolicyDocument(document) }),
  tagRole: (roleName: string, tags: IamTags) => assertValid({ roleName: checkRoleName(roleName), tags: checkTags(tags) }),
  untagRole: (roleName: string, keys: readonly string[]) =>
    assertValid({ roleName: checkRoleName(roleName), tagKeys: checkTagKeys(keys) }),
  createOpenIDConnectProvider: ({ url, clientIds, thumbprints, tags }: NewOidcProvider) =>
    assertValid({
      url: checkOidcProviderUrl(url),
      clientIds: checkClientIds(clientIds),
      thumbprints: checkThumbprints(thumbprints ?? []),
      tags: checkTags(tags ?? {}),
    }),
  addClientIdToOpenIDConnectProvider: (arn: string, clientId: string) =>
    assertValid({ arn: checkOidcProviderArn(arn), clientId: checkClientId(clientId) }),
};
