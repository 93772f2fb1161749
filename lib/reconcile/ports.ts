/**
 * The production ports: IAM through the SDK's default credential chain (and AWS_ENDPOINT_URL /
 * AWS_ENDPOINT_URL_IAM, honoured by the SDK), assuming an account's management role when one is
 * configured; GitLab as lib/gitlab/connection.ts decides (GITLAB_URL with GITLAB_TOKEN, or the
 * demo's sandbox GitLab). Each real account's port first checks with STS that its credentials
 * belong to that account (lib/aws/identity.ts). An account flagged `sandbox` (the seeded demo
 * account) is always served by the sandbox IAM (lib/sandbox), whatever AWS is configured: this is
 * the one place that decides IAM per account.
 */
import "server-only";
import { createIamAdapter, type IamAdapter } from "@/lib/aws/adapter";
import type { IamPort } from "@/lib/aws/port";
import { accountCredentials } from "@/lib/aws/credentials";
import { callerAccountId, guardAccount, wrongAccountError } from "@/lib/aws/identity";
import { config, type Config } from "@/lib/config";
import type { Db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import type { GitLabAdapter } from "@/lib/gitlab/adapter";
import { connectGitLab } from "@/lib/gitlab/connection";
import { sandboxIam } from "@/lib/sandbox/service";
import type { ReconcilePorts } from "./apply";

export interface AccountAccess {
  accountId: string;
  managementRoleArn: string | null;
  /** Served by the sandbox IAM, never by AWS (absent: a real account). */
  sandbox?: boolean;
}

export interface EnvPorts extends ReconcilePorts {
  gitlab: GitLabAdapter;
  /** Adapters created so far, by account (for call counts). */
  iamAdapters(): Map<string, IamAdapter>;
  close(): void;
}

/** Where STS and management-role sessions are reached from this configuration. */
function stsSettings(cfg: Config) {
  // STS is called from where trustmap runs, so its region is trustmap's, not the region an
  // account's CI jobs use (which may be an opt-in region trustmap's own account has not enabled).
  return { region: cfg.aws.region, endpoint: cfg.aws.stsEndpoint };
}

/**
 * The credentials trustmap would use for this account, and the account STS says they belong to;
 * throws CONFIG (`wrongAccountError`) when that is another account. Sends nothing to IAM.
 */
export async function checkAccountCredentials(
  access: Pick<AccountAccess, "accountId" | "managementRoleArn">,
  cfg: Config = config(),
  credentials = accountCredentials(access.managementRoleArn, stsSettings(cfg)),
): Promise<{ callerAccountId: string }> {
  const actual = await callerAccountId({ ...stsSettings(cfg), credentials });
  if (actual !== access.accountId) throw wrongAccountError(access.accountId, actual, access.managementRoleArn);
  return { callerAccountId: actual };
}

/**
 * A GitLab port for when none is connected: every call fails with CONFIG saying so, so a plan
 * names each GitLab target it could not read instead of refusing as a whole.
 */
function notConnectedGitLab(): GitLabAdapter {
  const fail = async (): Promise<never> => {
    throw new AppError("CONFIG", "GitLab is not connected (GITLAB_TOKEN is not set), so its CI/CD variables cannot be read or written");
  };
  return {
    getProject: fail,
    getGroup: fail,
    listGroupProjects: fail,
    listDescendantGroups: fail,
    listBranches: fail,
    listProtectedBranches: fail,
    listProtectedTags: fail,
    listAllMembers: fail,
    listVariables: fail,
    createVariable: fail,
    updateVariable: fail,
    deleteVariable: fail,
    getSubClaimComponents: fail,
    setSubClaimComponents: fail,
    requestCount: () => 0,
  };
}

/** `db`: where the sandbox's state is read (default: the app's client); a worker passes its own. */
export function createPortsFromConfig(accounts: readonly AccountAccess[], cfg: Config = config(), db?: Db): EnvPorts {
  const gitlab = connectGitLab("background", cfg, db) ?? notConnectedGitLab();
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  const adapters = new Map<string, IamAdapter>();
  const sandboxes = new Map<string, IamPort>();
  return {
    gitlab,
    iam(accountId) {
      if (byId.get(accountId)?.sandbox) {
        const port = sandboxes.get(accountId) ?? sandboxIam(accountId, db);
        sandboxes.set(accountId, port);
        return port;
      }
      const existing = adapters.get(accountId);
      if (existing) return existing;
      const access = byId.get(accountId);
      const managementRoleArn = access?.managementRoleArn ?? null;
      // One credentials provider for the check and the calls, so both see the same identity.
      const credentials = accountCredentials(managementRoleArn, stsSettings(cfg));
      const adapter = guardAccount(createIamAdapter({ credentials }), async () => {
        await checkAccountCredentials({ accountId, managementRoleArn }, cfg, credentials);
      });
      adapters.set(accountId, adapter);
      return adapter;
    },
    iamAdapters: () => adapters,
    close() {
      for (const adapter of adapters.values()) adapter.destroy();
    },
  };
}
