/**
 * What GitLab stores for a variable create request: its default for every attribute left out
 * (doc/api/project_level_variables.md, group_level_variables.md). The adapter compares a
 * variable read back after a lost create answer with this; the GitLab fake stores it.
 */
import type { GitLabVariable, NewVariable } from "./port";

/** A variable as GitLab keeps it: unlike what it shows, a hidden variable's value is known here. */
export type IntendedVariable = Omit<GitLabVariable, "value"> & { value: string };

export function variableFromNew(input: NewVariable): IntendedVariable {
  const hidden = input.maskedAndHidden === true;
  return {
    key: input.key.trim(),
    value: input.value,
    environmentScope: input.environmentScope || "*",
    protected: input.protected ?? false,
    masked: hidden || (input.masked ?? false),
    hidden,
    raw: input.raw ?? false,
    variableType: input.variableType ?? "env_var",
    description: input.description ?? null,
  };
}
