import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cloudTrailLookup } from "@/lib/aws/trail-lookup";
import { ingestLookupEvents, ingestUsage } from "@/lib/usage/service";
import { allowedCall, deniedCall, otherCall } from "@/tests/support/cloudtrail-records";
import { startFakeCloudTrail, type FakeCloudTrail } from "@/tests/fakes/cloudtrail/server";
import { NOW, setupUsage } from "./harness";

const h = setupUsage();
let fake: FakeCloudTrail;
const KEYS = { AKIAPROD: "111122223333", AKIADEV: "444455556666" };
const keyOf = (account: string) => Object.entries(KEYS).find(([, a]) => a === account)?.[0] ?? "unknown";
const lookup = (a: { accountId: string; region: string }) => cloudTrailLookup({ region: a.region, accountId: a.accountId, endpoint: fake.endpoint, credentials: async () => ({ accessKeyId: keyOf(a.accountId), secretAccessKey: "secret" }) });
const now = () => NOW;

beforeAll(async () => {
  fake = await startFakeCloudTrail({ keys: KEYS });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  vi.stubEnv("TRUSTMAP_CLOUDTRAIL_S3", "");
  fake.reset();
});

function calls(prefix: string, n: number, roleArn: string, hourStart = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => allowedCall({ eventId: `${prefix}-${i}`, time: new Date(Date.UTC(2025, 5, 29, hourStart, i)).toISOString(), roleArn }));
}

describe("the fake CloudTrail keeps to the documented limit", () => {
  it("a third request within one second of one account and Region is throttled", async () => {
    const client = new CloudTrailClient({ region: "us-east-2", endpoint: fake.endpoint, maxAttempts: 1, credentials: { accessKeyId: "AKIAPROD", secretAccessKey: "x" } });
    const send = () => client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "AssumeRoleWithWebIdentity" }] }));
    await send();
    await send();
    await expect(send()).rejects.toMatchObject({ name: "ThrottlingException" });
    client.destroy();
  });
});

