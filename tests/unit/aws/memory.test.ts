import { describe, expect, it } from "vitest";
import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { expectAppError, gitlabTrustPolicy } from "./iam-port-contract";

const seeded = () => createMemoryIam({ roles: [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }] });

describe("in-memory IAM fault injection", () => {
  it("throttleNext fails exactly the next n calls as THROTTLED, whatever the operation", async () => {
    const iam = seeded();
    iam.faults.throttleNext(2);

    await expectAppError(iam.listRoles(), "THROTTLED");
    await expectAppError(iam.getRole("deploy"), "THROTTLED");
    await expect(iam.getRole("deploy")).resolves.toMatchObject({ name: "deploy" });
  });

  it("failOperation fails only the named operation, for the given number of times", async () => {
    const iam = seeded();
    iam.faults.failOperation("UpdateAssumeRolePolicy", { times: 1 });

    await expect(iam.listRoles()).resolves.toHaveLength(1);
    const error = await expectAppError(iam.updateAssumeRolePolicy("deploy", gitlabTrustPolicy("y")), "UPSTREAM");
    expect(error.details).toMatchObject({ awsCode: "ServiceFailure", operation: "UpdateAssumeRolePolicy" });
    await expect(iam.updateAssumeRolePolicy("deploy", gitlabTrustPolicy("y"))).resolves.toHaveProperty("requestId");
  });

  it("failOperation can inject any AWS error code, mapped as the adapter maps it", async () => {
    const iam = seeded();
    iam.faults.failOperation("GetRole", { awsCode: "ConcurrentModification" });

    await expectAppError(iam.getRole("deploy"), "CONFLICT");
    await expectAppError(iam.getRole("deploy"), "CONFLICT");
    iam.faults.clear();
    await expect(iam.getRole("deploy")).resolves.toBeDefined();
  });

  it("failed calls still count as calls", async () => {
    const iam = seeded();
    iam.faults.throttleNext(1);

    await expectAppError(iam.listRoles(), "THROTTLED");

    expect(iam.callCounts()).toMatchObject({ byOperation: { ListRoles: 1 }, total: 1 });
  });
});

describe("in-memory IAM quotas and tags, as real IAM enforces them", () => {
  it("refuses a trust policy over the quota with reason ACLSizePerRole, leaving the old one", async () => {
    const iam = createMemoryIam({ trustPolicyMaxLength: 300, roles: [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x") }] });
    const big = gitlabTrustPolicy(`project_path:${"g".repeat(300)}/*`);

    const error = await expectAppError(iam.updateAssumeRolePolicy("deploy", big), "BAD_INPUT");

    expect(error.details?.reason).toBe("ACLSizePerRole");
    expect((await iam.getRole("deploy")).trustPolicy.text).toBe(gitlabTrustPolicy("x"));
  });

  it("does not count whitespace towards the quota", async () => {
    const compact = gitlabTrustPolicy("x");
    const iam = createMemoryIam({ trustPolicyMaxLength: compact.length, roles: [{ name: "deploy", trustPolicy: compact }] });

    await expect(iam.updateAssumeRolePolicy("deploy", gitlabTrustPolicy("x", { pretty: true }))).resolves.toHaveProperty("requestId");
  });

  it("treats tag keys that differ only in case as the same tag", async () => {
    const iam = createMemoryIam({ roles: [{ name: "deploy", trustPolicy: gitlabTrustPolicy("x"), tags: { Team: "a" } }] });

    await iam.tagRole("deploy", { team: "b" });
    expect(await iam.listRoleTags("deploy")).toEqual({ team: "b" });
    await iam.untagRole("deploy", ["TEAM"]);
    expect(await iam.listRoleTags("deploy")).toEqual({});
  });

  it("returns copies, so callers cannot change the stored state by mutating results", async () => {
    const iam = seeded();
    const { arn } = await iam.createOpenIDConnectProvider({ url: "https://gitlab.example.com", clientIds: ["a"] });

    (await iam.getOpenIDConnectProvider(arn)).clientIds.push("sneaky");
    const role = await iam.getRole("deploy");
    role.trustPolicy.parsed.Statement = [];

    expect((await iam.getOpenIDConnectProvider(arn)).clientIds).toEqual(["a"]);
    expect((await iam.getRole("deploy")).trustPolicy.parsed.Statement).not.toEqual([]);
  });

  it("reports when a key was last used", async () => {
    const iam = createMemoryIam();
    const date = new Date("2026-01-02T03:04:05Z");
    const id = iam.addAccessKey("ci-bot", { lastUsed: { date, serviceName: "s3", region: "eu-west-1" } });

    expect(await iam.getAccessKeyLastUsed(id)).toEqual({ userName: "ci-bot", lastUsedDate: date, serviceName: "s3", region: "eu-west-1" });
  });
});
