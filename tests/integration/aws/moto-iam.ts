import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { createIamAdapter, type IamAdapter, type IamAdapterOptions } from "@/lib/aws/adapter";
import { MOTO_REGION, motoCredentials, type MotoServer } from "@/tests/support/moto";
import type { RoleFixture } from "@/tests/unit/aws/iam-port-contract";

/** A raw SDK client for arranging state the port cannot create (roles, users). */
export function motoSdk(server: MotoServer): IAMClient {
  return new IAMClient({ endpoint: server.endpoint, region: MOTO_REGION, credentials: motoCredentials });
}

export function motoAdapter(server: MotoServer, options: IamAdapterOptions = {}): IamAdapter {
  return createIamAdapter({ endpoint: server.endpoint, region: MOTO_REGION, credentials: motoCredentials, ...options });
}

/**
 * Create roles in moto one at a time by default: moto's IAM backend is not thread-safe, and
 * concurrent CreateRole calls fail at random with HTTP 500 ("dictionary changed size during
 * iteration") once there are a few thousand roles.
 */
export async function createRoles(sdk: IAMClient, roles: readonly RoleFixture[], concurrency = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let role = roles[next++]; role; role = roles[next++]) {
      await sdk.send(
        new CreateRoleCommand({
          RoleName: role.name,
          AssumeRolePolicyDocument: role.trustPolicy,
          Path: role.path,
          Description: role.description,
          Tags: role.tags && Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function createAccessKey(sdk: IAMClient, userName: string): Promise<string> {
  await sdk.send(new CreateUserCommand({ UserName: userName })).catch((e: unknown) => {
    if ((e as { name?: string }).name !== "EntityAlreadyExistsException") throw e;
  });
  const out = await sdk.send(new CreateAccessKeyCommand({ UserName: userName }));
  const id = out.AccessKey?.AccessKeyId;
  if (!id) throw new Error("moto returned no access key id");
  return id;
}
