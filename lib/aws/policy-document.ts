import { AppError } from "@/lib/errors";
import type { PolicyDocument } from "./port";

/**
 * Decode a policy document as IAM returns it.
 *
 * Real IAM URL-encodes `AssumeRolePolicyDocument` in both GetRole and ListRoles; moto encodes it
 * only in GetRole. JSON is tried first because a JSON object can never start with `%`, while an
 * encoded one always does (`%7B`), so neither shape can be mistaken for the other.
 *
 * The encoding is RFC 3986 percent-encoding (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html),
 * not HTML-form encoding: a space is `%20` and a literal `+` is `%2B` (or left as `+`, which
 * RFC 3986 allows). So `+` is kept as `+`; `decodeURIComponent` does exactly that, while
 * `URLSearchParams` would wrongly turn it into a space (e.g. in a branch name `feature+x`).
 *
 * `context` (e.g. the role name) is added to the error's details.
 * @throws AppError UPSTREAM (`details.reason = "UNDECODABLE_POLICY_DOCUMENT"`) when the text is
 *   neither a JSON object nor a percent-encoded JSON object.
 */
export function decodePolicyDocument(raw: string, context: Record<string, unknown> = {}): PolicyDocument {
  const direct = parseObject(raw);
  if (direct) return { text: raw, parsed: direct };
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = undefined;
  }
  const parsed = decoded === undefined ? undefined : parseObject(decoded);
  if (decoded === undefined || !parsed) {
    throw new AppError("UPSTREAM", "AWS IAM returned a policy document that is not valid JSON.", {
      details: { ...context, reason: "UNDECODABLE_POLICY_DOCUMENT", preview: raw.slice(0, 80) },
    });
  }
  return { text: decoded, parsed };
}

/** RFC 3986 encoding as real IAM applies it; used by the in-memory port to mimic GetRole. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
