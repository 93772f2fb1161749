import { CreateOpenIDConnectProviderCommand } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IamAdapter } from "@/lib/aws/adapter";
import { accountCredentials } from "@/lib/aws/credentials";
import { callerAccountId } from "@/lib/aws/identity";
import { MOTO_ACCOUNT_ID, MOTO_REGION, motoCredentials, setupMoto } from "@/tests/support/moto";
import { expectAppError } from "@/tests/unit/aws/iam-port-contract";
import { startFaultProxy, throttling, type FaultProxy, type IamFault } from "./fault-proxy";
import { motoAdapter, motoSdk } from "./moto-iam";

const moto = setupMoto();
let proxy: FaultProxy | undefined;
let adapter: IamAdapter | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  adapter?.destroy();
  adapter = undefined;
  await proxy?.close();
  proxy = undefined;
});

const ISSUER = "https://gitlab.example.com";
const PROVIDER_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/gitlab.example.com`;
const unavailable: IamFault = { status: 503, code: "ServiceUnavailable", message: "Service is unavailable" };
const createsProvider = (body: string) => body.includes("Action=CreateOpenIDConnectProvider");

/** A fault for the first `times` requests that `matches`, nothing for the others. */
function firstOnes(matches: (body: string) => boolean, fault: IamFault, times = 1) {
  let seen = 0;
  return (_n: number, body: string) => (matches(body) && seen++ < times ? fault : undefined);
}

async function throughProxy(faultFor: Parameters<typeof startFaultProxy>[1]): Promise<IamAdapter> {
  proxy = await startFaultProxy(moto().endpoint, faultFor);
  adapter = motoAdapter(moto(), { endpoint: proxy.endpoint });
  return adapter;
}

describe("CreateOpenIDConnectProvider retried by the SDK", () => {
  it("IAM made the provider but the answer was lost: the retry meets EntityAlreadyExists, reads it back and is done", async () => {
    const iam = await throughProxy(firstOnes(createsProvider, { ...unavailable, afterForwarding: true }));

    const created = await iam.createOpenIDConnectProvider({ url: ISSUER, clientIds: ["sts.amazonaws.com"] });

    expect(created.arn).toBe(PROVIDER_ARN);
    expect(await motoAdapter(moto()).listOpenIDConnectProviders()).toEqual([{ arn: PROVIDER_ARN, url: ISSUER }]);
    expect(iam.callCounts().byOperation).toEqual({ CreateOpenIDConnectProvider: 1, ListOpenIDConnectProviders: 1, GetOpenIDConnectProvider: 1 });
  });

  it("a retry that meets a provider with other client ids is a CONFLICT naming them, and the provider is left alone", async () => {
    await motoSdk(moto()).send(new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ["sts.amazonaws.com", "someone-else"] }));
    const iam = await throughProxy(firstOnes(createsProvider, unavailable));

    const error = await expectAppError(iam.createOpenIDConnectProvider({ url: ISSUER, clientIds: ["sts.amazonaws.com"] }), "CONFLICT");

    expect(error.userMessage).toBe("AWS IAM already has an OIDC provider for https://gitlab.example.com with different client ids; trustmap did not change it.");
    expect(error.details).toMatchObject({ awsCode: "EntityAlreadyExists", attempts: 2, differences: ["client ids"] });
    expect((await motoAdapter(moto()).getOpenIDConnectProvider(PROVIDER_ARN)).clientIds).toEqual(["sts.amazonaws.com", "someone-else"]);
  });

  it("EntityAlreadyExists on the first attempt stays a plain CONFLICT, with nothing read back", async () => {
    await motoSdk(moto()).send(new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ["sts.amazonaws.com"] }));
    const iam = await throughProxy(() => undefined);

    const error = await expectAppError(iam.createOpenIDConnectProvider({ url: ISSUER, clientIds: ["sts.amazonaws.com"] }), "CONFLICT");

    expect(error.details).toMatchObject({ awsCode: "EntityAlreadyExists", attempts: 1 });
    expect(proxy?.requests()).toBe(1);
  });
});

describe("adaptive retries with more attempts than the SDK's default three", () => {
  it("an IAM call survives three throttled answers in a row", async () => {
    const iam = await throughProxy(firstOnes((body) => body.includes("Action=GetRole"), throttling, 3));
    await motoSdk(moto()).send(new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ["x"] }));

    const providers = await iam.listOpenIDConnectProviders();
    const error = await expectAppError(iam.getRole("missing"), "NOT_FOUND");

    expect(providers).toHaveLength(1);
    expect(error.details).toMatchObject({ attempts: 4 });
  }, 30_000);

  it("STS GetCallerIdentity (the account check before any IAM call) survives three throttled answers in a row", async () => {
    proxy = await startFaultProxy(moto().endpoint, firstOnes((body) => body.includes("Action=GetCallerIdentity"), throttling, 3));

    const account = await callerAccountId({ region: MOTO_REGION, endpoint: proxy.endpoint, credentials: motoCredentials });

    expect(account).toBe(MOTO_ACCOUNT_ID);
    expect(proxy.requests()).toBe(4);
  }, 30_000);

  it("the management-role session's STS AssumeRole survives three throttled answers in a row", async () => {
    proxy = await startFaultProxy(moto().endpoint, firstOnes((body) => body.includes("Action=AssumeRole"), throttling, 3));
    // The session's source: the default chain, here moto's dummy keys in the environment.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_PROFILE", "");
    const credentials = accountCredentials(`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/trustmap-management`, { region: MOTO_REGION, endpoint: proxy.endpoint });

    const session = await credentials!();

    expect(session.sessionToken).toBeTruthy();
    expect(proxy.requests()).toBe(4);
  }, 30_000);
});
