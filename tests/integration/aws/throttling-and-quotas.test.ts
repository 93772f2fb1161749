import { afterEach, describe, expect, it } from "vitest";
import type { IamAdapter } from "@/lib/aws/adapter";
import { setupMoto } from "@/tests/support/moto";
import { expectAppError, gitlabTrustPolicy } from "@/tests/unit/aws/iam-port-contract";
import { startFaultProxy, throttling, type FaultProxy } from "./fault-proxy";
import { createRoles, motoAdapter, motoSdk } from "./moto-iam";

const moto = setupMoto();
let proxy: FaultProxy | undefined;
let adapter: IamAdapter | undefined;
afterEach(async () => {
  adapter?.destroy();
  await proxy?.close();
});

async function throughProxy(faultFor: Parameters<typeof startFaultProxy>[1], maxAttempts?: number): Promise<IamAdapter> {
  proxy = await startFaultProxy(moto().endpoint, faultFor);
  adapter = motoAdapter(moto(), { endpoint: proxy.endpoint, maxAttempts });
  return adapter;
}

describe("throttling", () => {
  it("survives two throttled answers: the call succeeds after three attempts and counts as one call", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }]);
    const iam = await throughProxy((n) => (n <= 2 ? throttling : undefined));

    const roles = await iam.listRoles();

    expect(roles.map((r) => r.name)).toEqual(["deploy"]);
    expect(proxy?.requests()).toBe(3);
    expect(iam.callCounts()).toMatchObject({ byOperation: { ListRoles: 1 }, total: 1, attempts: 3 });
  });

  it("when throttling outlasts the attempts, fails as THROTTLED with the last request id", async () => {
    const iam = await throughProxy(() => throttling, 2);

    const error = await expectAppError(iam.getRole("deploy"), "THROTTLED");

    expect(proxy?.requests()).toBe(2);
    expect(error.details).toMatchObject({ awsCode: "Throttling", attempts: 2, requestId: "fault-2", operation: "GetRole" });
  });
});

describe("errors moto does not produce", () => {
  it("a trust policy over the account's size quota is BAD_INPUT with reason ACLSizePerRole, not retried", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }]);
    const iam = await throughProxy((_n, body) =>
      body.includes("Action=UpdateAssumeRolePolicy")
        ? { status: 409, code: "LimitExceeded", message: "Cannot exceed quota for ACLSizePerRole: 2048" }
        : undefined,
    );

    const error = await expectAppError(iam.updateAssumeRolePolicy("deploy", gitlabTrustPolicy("y")), "BAD_INPUT");

    expect(error.details).toMatchObject({ reason: "ACLSizePerRole", awsCode: "LimitExceeded", requestId: "fault-1" });
    expect(proxy?.requests()).toBe(1);
  });

  it("an unexpected server error is UPSTREAM and keeps the raw error as the cause", async () => {
    const iam = await throughProxy(() => ({ status: 500, code: "ServiceFailure", message: "internal" }), 1);

    const error = await expectAppError(iam.listOpenIDConnectProviders(), "UPSTREAM");

    expect(error.details?.awsCode).toBe("ServiceFailure");
    expect(error.cause).toBeDefined();
    expect(error.userMessage).not.toContain("internal");
  });
});
