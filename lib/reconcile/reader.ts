/**
 * Read the actual state through the ports with the fewest calls: per AWS account one ListRoles
 * walk (every trust policy comes with it: ceil(roles/1000) calls) and, when the account has
 * mappings, one GetOpenIDConnectProvider; per GitLab target one variable list.
 */
import { isAppError } from "@/lib/errors";
import type { VariableTarget } from "@/lib/gitlab/port";
import type { ReconcilePorts } from "./apply";
import { targetKey } from "./targets";
import type { ActualAccount, ActualState, ActualTarget, DesiredAccount, DesiredState } from "./types";
import { desiredTargets } from "./variable-plan";

export interface ReadOptions {
  /** GitLab targets read at once (default 16). */
  concurrency?: number;
}

/** Why a read failed, as a clause: the plan's problem message goes on after it ("…: reason; nothing is planned"). */
function describe(e: unknown): string {
  const message = isAppError(e) ? e.userMessage : e instanceof Error ? e.message : String(e);
  return message.replace(/\.$/, "");
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function readAccount(account: DesiredAccount, needsProvider: boolean, ports: ReconcilePorts): Promise<ActualAccount> {
  const iam = ports.iam(account.accountId);
  try {
    const [roles, provider] = await Promise.all([
      iam.listRoles(),
      needsProvider
        ? iam.getOpenIDConnectProvider(account.providerArn).then(
            (p) => ({ arn: p.arn, clientIds: p.clientIds }),
            (e: unknown) => {
              if (isAppError(e) && e.code === "NOT_FOUND") return null;
              throw e;
            },
          )
        : Promise.resolve(null),
    ]);
    return {
      accountId: account.accountId,
      roles: Object.fromEntries(roles.map((r) => [r.name, { arn: r.arn, name: r.name, document: r.trustPolicy.text }])),
      provider,
    };
  } catch (e) {
    return { accountId: account.accountId, roles: {}, provider: null, error: describe(e) };
  }
}

async function readTarget(target: VariableTarget, ports: ReconcilePorts): Promise<ActualTarget> {
  try {
    const variables = await ports.gitlab.listVariables(target);
    return {
      target,
      variables: variables.map((v) => ({ key: v.key, environmentScope: v.environmentScope, value: v.value, protected: v.protected, masked: v.masked, description: v.description })),
    };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return { target, variables: null };
    return { target, variables: null, error: describe(e) };
  }
}

/** Every GitLab target the plan looks at: those with desired variables and those trustmap wrote before. */
export function targetsToRead(desired: DesiredState): VariableTarget[] {
  const all = new Map<string, VariableTarget>();
  for (const target of desiredTargets(desired)) all.set(targetKey(target), target);
  for (const target of desired.knownTargets) all.set(targetKey(target), target);
  return [...all.values()];
}

export async function readActualState(desired: DesiredState, ports: ReconcilePorts, options: ReadOptions = {}): Promise<ActualState> {
  const withAnyRole = new Set(desired.roles.map((r) => r.accountId));
  const withRoles = desired.accounts.filter((a) => withAnyRole.has(a.accountId));
  const withMappings = new Set(desired.roles.filter((r) => r.mappings.length > 0).map((r) => r.accountId));
  const [accounts, targets] = await Promise.all([
    Promise.all(withRoles.map((a) => readAccount(a, withMappings.has(a.accountId), ports))),
    mapLimit(targetsToRead(desired), options.concurrency ?? 16, (t) => readTarget(t, ports)),
  ]);
  return {
    accounts: Object.fromEntries(accounts.map((a) => [a.accountId, a])),
    targets: Object.fromEntries(targets.map((t) => [targetKey(t.target), t])),
  };
}
