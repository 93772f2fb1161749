/** Personal API tokens: random, shown once, only their SHA-256 hash is stored. */
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "tmp_";

export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), hash: hashApiToken(token) };
}

/** Tokens carry 256 random bits, so a fast unsalted hash is enough to make a leaked table useless. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The token from an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
