import { parseConfig } from "@/lib/config";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors";
import { createPortsFromConfig, type EnvPorts } from "@/lib/reconcile/ports";
import { MOTO_ACCOUNT_ID, setupMoto, stubDefaultChainOnMoto } from "@/tests/support/moto";
import { createRoles, motoSdk } from "../aws/moto-iam";

// moto keeps one IAM per account and answers AssumeRole with credentials of the role's account,
// so it can stand in for an organisation of several accounts.
const moto = setupMoto();
const OTHER_ACCOUNT = "444455556666";
const EMPTY_TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [] });
let ports: EnvPorts | undefined;

beforeEach(() => {
  stubDefaultChainOnMoto(moto());
});

afterEach(() => {
  ports?.close();
  ports = undefined;
  vi.unstubAllEnvs();
});

function portsFor(accounts: { accountId: string; managementRoleArn: string | null }[]): EnvPorts {
  ports = createPortsFromConfig(accounts, parseConfig({ ...process.env, GITLAB_TOKEN: "glpat-unused", GITLAB_URL: "http://127.0.0.1:9" }));
  return ports;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected the call to be refused");
}

/** A role created in another moto account, through credentials of a role assumed there. */
async function createRoleIn(accountId: string, roleName: string) {
  const sts = new STSClient({ region: "us-east-1", endpoint: moto().endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/setup`, RoleSessionName: "test-setup" }));
  const iam = new IAMClient({ region: "us-east-1", endpoint: moto().endpoint, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } });
  await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: EMPTY_TRUST }));
  sts.destroy();
  iam.destroy();
}

describe("each AWS account is reached with credentials of that account", () => {
  it("reads the account the default chain belongs to", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deployer", trustPolicy: EMPTY_TRUST }]);
    const iam = portsFor([{ accountId: MOTO_ACCOUNT_ID, managementRoleArn: null }]).iam(MOTO_ACCOUNT_ID);

    const roles = await iam.listRoles();

    expect(roles.map((r) => r.arn)).toEqual([`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`]);
  });

  it("refuses every call, reads and writes alike, when the default chain belongs to another account, sending nothing to IAM", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deployer", trustPolicy: EMPTY_TRUST }]);
    const iam = portsFor([{ accountId: OTHER_ACCOUNT, managementRoleArn: null }]).iam(OTHER_ACCOUNT);

    const read = await refusal(iam.listRoles());
    const write = await refusal(iam.updateAssumeRolePolicy("deployer", EMPTY_TRUST));

    expect(read.code).toBe("CONFIG");
    expect(read.userMessage).toContain(`belong to account ${MOTO_ACCOUNT_ID}, not ${OTHER_ACCOUNT}`);
    expect(read.userMessage).toContain("Set a management role for the account in Settings");
    expect(write.code).toBe("CONFIG");
    expect(iam.callCounts().total).toBe(0);
  });

  it("assumes the account's management role, so each account's port sees only its own roles", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deployer", trustPolicy: EMPTY_TRUST }]);
    await createRoleIn(OTHER_ACCOUNT, "only-there");
    const both = portsFor([
      { accountId: MOTO_ACCOUNT_ID, managementRoleArn: null },
      { accountId: OTHER_ACCOUNT, managementRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/trustmap-manager` },
    ]);

    const other = await both.iam(OTHER_ACCOUNT).listRoles();
    const home = await both.iam(MOTO_ACCOUNT_ID).listRoles();

    expect(other.map((r) => r.arn)).toEqual([`arn:aws:iam::${OTHER_ACCOUNT}:role/only-there`]);
    expect(home.map((r) => r.arn)).toEqual([`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`]);
  });

  it("refuses a management role that lives in another account than the one it is configured for", async () => {
    const iam = portsFor([{ accountId: OTHER_ACCOUNT, managementRoleArn: "arn:aws:iam::777788889999:role/misconfigured" }]).iam(OTHER_ACCOUNT);

    const error = await refusal(iam.listRoles());

    expect(error.code).toBe("CONFIG");
    expect(error.userMessage).toContain("The credentials of management role arn:aws:iam::777788889999:role/misconfigured belong to account 777788889999, not 444455556666");
    expect(error.userMessage).toContain("Fix the account's management role in Settings");
  });
});
