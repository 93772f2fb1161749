/**
 * `plan(desired, actual)`: the pure heart of the reconciler. No I/O: plain data in, an ordered
 * list of operations out (OIDC providers, then trust policies, then variables), with everything
 * it will not touch listed (foreign statements and variables, conflicts), what it could not read,
 * and the roles it holds back (over quota, critical findings, unparseable policy). A plan never
 * refuses as a whole: what can be planned is planned, and each thing left out is named.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { ciSnippet } from "./ci-snippet";
import { planRole, trustPolicyKey } from "./trust-plan";
import { desiredScopes, planVariables } from "./variable-plan";
import type { ActualState, DesiredAccount, DesiredState, ForeignStatement, Operation, OperationKind, Plan, PlanProblem, UnreadPart } from "./types";

export function providerKey(providerArn: string): string {
  return `oidc-provider:${providerArn}`;
}

function planProvider(account: DesiredAccount, actual: ActualState["accounts"][string]): Operation[] {
  if (actual.provider === null) {
    return [{ kind: "oidc-provider.create", key: providerKey(account.providerArn), dependsOn: [], accountId: account.accountId, url: account.issuerUrl, clientIds: [...account.audiences].sort() }];
  }
  const { arn, clientIds } = actual.provider;
  return account.audiences
    .filter((aud) => !clientIds.includes(aud))
    .sort()
    .map((clientId) => ({ kind: "oidc-provider.add-client-id", key: `${providerKey(arn)}:client-id:${clientId}`, dependsOn: [], accountId: account.accountId, providerArn: arn, clientId }));
}

/**
 * SHA-256 of `canonicalize(operations)`, fed one operation at a time: the same bytes (`[`, each
 * operation's canonical JSON joined by `,`, `]`) without building one string of the whole plan
 * (tens of MB for thousands of operations).
 */
export function hashOperations(operations: readonly Operation[]): string {
  const hash = createHash("sha256").update("[");
  for (let i = 0; i < operations.length; i++) {
    if (i > 0) hash.update(",");
    // canonicalize writes an array element with no JSON form (undefined, a hole) as null.
    hash.update(canonicalJson(operations[i]) ?? "null");
  }
  return hash.update("]").digest("hex");
}

/** The problems that mean part of the actual state was not read (or not parsed), as parts. */
function unreadOf(problems: readonly PlanProblem[]): UnreadPart[] {
  return problems.flatMap((p): UnreadPart[] => {
    if (p.code === "account-unreadable") return [{ kind: "aws-account", ref: p.accountId ?? "", message: p.message }];
    if (p.code === "target-unreadable" && p.target) return [{ kind: "gitlab-target", ref: `${p.target.kind}:${String(p.target.path)}`, message: p.message }];
    if (p.code === "unreadable-policy") return [{ kind: "trust-policy", ref: p.roleArn ?? "", message: p.message }];
    return [];
  });
}

export function plan(desired: DesiredState, actual: ActualState): Plan {
  const problems: PlanProblem[] = [];
  const providerOps: Operation[] = [];
  const trustOps: Operation[] = [];
  const foreignStatements: ForeignStatement[] = [];
  const accounts = new Map(desired.accounts.map((a) => [a.accountId, a]));
  const readable = new Set<string>();
  const providerDeps = new Map<string, string[]>();
  const withMappings = new Set(desired.roles.filter((r) => r.mappings.length > 0).map((r) => r.accountId));
  // Roles read from IAM and planned (or in sync): only their mappings get variables.
  const inPlace = new Set<string>();

  for (const account of [...desired.accounts].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))) {
    const state = actual.accounts[account.accountId];
    if (state === undefined || state.error !== undefined) {
      problems.push({ severity: "error", code: "account-unreadable", accountId: account.accountId, message: `AWS account ${account.name} (${account.accountId}) could not be read${state?.error ? `: ${state.error}` : ""}; nothing is planned for its roles.` });
      continue;
    }
    readable.add(account.accountId);
    const ops = withMappings.has(account.accountId) ? planProvider(account, state) : [];
    providerOps.push(...ops);
    providerDeps.set(account.accountId, ops.map((op) => op.key));
  }

  const roles = [...desired.roles].sort((a, b) => (a.arn < b.arn ? -1 : 1));
  for (const role of roles) {
    const account = accounts.get(role.accountId);
    if (account === undefined) {
      problems.push({ severity: "error", code: "account-missing", roleArn: role.arn, message: `Role ${role.arn} belongs to no connected AWS account.` });
      continue;
    }
    if (!readable.has(role.accountId)) continue;
    const actualRole = actual.accounts[role.accountId]?.roles[role.name];
    const result = planRole(role, account, actualRole, providerDeps.get(role.accountId) ?? []);
    if (result.operation) trustOps.push(result.operation);
    problems.push(...result.problems);
    foreignStatements.push(...result.foreign);
    if (actualRole !== undefined && !result.problems.some((p) => p.severity === "blocking")) inPlace.add(role.arn);
  }

  // trustOps are trust-policy updates, keyed trustPolicyKey(roleArn): one set look-up per variable.
  const updatedRoles = new Set(trustOps.map((op) => (op.kind === "trust-policy.update" ? op.roleArn : null)));
  const dependsOnRole = (roleArn: string) => (updatedRoles.has(roleArn) ? [trustPolicyKey(roleArn)] : []);
  const scopes = desiredScopes(desired);
  // A job must not be told to assume a role that is missing, unknown or held back.
  const variables = planVariables(desired, actual.targets, dependsOnRole, scopes, (roleArn) => !inPlace.has(roleArn));
  problems.push(...variables.problems);

  const order: Record<OperationKind, number> = {
    "oidc-provider.create": 0,
    "oidc-provider.add-client-id": 1,
    "trust-policy.update": 2,
    "variable.create": 3,
    "variable.update": 3,
    "variable.delete": 4,
  };
  // Ordered by kind, then key (stable): each kind's operations sorted by key on their own, then
  // concatenated in kind order, which is the same order with cheaper comparisons.
  const buckets: Operation[][] = [[], [], [], [], []];
  for (const op of [...providerOps, ...trustOps, ...variables.operations]) (buckets[order[op.kind]] as Operation[]).push(op);
  const operations = buckets.flatMap((bucket) => bucket.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  const byKind: Partial<Record<OperationKind, number>> = {};
  for (const op of operations) byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
  return {
    operations,
    problems,
    unread: unreadOf(problems),
    foreignStatements,
    foreignVariables: variables.foreign,
    ciSnippets: scopes.map((scope) => ciSnippet(scope, desired.roleArnVariable)),
    summary: {
      roles: desired.roles.length,
      mappings: desired.roles.reduce((n, r) => n + r.mappings.length, 0),
      targets: new Set(scopes.map((s) => `${s.target.kind}:${String(s.target.path)}`)).size,
      operations: operations.length,
      byKind,
    },
    hash: hashOperations(operations),
  };
}
