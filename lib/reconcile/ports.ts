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
  region: string;
  managementRoleArn: string | null;
}

export interface EnvPorts extends ReconcilePorts {
  gitlab: GitLabAdapter;
  /** Adapters created so far, by account (for call counts). */
  iamAdapters(): Map<string, IamAdapter>;
  close(): void;
}

export function createPortsFromEnv(accounts: readonly AccountAccess[], env: NodeJS.ProcessEnv = process.env): EnvPorts {
  const token = env.GITLAB_TOKEN;
  if (!token) throw new AppError("CONFIG", "GITLAB_TOKEN is not set: the reconciler needs a GitLab API token (scope api) to manage CI/CD variables.");
  const gitlab = createGitLabAdapter({ host: env.GITLAB_URL || "https://gitlab.com", token });
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  const adapters = new Map<string, IamAdapter>();
  const stsEndpoint = stsEndpointFromEnv(env);
  // STS is called from where trustmap runs, so its region is trustmap's, not the region an
  // account's CI jobs use (which may be an opt-in region trustmap's own account has not enabled).
  const stsRegion = env.AWS_REGION || "us-east-1";
  return {
    gitlab,
    iam(accountId) {
      const existing = adapters.get(accountId);
      if (existing) return existing;
      const access = byId.get(accountId);
      const managementRoleArn = access?.managementRoleArn ?? null;
      const credentials = accountCredentials(managementRoleArn, { region: stsRegion, endpoint: stsEndpoint });
      const adapter = guardAccount(createIamAdapter({ credentials }), async () => {
        const actual = await callerAccountId({ region: stsRegion, endpoint: stsEndpoint, credentials });
        if (actual !== accountId) throw wrongAccountError(accountId, actual, managementRoleArn);
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
