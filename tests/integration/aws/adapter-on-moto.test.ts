import { GetRoleCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import { createIamAdapter } from "@/lib/aws/adapter";
import { awsCliTrustPolicy, setupMoto } from "@/tests/support/moto";
import { expectAppError, gitlabTrustPolicy } from "@/tests/unit/aws/iam-port-contract";
import { createRoles, motoAdapter, motoSdk } from "./moto-iam";

const moto = setupMoto();

describe("SDK adapter against moto", () => {
  it("decodes both shapes moto sends: a plain document from ListRoles and a URL-encoded one from GetRole", async () => {
    const doc = gitlabTrustPolicy("project_path:g/p:ref_type:branch:ref:release/1.0+hotfix", { pretty: true });
    const sdk = motoSdk(moto());
    await createRoles(sdk, [{ name: "deploy", trustPolicy: doc }]);
    const rawList = await sdk.send(new ListRolesCommand({}));
    const rawGet = await sdk.send(new GetRoleCommand({ RoleName: "deploy" }));
    expect(rawList.Roles?.[0]?.AssumeRolePolicyDocument?.startsWith("{")).toBe(true);
    expect(rawGet.Role?.AssumeRolePolicyDocument?.startsWith("%7B")).toBe(true);

    const adapter = motoAdapter(moto());
    const [listed] = await adapter.listRoles();
    const got = await adapter.getRole("deploy");
    adapter.destroy();

    expect(listed?.trustPolicy.text).toBe(doc);
    expect(got.trustPolicy.text).toBe(doc);
  });

  it("writes a trust policy that the aws CLI reads back as the same document", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deploy", trustPolicy: gitlabTrustPolicy("old") }]);
    const doc = gitlabTrustPolicy("project_path:team/app:ref_type:branch:ref:main");
    const adapter = motoAdapter(moto());

    const { requestId } = await adapter.updateAssumeRolePolicy("deploy", doc);
    adapter.destroy();
    expect(requestId).toMatch(/\S/);
    expect(await awsCliTrustPolicy(moto(), "deploy")).toEqual(JSON.parse(doc));
  });

  it("a document IAM itself rejects as malformed is BAD_INPUT with IAM's reason and request id", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }]);
    const adapter = motoAdapter(moto());

    const error = await expectAppError(
      adapter.updateAssumeRolePolicy("deploy", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Maybe" }] })),
      "BAD_INPUT",
    );
    adapter.destroy();

    expect(error.details).toMatchObject({ awsCode: "MalformedPolicyDocument", operation: "UpdateAssumeRolePolicy" });
    expect(error.details?.requestId).toMatch(/\S/);
  });
});

describe("endpoint and credentials from the environment (the SDK's own resolution)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("AWS_ENDPOINT_URL_IAM wins over AWS_ENDPOINT_URL, and credentials come from the default chain", async () => {
    await createRoles(motoSdk(moto()), [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }]);
    Object.assign(process.env, moto().env, {
      AWS_ENDPOINT_URL: "http://127.0.0.1:9", // discard port: would fail if it were used
      AWS_ENDPOINT_URL_IAM: moto().endpoint,
    });
    const adapter = createIamAdapter();

    const roles = await adapter.listRoles();
    adapter.destroy();

    expect(roles.map((r) => r.name)).toEqual(["deploy"]);
  });

  it("AWS_ENDPOINT_URL alone also reaches the endpoint", async () => {
    Object.assign(process.env, moto().env, { AWS_ENDPOINT_URL: moto().endpoint });
    delete process.env.AWS_ENDPOINT_URL_IAM;
    const adapter = createIamAdapter();

    await expect(adapter.listOpenIDConnectProviders()).resolves.toEqual([]);
    adapter.destroy();
  });
});
