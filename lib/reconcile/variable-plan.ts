/**
 * Plan the GitLab CI/CD variables: per target (project or group) and environment scope, the role
 * ARN variable and AWS_REGION. trustmap owns a variable iff it carries MANAGED_VARIABLE_DESCRIPTION;
 * a variable it does not own is never written, and one with a key+scope trustmap wants is a
 * conflict. Two mappings wanting different values for the same key+scope are a conflict too:
 * neither value is picked.
 */
import type { VariableTarget } from "@/lib/gitlab/port";
import { environmentScopeOf, mappingTarget, targetKey } from "./targets";
import {
  MANAGED_VARIABLE_DESCRIPTION,
  REGION_VARIABLE,
  type ActualTarget,
  type ActualVariable,
  type DesiredState,
  type ForeignVariable,
  type Operation,
  type PlanProblem,
} from "./types";

interface Wish {
  value: string;
  protectedRefsOnly: boolean;
  mappingId: string;
  /** The role whose trust policy this value depends on (null for AWS_REGION). */
  roleArn: string | null;
  /** The role of the mapping that wants it (for AWS_REGION too). */
  mappingRole: string;
  audience: string;
}

/** Desired variables of one target and environment scope, by key. */
export interface DesiredScope {
  target: VariableTarget;
  environmentScope: string;
  wishes: Map<string, Wish[]>;
}

export interface VariablePlan {
  operations: Operation[];
  problems: PlanProblem[];
  foreign: ForeignVariable[];
}

function scopeKey(target: VariableTarget, environmentScope: string): string {
  return `${targetKey(target)}\n${environmentScope}`;
}

export function variableKey(target: VariableTarget, key: string, environmentScope: string): string {
  return `variable:${targetKey(target)}:${key}:${environmentScope}`;
}

/** Every (target, environment scope) the approved mappings need variables in. */
export function desiredScopes(desired: DesiredState): DesiredScope[] {
  const regionOf = new Map(desired.accounts.map((a) => [a.accountId, a.region]));
  const scopes = new Map<string, DesiredScope>();
  const wish = (scope: DesiredScope, key: string, value: Wish) => {
    const list = scope.wishes.get(key);
    if (list === undefined) scope.wishes.set(key, [value]);
    else list.push(value);
  };
  for (const role of desired.roles) {
    const region = regionOf.get(role.accountId);
    for (const mapping of role.mappings) {
      const target = mappingTarget(mapping);
      const environmentScope = environmentScopeOf(mapping);
      const id = scopeKey(target, environmentScope);
      let scope = scopes.get(id);
      if (scope === undefined) {
        scope = { target, environmentScope, wishes: new Map<string, Wish[]>() };
        scopes.set(id, scope);
      }
      wish(scope, desired.roleArnVariable, { value: role.arn, protectedRefsOnly: mapping.protectedRefsOnly, mappingId: mapping.id, roleArn: role.arn, mappingRole: role.arn, audience: mapping.audience });
      if (region !== undefined) wish(scope, REGION_VARIABLE, { value: region, protectedRefsOnly: mapping.protectedRefsOnly, mappingId: mapping.id, roleArn: null, mappingRole: role.arn, audience: mapping.audience });
    }
  }
  // Sorted by scope key; the map keys are those keys, so they are not rebuilt for every comparison.
  return [...scopes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, scope]) => scope);
}

/**
 * The targets of `desiredScopes(desired)`, in the order they first appear there, without building
 * the wishes: a target comes at the position of its smallest scope key.
 */
export function desiredTargets(desired: DesiredState): VariableTarget[] {
  const first = new Map<string, { id: string; target: VariableTarget }>();
  for (const role of desired.roles) {
    for (const mapping of role.mappings) {
      const target = mappingTarget(mapping);
      const id = scopeKey(target, environmentScopeOf(mapping));
      const key = targetKey(target);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, { id, target });
      else if (id < seen.id) seen.id = id;
    }
  }
  return [...first.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((entry) => entry.target);
}

export function isOwnedVariable(variable: { description: string | null }): boolean {
  return variable.description === MANAGED_VARIABLE_DESCRIPTION;
}

/** The distinct, sorted operations the wishes' roles need first. */
function dependenciesOf(wishes: Wish[], dependsOnRole: (roleArn: string) => string[]): string[] {
  const keys = new Set<string>();
  for (const wish of wishes) if (wish.roleArn !== null) for (const key of dependsOnRole(wish.roleArn)) keys.add(key);
  return [...keys].sort();
}

/** What a problem about one variable names (built only for problems, not for every variable). */
function where(scope: DesiredScope, key: string, wishes: Wish[]) {
  return { target: scope.target, variableKey: key, environmentScope: scope.environmentScope, mappingIds: [...new Set(wishes.map((w) => w.mappingId))].sort() };
}

