/**
 * The production ports: IAM through the SDK's default credential chain (and AWS_ENDPOINT_URL /
 * AWS_ENDPOINT_URL_IAM, honoured by the SDK), assuming an account's management role when one is
 * configured; GitLab at GITLAB_URL with GITLAB_TOKEN. Each account's port first checks with STS
 * that its credentials belong to that account (lib/aws/identity.ts).
 */
import "server-only";
import { createIamAdapter, type IamAdapter } from "@/lib/aws/adapter";
import { accountCredentials } from "@/lib/aws/credentials";
import { callerAccountId, guardAccount, stsEndpointFromEnv, wrongAccountError } from "@/lib/aws/identity";
import { AppError } from "@/lib/errors";
import { createGitLabAdapter, type GitLabAdapter } from "@/lib/gitlab/adapter";
import type { ReconcilePorts } from "./apply";

export interface AccountAccess {
  accountId: string;
  managementRoleArn: string | null;
}

export interface EnvPorts extends ReconcilePorts {
  gitlab: GitLabAdapter;
  /** Adapters created so far, by account (for call counts). */
  iamAdapters(): Map<string, IamAdapter>;
  close(): void;
}

/** Where STS and management-role sessions are reached from this environment. */
function stsSettings(env: NodeJS.ProcessEnv) {
  // STS is called from where trustmap runs, so its region is trustmap's, not the region an
  // account's CI jobs use (which may be an opt-in region trustmap's own account has not enabled).
  return { region: env.AWS_REGION || "us-east-1", endpoint: stsEndpointFromEnv(env) };
}

/**
 * The credentials trustmap would use for this account, and the account STS says they belong to;
 * throws CONFIG (`wrongAccountError`) when that is another account. Sends nothing to IAM.
 */
export async function checkAccountCredentials(
  access: Pick<AccountAccess, "accountId" | "managementRoleArn">,
  env: NodeJS.ProcessEnv = process.env,
  credentials = accountCredentials(access.managementRoleArn, stsSettings(env)),
): Promise<{ callerAccountId: string }> {
  const actual = await callerAccountId({ ...stsSettings(env), credentials });
  if (actual !== access.accountId) throw wrongAccountError(access.accountId, actual, access.managementRoleArn);
  return { callerAccountId: actual };
}

export function createPortsFromEnv(accounts: readonly AccountAccess[], env: NodeJS.ProcessEnv = process.env): EnvPorts {
  const token = env.GITLAB_TOKEN;
  if (!token) throw new AppError("CONFIG", "GITLAB_TOKEN is not set: the reconciler needs a GitLab API token (scope api) to manage CI/CD variables.");
  // retryCreates: a variable create whose answer is lost is retried and read back (lib/gitlab/adapter.ts).
  const gitlab = createGitLabAdapter({ host: env.GITLAB_URL || "https://gitlab.com", token, retry: { retryCreates: true } });
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  const adapters = new Map<string, IamAdapter>();
  return {
    gitlab,
    iam(accountId) {
      const existing = adapters.get(accountId);
      if (existing) return existing;
      const access = byId.get(accountId);
      const managementRoleArn = access?.managementRoleArn ?? null;
      // One credentials provider for the check and the calls, so both see the same identity.
      const credentials = accountCredentials(managementRoleArn, stsSettings(env));
      const adapter = guardAccount(createIamAdapter({ credentials }), async () => {
        await checkAccountCredentials({ accountId, managementRoleArn }, env, credentials);
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