describe("CloudTrail LookupEvents for accounts without a trail bucket", () => {
  it("reads every page of AssumeRoleWithWebIdentity events in the account's Region and us-east-1, paced so nothing is throttled", async () => {
    const deploy = await h.addRole("deploy");
    fake.add("111122223333", "us-east-2", [...calls("a", 120, deploy.arn), otherCall("o-1", "2025-06-29T05:00:00Z"), deniedCall({ eventId: "d-1", time: "2025-06-29T06:00:00Z", roleArn: deploy.arn })]);
    fake.add("111122223333", "us-east-1", calls("g", 3, deploy.arn, 7));

    const run = await ingestLookupEvents("cli", new Set(), { now, lookup });

    expect(run).toMatchObject({ source: "lookup", status: "succeeded", problems: [], counts: { pages: 4, records: 124, kept: 124, inserted: 124 } });
    expect(fake.throttled()).toBe(0);
    const east2 = fake.requests.filter((r) => r.region === "us-east-2").map((r) => r.at);
    expect(east2).toHaveLength(3);
    // At most two requests in any one second: the third arrived at least a second after the first.
    expect((east2[2] as number) - (east2[0] as number)).toBeGreaterThanOrEqual(1000);
    expect(fake.requests[0]?.body).toMatchObject({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "AssumeRoleWithWebIdentity" }], MaxResults: 50, StartTime: (NOW.getTime() - 90 * 86_400_000) / 1000, EndTime: NOW.getTime() / 1000 });
    expect(await h.db.usageEvent.count({ where: { errorCode: "AccessDenied" } })).toBe(1);
  }, 30_000);

  it("the next run starts 15 minutes before the last one ended; what it reads again is not counted twice", async () => {
    const deploy = await h.addRole("deploy");
    fake.add("111122223333", "us-east-2", calls("b", 3, deploy.arn, 11));
    await ingestLookupEvents("cli", new Set(), { now, lookup });
    fake.requests.length = 0;
    const later = new Date(NOW.getTime() + 3_600_000);
    fake.add("111122223333", "us-east-2", [allowedCall({ eventId: "late", time: "2025-06-30T11:59:00Z", roleArn: deploy.arn })]);

    const run = await ingestLookupEvents("cli", new Set(), { now: () => later, lookup });

    expect(fake.requests.find((r) => r.region === "us-east-2")?.body).toMatchObject({ StartTime: (NOW.getTime() - 15 * 60_000) / 1000, EndTime: later.getTime() / 1000 });
    expect(run?.counts).toMatchObject({ kept: 1, inserted: 1 });
    expect(await h.db.usageDaily.aggregate({ _sum: { count: true } })).toEqual({ _sum: { count: 4 } });
    const cursor = await h.db.usageCursor.findUniqueOrThrow({ where: { key: "lookup:111122223333:us-east-2" } });
    expect(cursor.readUntil?.toISOString()).toBe(new Date(later.getTime() - 15 * 60_000).toISOString());
  });

  it("an account that cannot be read is named; the others are still read (partial)", async () => {
    const other = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "dev", issuerUrl: "https://gitlab.example.com", audiences: ["x"], region: "us-east-1" } });
    const devRole = await h.addRole("dev-deploy", other.id);
    await h.addRole("deploy");
    fake.add("444455556666", "us-east-1", calls("c", 2, devRole.arn));
    fake.fail("111122223333", { status: 400, type: "AccessDeniedException", message: "not authorized to perform cloudtrail:LookupEvents" });
    try {
      const run = await ingestLookupEvents("cli", new Set(), { now, lookup });
      expect(run?.status).toBe("partial");
      expect(run?.problems).toEqual([
        { kind: "source", where: "CloudTrail LookupEvents 111122223333 us-east-2", message: "CloudTrail LookupEvents in 111122223333 us-east-2 failed: AccessDenied." },
        { kind: "source", where: "CloudTrail LookupEvents 111122223333 us-east-1", message: "CloudTrail LookupEvents in 111122223333 us-east-1 failed: AccessDenied." },
      ]);
      expect(run?.counts.inserted).toBe(2);
    } finally {
      fake.fail("111122223333", null);
    }
  });

  it("accounts a trail bucket covers are not looked up", async () => {
    vi.stubEnv("TRUSTMAP_CLOUDTRAIL_S3", "s3://org-trail-logs");
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: new Date("2025-06-29T10:00:00Z"), records: [allowedCall({ eventId: "s3-1", time: "2025-06-29T09:59:00Z", roleArn: deploy.arn })] });
    const other = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "dev", issuerUrl: "https://gitlab.example.com", audiences: ["x"], region: "us-east-1" } });
    const devRole = await h.addRole("dev-deploy", other.id);
    fake.add("444455556666", "us-east-1", calls("l", 1, devRole.arn));

    const runs = await ingestUsage("cli", {}, { now, lookup });

    expect(runs.map((r) => [r.source, r.status, r.counts.inserted])).toEqual([["s3", "succeeded", 1], ["lookup", "succeeded", 1]]);
    expect(new Set(fake.requests.map((r) => r.account))).toEqual(new Set(["444455556666"]));
  });

  it("a sandbox account (the demo's) is never looked up: with only it registered, nothing asks AWS", async () => {
    await h.db.awsAccount.update({ where: { id: h.accountDbId }, data: { sandbox: true } });
    const deploy = await h.addRole("deploy");
    fake.add("111122223333", "us-east-2", calls("s", 2, deploy.arn));
    const asked: string[] = [];
    const counting = (a: { accountId: string; region: string; managementRoleArn: string | null }) => {
      asked.push(`${a.accountId} ${a.region}`);
      return lookup(a);
    };

    expect(await ingestUsage("schedule", { queue: true }, { now, lookup: counting })).toEqual([]);
    expect(asked).toEqual([]);
    expect(fake.requests).toEqual([]);
    expect(await h.db.usageRun.count()).toBe(0);

    // A real account added beside it is read; the sandbox still is not.
    const other = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "dev", issuerUrl: "https://gitlab.example.com", audiences: ["x"], region: "us-east-1" } });
    await h.addRole("dev-deploy", other.id);
    await ingestUsage("schedule", {}, { now, lookup: counting });
    expect(asked).toEqual(["444455556666 us-east-1"]);
  });

  it("the setting usage.lookupEvents=false turns LookupEvents off", async () => {
    await h.addRole("deploy");
    await h.db.setting.create({ data: { key: "usage.lookupEvents", value: false } });
    expect(await ingestLookupEvents("cli", new Set(), { now, lookup })).toBeNull();
    expect(fake.requests).toEqual([]);
  });
});
