/**
 * Which AWS account a set of credentials belongs to, and a guard that keeps an account's IAM port
 * from touching anything until that is known to be the account it is meant for.
 *
 * Why: role names are only unique within an account, and UpdateAssumeRolePolicy takes a name.
 * Credentials from the default chain that belong to another account than the one configured
 * (a wrong profile, a missing management role) would otherwise read that other account's roles
 * as if they were this account's, and write trust policies there. One STS GetCallerIdentity per
 * account and run rules that out; it needs no IAM permission (AWS documents that it works even
 * when explicitly denied).
 */
import { parseConfig } from "@/lib/config";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import type { IamAdapter, IamCredentialsProvider } from "./adapter";
import { awsRetrySettings } from "./retry";
import { toAppError } from "./sdk-errors";

export interface CallerIdentityOptions {
  region: string;
  /** Omitted → the SDK's own resolution (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, config file). */
  endpoint?: string;
  credentials?: IamCredentialsProvider;
}

/** Where STS is reached from this environment (see Config.aws.stsEndpoint). */
export function stsEndpointFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return parseConfig(env).aws.stsEndpoint;
}

export async function callerAccountId(options: CallerIdentityOptions): Promise<string> {
  const client = new STSClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials, ...awsRetrySettings() });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new AppError("UPSTREAM", "AWS STS did not say which account the credentials belong to.");
    return out.Account;
  } catch (e) {
    throw toAppError(e, "GetCallerIdentity");
  } finally {
    client.destroy();
  }
}

/** The refusal when credentials belong to another account than the one they are used for. */
export function wrongAccountError(expected: string, actual: string, managementRoleArn: string | null): AppError {
  const source = managementRoleArn ? `The credentials of management role ${managementRoleArn}` : "The AWS credentials trustmap runs with";
  const fix = managementRoleArn
    ? "Fix the account's management role in Settings."
    : "Set a management role for the account in Settings, or run trustmap with credentials of that account.";
  return new AppError("CONFIG", `${source} belong to account ${actual}, not ${expected}; trustmap read and changed nothing in it. ${fix}`, {
    details: { expectedAccountId: expected, actualAccountId: actual },
  });
}

/** Bookkeeping that sends nothing to AWS; every other method is guarded, so a new port method is too. */
const UNGUARDED = new Set<PropertyKey>(["destroy", "callCounts", "resetCallCounts"] satisfies (keyof IamAdapter)[]);

/**
 * The adapter, with every IAM call waiting for `verify` first (run once, on first use; a failure
 * is remembered, so a wrong account fails every call without sending any).
 */
export function guardAccount(adapter: IamAdapter, verify: () => Promise<void>): IamAdapter {
  let verified: Promise<void> | undefined;
  const once = () => (verified ??= verify());
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || UNGUARDED.has(property)) return value;
      return async (...args: unknown[]) => {
        await once();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
