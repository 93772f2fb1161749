/**
 * GitLab's validation rules for CI/CD variables, with GitLab's own error wording, so the memory
 * port, the test fake and form validation agree with the real API.
 *
 * Sources (gitlab-org/gitlab): app/models/concerns/ci/has_variable.rb (key),
 * app/models/concerns/ci/maskable.rb (masked value), app/models/concerns/ci/hidable_variable.rb
 * (hidden), app/models/ci/variable.rb and group_variable.rb (uniqueness per key and scope).
 */

export const MAX_KEY_LENGTH = 255;
export const MAX_DESCRIPTION_LENGTH = 255;
export const KEY_PATTERN = /^[a-zA-Z0-9_]+$/;
/** Masked, expanded values: one line, ≥ 8 characters, Base64 alphabet plus `@ : . ~` (and `-`, `_`). */
export const MASKED_VALUE_PATTERN = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
/** Masked raw values: any non-whitespace character, ≥ 8 of them. */
export const MASKED_RAW_VALUE_PATTERN = /^\S{8,}$/;

/** Field → messages, the shape of GitLab's 400 `{"message": {...}}` body. */
export type FieldErrors = Record<string, string[]>;

export interface VariableFields {
  key: string;
  value: string;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  description: string | null;
}

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/** Model validations that apply on create and update alike. */
export function validateVariable(v: VariableFields): FieldErrors {
  const errors: FieldErrors = {};
  if (v.key.length === 0) add(errors, "key", "can't be blank");
  if (v.key.length > MAX_KEY_LENGTH) add(errors, "key", `is too long (maximum is ${MAX_KEY_LENGTH} characters)`);
  if (v.key.length > 0 && !KEY_PATTERN.test(v.key)) add(errors, "key", "can contain only letters, digits and '_'.");
  if (v.masked && !(v.raw ? MASKED_RAW_VALUE_PATTERN : MASKED_VALUE_PATTERN).test(v.value)) add(errors, "value", "is invalid");
  if (v.description !== null && v.description.length > MAX_DESCRIPTION_LENGTH) {
    add(errors, "description", `is too long (maximum is ${MAX_DESCRIPTION_LENGTH} characters)`);
  }
  return errors;
}

/** Create-only rule: a hidden variable must be masked. */
export function validateNewVariable(v: VariableFields): FieldErrors {
  const errors = validateVariable(v);
  if (v.hidden && !v.masked) add(errors, "masked", "should be true when variable is hidden");
  return errors;
}

/** Update-only rule: a hidden variable's masking cannot change. */
export function validateVariableUpdate(before: { masked: boolean; hidden: boolean }, after: VariableFields): FieldErrors {
  const errors = validateVariable(after);
  if (before.hidden && before.masked !== after.masked) {
    add(errors, "base", "The visibility setting cannot be changed for masked and hidden variables.");
  }
  return errors;
}

/** GitLab answers a duplicate key + scope with 400 and this message on `key` (not 409). */
export function duplicateKeyMessage(key: string): string {
  return `(${key}) has already been taken`;
}

export const AMBIGUOUS_VARIABLE_MESSAGE =
  "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'";

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
