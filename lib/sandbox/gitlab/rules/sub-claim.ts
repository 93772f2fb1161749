/**
 * Rules for a project's `ci_id_token_sub_claim_components` (Projects API, GitLab 17.10+).
 * Source: gitlab-org/gitlab app/models/project_ci_cd_setting.rb (`ALLOWED_SUB_CLAIM_COMPONENTS`,
 * `validate_sub_claim_components`). Newer GitLab versions may accept more components; callers
 * that know their instance can pass its list.
 */
import type { FieldErrors } from "./variables";

export const DEFAULT_SUB_CLAIM_COMPONENTS = ["project_path", "ref_type", "ref"] as const;
export const ALLOWED_SUB_CLAIM_COMPONENTS: readonly string[] = DEFAULT_SUB_CLAIM_COMPONENTS;

const FIELD = "ci_cd_settings.id_token_sub_claim_components";

export function validateSubClaimComponents(
  components: readonly string[],
  allowed: readonly string[] = ALLOWED_SUB_CLAIM_COMPONENTS,
): FieldErrors {
  const messages: string[] = [];
  if (components.length === 0) messages.push("is too short (minimum is 1 character)");
  if (components[0] !== "project_path") messages.push("project_path must be the first element of the sub claim");
  for (const c of components) {
    if (!allowed.includes(c)) messages.push(`${c} is not an allowed sub claim component`);
  }
  return messages.length > 0 ? { [FIELD]: messages } : {};
}
