/**
 * Which CI/CD variable keys count as AWS credentials or a role ARN. Matching is by KEY only,
 * case-insensitive (people write aws_access_key_id too), `*` matching any run of characters.
 */
import { compileWildcards, matchesText, type CompiledGlob } from "@/lib/policy";
import type { TInventoryConfig } from "@/lib/schemas/inventory";

export type InventoryConfig = TInventoryConfig;
export type VariableKind = "access_key_id" | "secret_access_key" | "role_arn";

export const DEFAULT_INVENTORY_CONFIG: InventoryConfig = {
  groups: [],
  accessKeyIdPatterns: ["AWS_ACCESS_KEY_ID", "*_AWS_ACCESS_KEY_ID"],
  secretKeyPatterns: ["AWS_SECRET_ACCESS_KEY", "*_AWS_SECRET_ACCESS_KEY"],
  roleArnPatterns: ["ROLE_ARN", "AWS_ROLE_ARN", "*_ROLE_ARN"],
};

/** An access key id: long-term (AKIA) or temporary (ASIA). Not a secret (AWS IAM docs, "Access key IDs are not secret"). */
export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** Line terminators: a `*` never spans one (the pattern language this file always had). */
const LINE_TERMINATORS = /([\n\r\u2028\u2029])/;

/**
 * A key pattern: `*` matches any run of characters except line terminators, everything else is
 * literal and compared ignoring case. Matched with the policy engine's linear-bounded wildcard
 * matcher, never a RegExp built from the admin's pattern. A key is split at line terminators
 * (GitLab keys have none): each piece must match the pattern's piece, terminators exactly.
 */
function keyMatcher(pattern: string): (key: string) => boolean {
  const pieces = pattern.split(LINE_TERMINATORS);
  const globs = pieces.map((piece, i) => (i % 2 === 0 ? compileWildcards(piece, { one: false, ignoreCase: true }) : null));
  return (key) => {
    const keyPieces = key.split(LINE_TERMINATORS);
    if (keyPieces.length !== pieces.length) return false;
    return keyPieces.every((piece, i) => (i % 2 === 1 ? piece === pieces[i] : matchesText(globs[i] as CompiledGlob, piece)));
  };
}

export type KeyClassifier = (key: string) => VariableKind | null;

/** Secret-key patterns are checked first: a key matching both is treated as the more sensitive kind, so its value is never read. */
export function keyClassifier(config: InventoryConfig): KeyClassifier {
  const rules: [VariableKind, ((key: string) => boolean)[]][] = [
    ["secret_access_key", config.secretKeyPatterns.map(keyMatcher)],
    ["access_key_id", config.accessKeyIdPatterns.map(keyMatcher)],
    ["role_arn", config.roleArnPatterns.map(keyMatcher)],
  ];
  return (key) => rules.find(([, matchers]) => matchers.some((matches) => matches(key)))?.[0] ?? null;
}
