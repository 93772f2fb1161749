/**
 * Decode a GitLab CI ID token (a JWS in compact form: three base64url parts) without verifying the
 * signature: trustmap only needs the claims to explain what AWS would decide.
 * https://www.rfc-editor.org/rfc/rfc7515#section-7.1 and https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
import type { PolicyError } from "./types";

/** Claims of a GitLab ID token (the ones trustmap reads are typed; others pass through). */
export interface GitLabIdTokenClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  project_path?: string;
  namespace_path?: string;
  ref?: string;
  ref_type?: string;
  ref_protected?: string;
  environment?: string;
  [claim: string]: unknown;
}

/** Header and claims of a token, or a typed `INVALID_JWT` error. */
export type DecodedToken = { ok: true; header: Record<string, unknown>; claims: GitLabIdTokenClaims } | { ok: false; error: PolicyError };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function base64UrlBytes(part: string): Uint8Array | null {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of part) {
    buffer = (buffer << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

function jsonPart(part: string, name: string): Record<string, unknown> | string {
  const bytes = base64UrlBytes(part);
  if (bytes === null || part.length === 0) return `the ${name} is not base64url`;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `the ${name} is not UTF-8`;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return `the ${name} is not a JSON object`;
    return value as Record<string, unknown>;
  } catch {
    return `the ${name} is not JSON`;
  }
}

function invalid(message: string): DecodedToken {
  return { ok: false, error: { code: "INVALID_JWT", message: `Not a GitLab ID token: ${message}` } };
}

/** Decode header and claims of a compact JWT; typed error unless it is three base64url parts. */
export function decodeGitLabIdToken(jwt: string): DecodedToken {
  const parts = jwt.trim().split(".");
  if (parts.length !== 3) return invalid(`expected three base64url parts separated by '.', got ${parts.length}`);
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  if (!BASE64URL.test(signature)) return invalid("the signature is not base64url");
  const header = jsonPart(headerPart, "header");
  if (typeof header === "string") return invalid(header);
  const claims = jsonPart(payloadPart, "payload");
  if (typeof claims === "string") return invalid(claims);
  return { ok: true, header, claims: claims as GitLabIdTokenClaims };
}
