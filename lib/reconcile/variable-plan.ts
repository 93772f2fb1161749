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
  for (const role of desired.roles) {
    for (const mapping of role.mappings) {
      const target = mappingTarget(mapping);
      const environmentScope = environmentScopeOf(mapping);
      const id = scopeKey(target, environmentScope);
      const scope = scopes.get(id) ?? { target, environmentScope, wishes: new Map<string, Wish[]>() };
      scopes.set(id, scope);
      const wish = (key: string, value: string, roleArn: string | null) => {
        const list = scope.wishes.get(key) ?? [];
        list.push({ value, protectedRefsOnly: mapping.protectedRefsOnly, mappingId: mapping.id, roleArn, audience: mapping.audience });
        scope.wishes.set(key, list);
      };
      wish(desired.roleArnVariable, role.arn, role.arn);
      const region = regionOf.get(role.accountId);
      if (region !== undefined) wish(REGION_VARIABLE, region, null);
    }
  }
  return [...scopes.values()].sort((a, b) => (scopeKey(a.target, a.environmentScope) < scopeKey(b.target, b.environmentScope) ? -1 : 1));
}

export function isOwnedVariable(variable: { description: string | null }): boolean {
  return variable.description === MANAGED_VARIABLE_DESCRIPTION;
}

function planKey(
  scope: DesiredScope,
  key: string,
  wishes: Wish[],
  actual: ActualVariable | undefined,
  dependsOnRole: (roleArn: string) => string[],
): { operation?: Operation; problem?: PlanProblem } {
  const { target, environmentScope } = scope;
  const where = { target, variableKey: key, environmentScope, mappingIds: [...new Set(wishes.map((w) => w.mappingId))].sort() };
  const values = [...new Set(wishes.map((w) => w.value))].sort();
  if (values.length > 1) {
    return {
      problem: {
        ...where,
        severity: "error",
        code: "variable-conflict",
        message: `Approved mappings want ${key} (scope ${environmentScope}) of ${target.kind} ${String(target.path)} to be ${values.join(" and ")}; trustmap sets neither. Revoke one mapping or give them different environments.`,
      },
    };
  }
  const value = values[0] as string;
  const wanted = { key, environmentScope, value, protected: wishes.every((w) => w.protectedRefsOnly) };
  const dependsOn = [...new Set(wishes.flatMap((w) => (w.roleArn === null ? [] : dependsOnRole(w.roleArn))))].sort();
  const opKey = variableKey(target, key, environmentScope);
  if (actual === undefined) return { operation: { kind: "variable.create", key: opKey, dependsOn, target, variable: wanted } };
  if (!isOwnedVariable(actual)) {
    return {
      problem: {
        ...where,
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
 * `dependsOnRole` names the operations a role ARN variable must wait for (its trust policy).
 */
export function planVariables(desired: DesiredState, targets: Record<string, ActualTarget>, dependsOnRole: (roleArn: string) => string[]): VariablePlan {
  const scopes = desiredScopes(desired);
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
    const find = (key: string, scope: string) => actual.variables?.find((v) => v.key === key && v.environmentScope === scope);
    for (const scope of wanted) {
      for (const [key, wishes] of [...scope.wishes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        claimed.add(`${key}\n${scope.environmentScope}`);
        const { operation, problem } = planKey(scope, key, wishes, find(key, scope.environmentScope), dependsOnRole);
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
