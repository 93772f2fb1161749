/**
 * GitLab's CI/CD variable semantics on an in-memory list, shared by the memory port
 * (`memory-port.ts`) and the HTTP fake (`main.ts`) so both behave like the real API (lib/api/ci/variables.rb,
 * lib/api/helpers/variables_helpers.rb, app/finders/ci/variables_finder.rb):
 * - a variable is identified by key + environment scope;
 * - look-ups by key alone fail with 409 when several scopes hold the key;
 * - failures carry GitLab's HTTP status and body, so callers map them like real responses.
 */
import type { GitLabVariable, NewVariable } from "@/lib/gitlab/port";
import { variableFromNew, type IntendedVariable } from "@/lib/gitlab/variable-defaults";
import {
  AMBIGUOUS_VARIABLE_MESSAGE,
  duplicateKeyMessage,
  hasErrors,
  validateNewVariable,
  validateVariableUpdate,
  type FieldErrors,
} from "./rules/variables";

/** What GitLab stores: unlike what it shows, the value of a hidden variable is kept. */
export type StoredVariable = IntendedVariable;

export type VariableChanges = Partial<Omit<StoredVariable, "key" | "hidden">>;

export interface StoreFailure {
  ok: false;
  status: 400 | 404 | 409;
  body: { message: string | FieldErrors };
}
export type StoreResult<T> = { ok: true; value: T } | StoreFailure;

const fail = (status: StoreFailure["status"], message: string | FieldErrors): StoreFailure => ({
  ok: false,
  status,
  body: { message },
});

/** What the API shows: a hidden variable's value is never returned. */
export function presentVariable(v: StoredVariable): GitLabVariable {
  return { ...v, value: v.hidden ? null : v.value };
}

export class VariableStore {
  private readonly items: StoredVariable[];

  /** `items`: the variables to start with (copied), e.g. from a stored sandbox state. */
  constructor(items: readonly StoredVariable[] = []) {
    this.items = items.map((v) => ({ ...v }));
  }

  list(): readonly StoredVariable[] {
    return this.items;
  }

  /** An empty scope filter counts as none, as in GitLab's finder (`present?`). */
  find(key: string, scopeFilter?: string): StoreResult<StoredVariable> {
    const matches = this.items.filter((v) => v.key === key && (!scopeFilter || v.environmentScope === scopeFilter));
    if (matches.length > 1) return fail(409, AMBIGUOUS_VARIABLE_MESSAGE);
    const [match] = matches;
    return match ? { ok: true, value: match } : fail(404, "404 Variable Not Found");
  }

  create(input: NewVariable): StoreResult<StoredVariable> {
    const v = variableFromNew(input);
    const errors = validateNewVariable(v);
    if (this.taken(v)) (errors.key ??= []).push(duplicateKeyMessage(v.key));
    if (hasErrors(errors)) return fail(400, errors);
    this.items.push(v);
    return { ok: true, value: v };
  }

  update(key: string, scopeFilter: string | undefined, changes: VariableChanges): StoreResult<StoredVariable> {
    const found = this.find(key, scopeFilter);
    if (!found.ok) return found;
    const before = found.value;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const after: StoredVariable = { ...before, ...defined, environmentScope: changes.environmentScope || before.environmentScope };
    const errors = validateVariableUpdate(before, after);
    if (this.taken(after, before)) (errors.key ??= []).push(duplicateKeyMessage(after.key));
    if (hasErrors(errors)) return fail(400, errors);
    Object.assign(before, after);
    return { ok: true, value: before };
  }

  remove(key: string, scopeFilter?: string): StoreResult<StoredVariable> {
    const found = this.find(key, scopeFilter);
    if (!found.ok) return found;
    this.items.splice(this.items.indexOf(found.value), 1);
    return found;
  }

  private taken(v: StoredVariable, self?: StoredVariable): boolean {
    return this.items.some((o) => o !== self && o.key === v.key && o.environmentScope === v.environmentScope);
  }
}
