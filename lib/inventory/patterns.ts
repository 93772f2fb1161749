/**
 * Which CI/CD variable keys count as AWS credentials or a role ARN. Matching is by KEY only,
 * case-insensitive (people write aws_access_key_id too), `*` matching any run of characters.
 */
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

function toRegExp(pattern: string): RegExp {
  const body = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`, "i");
}

export type KeyClassifier = (key: string) => VariableKind | null;

/** Secret-key patterns are checked first: a key matching both is treated as the more sensitive kind, so its value is never read. */
export function keyClassifier(config: InventoryConfig): KeyClassifier {
  const rules: [VariableKind, RegExp[]][] = [
    ["secret_access_key", config.secretKeyPatterns.map(toRegExp)],
    ["access_key_id", config.accessKeyIdPatterns.map(toRegExp)],
    ["role_arn", config.roleArnPatterns.map(toRegExp)],
  ];
  return (key) => rules.find(([, res]) => res.some((re) => re.test(key)))?.[0] ?? null;
}
