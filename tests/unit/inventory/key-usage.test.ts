import { describe, expect, it } from "vitest";
import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { lookUpKeys } from "@/lib/inventory/key-usage";

describe("access key age and last use", () => {
  it("reads last use, then the key's creation date and status from its user's keys; unknown keys get a note", async () => {
    const iam = createMemoryIam();
    const used = iam.addAccessKey("ci-user", { lastUsed: { date: new Date("2026-03-01T00:00:00Z"), serviceName: "s3", region: "eu-west-1" } });
    const idle = iam.addAccessKey("ci-user", { status: "Inactive" });
    const usage = await lookUpKeys(iam, [used, idle, used, "AKIAUNKNOWN000000000"]);
    expect(usage.size).toBe(3);
    expect(usage.get(used)).toMatchObject({ userName: "ci-user", status: "Active", lastUsedAt: new Date("2026-03-01T00:00:00Z"), lastUsedService: "s3", createdAt: expect.any(Date) });
    expect(usage.get(idle)).toMatchObject({ status: "Inactive", lastUsedAt: undefined });
    expect(usage.get("AKIAUNKNOWN000000000")).toEqual({ note: expect.stringMatching(/Not found in the connected AWS account/) });
    expect(iam.callCounts().byOperation).toMatchObject({ GetAccessKeyLastUsed: 3, ListAccessKeys: 2 });
  });

  it("a throttled IAM gives a note for that key instead of failing the scan", async () => {
    const iam = createMemoryIam();
    const id = iam.addAccessKey("u");
    iam.faults.failOperation("GetAccessKeyLastUsed", { awsCode: "ServiceFailure" });
    const usage = await lookUpKeys(iam, [id]);
    expect(usage.get(id)?.note).toMatch(/IAM lookup failed/);
  });
});
