/**
 * Credentials for managing one AWS account: the SDK's default chain, or a role in that account
 * assumed from it. Short-lived and held by the SDK only; never stored or logged.
 */
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { IamAdapterOptions } from "./adapter";
import { awsRetrySettings } from "./retry";

export interface StsClientSettings {
  region: string;
  /** Omitted → the SDK's own endpoint resolution. */
  endpoint?: string;
}

export function accountCredentials(managementRoleArn: string | null | undefined, sts: StsClientSettings): IamAdapterOptions["credentials"] {
  if (!managementRoleArn) return undefined;
  return fromTemporaryCredentials({
    params: { RoleArn: managementRoleArn, RoleSessionName: "trustmap-reconciler" },
    // The session's STS AssumeRole retries like every AWS call of trustmap (adaptive, retry.ts).
    clientConfig: { region: sts.region, ...(sts.endpoint ? { endpoint: sts.endpoint } : {}), ...awsRetrySettings() },
  });
}