function planKey(
  scope: DesiredScope,
  key: string,
  wishes: Wish[],
  actual: ActualVariable | undefined,
  dependsOnRole: (roleArn: string) => string[],
  isHeld: (roleArn: string) => boolean,
): { operation?: Operation; problem?: PlanProblem } {
  const { target, environmentScope } = scope;
  const values = [...new Set(wishes.map((w) => w.value))].sort();
  if (values.length > 1) {
    return {
      problem: {
        ...where(scope, key, wishes),
        severity: "error",
        code: "variable-conflict",
        message: `Approved mappings want ${key} (scope ${environmentScope}) of ${target.kind} ${String(target.path)} to be ${values.join(" and ")}; trustmap sets neither. Revoke one mapping or give them different environments.`,
      },
    };
  }
  // Only mappings of held-back roles want it: nothing is written, and what is there stays (the
  // key is still claimed, so an owned variable is not deleted while its role is unknown).
  if (wishes.every((w) => isHeld(w.mappingRole))) return {};
  const value = values[0] as string;
  const wanted = { key, environmentScope, value, protected: wishes.every((w) => w.protectedRefsOnly) };
  const dependsOn = dependenciesOf(wishes, dependsOnRole);
  const opKey = variableKey(target, key, environmentScope);
  if (actual === undefined) return { operation: { kind: "variable.create", key: opKey, dependsOn, target, variable: wanted } };
  if (!isOwnedVariable(actual)) {
    return {
      problem: {
        ...where(scope, key, wishes),
        severity: "error",
        code: "foreign-variable-conflict",
        message: `${target.kind} ${String(target.path)} already has ${key} (scope ${environmentScope}), not managed by trustmap; it is left as is. Delete it or mark it "${MANAGED_VARIABLE_DESCRIPTION}" to let trustmap manage it.`,
      },
    };
  }
  if (actual.value === value && actual.protected === wanted.protected && !actual.masked) return {};
  return { operation: { kind: "variable.update", key: opKey, dependsOn, target, variable: wanted, before: { value: actual.value, protected: actual.protected } } };
}

/**
 * Variables of every target that has desired variables or had trustmap variables before.
 * `dependsOnRole` names the operations a role ARN variable must wait for (its trust policy);
 * `isHeld` says which roles get no variables written (missing from IAM, unread, held back).
 */
export function planVariables(
  desired: DesiredState,
  targets: Record<string, ActualTarget>,
  dependsOnRole: (roleArn: string) => string[],
  scopes: readonly DesiredScope[] = desiredScopes(desired),
  isHeld: (roleArn: string) => boolean = () => false,
): VariablePlan {
  const byTarget = new Map<string, { target: VariableTarget; scopes: DesiredScope[] }>();
  for (const target of desired.knownTargets) byTarget.set(targetKey(target), { target, scopes: [] });
  for (const scope of scopes) {
    const entry = byTarget.get(targetKey(scope.target)) ?? { target: scope.target, scopes: [] };
    entry.scopes.push(scope);
    byTarget.set(targetKey(scope.target), entry);
  }
  const operations: Operation[] = [];
  const problems: PlanProblem[] = [];
  const foreign: ForeignVariable[] = [];
  for (const [id, { target, scopes: wanted }] of [...byTarget.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const actual = targets[id];
    const name = `${target.kind} ${String(target.path)}`;
    if (actual === undefined || actual.error !== undefined) {
      problems.push({ severity: "error", code: "target-unreadable", target, message: `The variables of ${name} could not be read${actual?.error ? `: ${actual.error}` : ""}; nothing is planned for it.` });
      continue;
    }
    if (actual.variables === null) {
      if (wanted.length > 0) problems.push({ severity: "error", code: "target-missing", target, message: `${name} does not exist in GitLab (deleted or renamed?); its variables cannot be set.` });
      continue;
    }
    const claimed = new Set<string>();
    // key → scope → the first variable with them (what a linear find would return).
    const existing = new Map<string, Map<string, ActualVariable>>();
    for (const v of actual.variables) {
      const byScope = existing.get(v.key) ?? new Map<string, ActualVariable>();
      existing.set(v.key, byScope);
      if (!byScope.has(v.environmentScope)) byScope.set(v.environmentScope, v);
    }
    for (const scope of wanted) {
      for (const [key, wishes] of [...scope.wishes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        claimed.add(`${key}\n${scope.environmentScope}`);
        const { operation, problem } = planKey(scope, key, wishes, existing.get(key)?.get(scope.environmentScope), dependsOnRole, isHeld);
        if (operation) operations.push(operation);
        if (problem) problems.push(problem);
      }
    }
    for (const v of actual.variables) {
      if (claimed.has(`${v.key}\n${v.environmentScope}`)) continue;
      if (!isOwnedVariable(v)) {
        foreign.push({ target, key: v.key, environmentScope: v.environmentScope });
        continue;
      }
      operations.push({
        kind: "variable.delete",
        key: variableKey(target, v.key, v.environmentScope),
        dependsOn: [],
        target,
        variable: { key: v.key, environmentScope: v.environmentScope },
        before: { value: v.value, protected: v.protected },
      });
    }
  }
  return { operations, problems, foreign };
}
