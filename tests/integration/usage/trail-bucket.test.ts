import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { s3TrailBucket } from "@/lib/aws/trail-bucket";
import { ingestTrailBuckets } from "@/lib/usage/service";
import { allowedCall, deniedCall, invalidTokenCall, logFileKey, otherCall } from "@/tests/support/cloudtrail-records";
import { BUCKET, NOW, ORG, setupUsage } from "./harness";
import { startS3FaultProxy } from "./s3-fault-proxy";

const h = setupUsage();
const now = () => NOW;
const at = (hhmm: string, day = "2025-06-29") => new Date(`${day}T${hhmm}:00Z`);
const sub = (path: string, ref = "main") => `project_path:${path}:ref_type:branch:ref:${ref}`;

async function dailyCounts() {
  const rows = await h.db.usageDaily.findMany();
  return rows.map((r) => `${r.roleArn.split("/").pop()} ${r.day.toISOString().slice(0, 10)} ${r.subject ?? "-"} ${r.errorCode ?? "ok"} x${r.count}`).sort();
}

describe("backfill from a trail's S3 bucket", () => {
  it("reads the registered accounts' log files under an organization trail and keeps only managed roles' AssumeRoleWithWebIdentity calls", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({
      deliveredAt: at("10:05"),
      records: [
        allowedCall({ eventId: "e1", time: "2025-06-29T10:01:00Z", roleArn: deploy.arn }),
        otherCall("e2", "2025-06-29T10:01:30Z"),
        allowedCall({ eventId: "e3", time: "2025-06-29T10:02:00Z", roleArn: "arn:aws:iam::111122223333:role/not-managed" }),
        deniedCall({ eventId: "e4", time: "2025-06-29T10:03:00Z", roleArn: deploy.arn, sub: sub("evil/fork") }),
      ],
    });
    await h.putLogFile({ deliveredAt: at("10:10"), region: "eu-west-1", records: [invalidTokenCall({ eventId: "e5", time: "2025-06-29T10:06:00Z", roleArn: deploy.arn })] });
    // An account trustmap does not know: its folder is not read at all.
    await h.putLogFile({ deliveredAt: at("10:10"), account: "999988887777", records: [allowedCall({ eventId: "x1", time: "2025-06-29T10:06:00Z", roleArn: deploy.arn })] });

    const { run, covered } = await ingestTrailBuckets("cli", { now });

    expect(run).toMatchObject({ source: "s3", status: "succeeded", problems: [], counts: { files: 2, records: 5, kept: 3, inserted: 3, duplicates: 0, unmanaged: 1, malformed: 0, badFiles: 0 } });
    expect([...covered]).toEqual(["111122223333"]);
    const events = await h.db.usageEvent.findMany({ orderBy: { eventId: "asc" } });
    expect(events.map((e) => [e.eventId, e.roleArn, e.subject, e.errorCode, e.source])).toEqual([
      ["e1", deploy.arn, sub("platform/web"), null, "s3"],
      ["e4", deploy.arn, sub("evil/fork"), "AccessDenied", "s3"],
      ["e5", deploy.arn, null, "InvalidIdentityToken", "s3"],
    ]);
    expect(await dailyCounts()).toEqual([
      "deploy 2025-06-29 - InvalidIdentityToken x1",
      "deploy 2025-06-29 project_path:evil/fork:ref_type:branch:ref:main AccessDenied x1",
      "deploy 2025-06-29 project_path:platform/web:ref_type:branch:ref:main ok x1",
    ]);
    const stored = await h.db.usageRun.findUniqueOrThrow({ where: { id: run!.runId } });
    expect(stored).toMatchObject({ status: "succeeded", trigger: "cli", counts: expect.objectContaining({ inserted: 3 }) });
    expect(stored.readUntil?.toISOString()).toBe("2025-06-30T11:50:00.000Z");
  });

  it("is incremental: the next run lists after the last key read, and only new files are read", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: at("09:00"), records: [allowedCall({ eventId: "a1", time: "2025-06-29T08:59:00Z", roleArn: deploy.arn })] });
    expect((await ingestTrailBuckets("cli", { now })).run?.counts).toMatchObject({ files: 1, inserted: 1 });

    const again = await ingestTrailBuckets("cli", { now });
    expect(again.run?.counts).toMatchObject({ files: 0, records: 0, inserted: 0 });

    await h.putLogFile({ deliveredAt: at("09:30"), records: [allowedCall({ eventId: "a2", time: "2025-06-29T09:29:00Z", roleArn: deploy.arn })] });
    const third = await ingestTrailBuckets("cli", { now });
    expect(third.run?.counts).toMatchObject({ files: 1, inserted: 1 });
    const cursor = await h.db.usageCursor.findFirstOrThrow({ where: { source: "s3" } });
    expect(cursor.position).toBe(logFileKey({ org: ORG, deliveredAt: at("09:30") }));
  });

  it("reading the same files again stores and counts nothing twice", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: at("09:00"), records: [allowedCall({ eventId: "d1", time: "2025-06-29T08:59:00Z", roleArn: deploy.arn }), allowedCall({ eventId: "d2", time: "2025-06-29T08:59:30Z", roleArn: deploy.arn })] });
    await ingestTrailBuckets("cli", { now });
    const before = await dailyCounts();
    await h.db.usageCursor.deleteMany();

    const replay = await ingestTrailBuckets("cli", { now });

    expect(replay.run?.counts).toMatchObject({ files: 1, kept: 2, inserted: 0, duplicates: 2 });
    expect(await h.db.usageEvent.count()).toBe(2);
    expect(await dailyCounts()).toEqual(before);
  });

  it("a file that is not gzip, one that is not JSON, one of another shape, a malformed record and a stray object are each named and skipped; the rest is read", async () => {
    const deploy = await h.addRole("deploy");
    const notGzip = await h.putLogFile({ deliveredAt: at("08:00"), unique: "AAAA", bytes: Buffer.from('{"Records":[]}') });
    const notJson = await h.putLogFile({ deliveredAt: at("08:00"), unique: "BBBB", bytes: gzipSync("<html>not json</html>") });
    const digest = await h.putLogFile({ deliveredAt: at("08:00"), unique: "CCCC", bytes: gzipSync('{"digestStartTime":"2025-06-29T07:00:00Z"}') });
    const mixed = await h.putLogFile({
      deliveredAt: at("08:05"),
      bytes: gzipSync(`{"Records":[{"eventName":"AssumeRoleWithWebIdentity","eventSource":"sts.amazonaws.com","eventID":"broken"},${JSON.stringify(allowedCall({ eventId: "g1", time: "2025-06-29T08:04:00Z", roleArn: deploy.arn }))}]}`),
    });
    const stray = await h.putLogFile({ deliveredAt: at("08:06"), key: `AWSLogs/${ORG}/111122223333/CloudTrail/us-east-2/2025/06/29/README.txt`, bytes: Buffer.from("hi") });
    await h.putLogFile({ deliveredAt: at("08:10"), records: [allowedCall({ eventId: "g2", time: "2025-06-29T08:09:00Z", roleArn: deploy.arn })] });

    const { run } = await ingestTrailBuckets("cli", { now });

    expect(run?.status).toBe("succeeded");
    expect(run?.counts).toMatchObject({ files: 2, badFiles: 3, malformed: 1, inserted: 2 });
    const named = run!.problems.map((p) => [p.kind, p.where.replace(`s3://${BUCKET}/`, ""), p.message]);
    expect(named).toEqual(
      expect.arrayContaining([
        ["skipped", notGzip, expect.stringContaining("not gzip")],
        ["skipped", notJson, expect.stringContaining("does not start with a JSON object")],
        ["skipped", digest, expect.stringContaining("without a Records array")],
        ["skipped", `${mixed} (event broken)`, expect.stringContaining("eventTime")],
        ["skipped", stray, expect.stringContaining("not a CloudTrail log file name")],
      ]),
    );
    expect(named).toHaveLength(5);
    // Skipped for good: the next run does not meet them again.
    expect((await ingestTrailBuckets("cli", { now })).run?.problems).toEqual([]);
  });

  it("files delivered in the last 10 minutes wait for the next run", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: new Date("2025-06-30T11:40:00Z"), records: [allowedCall({ eventId: "s1", time: "2025-06-30T11:39:00Z", roleArn: deploy.arn })] });
    await h.putLogFile({ deliveredAt: new Date("2025-06-30T11:55:00Z"), records: [allowedCall({ eventId: "s2", time: "2025-06-30T11:54:00Z", roleArn: deploy.arn })] });
    expect((await ingestTrailBuckets("cli", { now })).run?.counts.inserted).toBe(1);
    expect((await ingestTrailBuckets("cli", { now: () => new Date("2025-06-30T12:10:00Z") })).run?.counts.inserted).toBe(1);
    expect(await h.db.usageEvent.count()).toBe(2);
  });

  it("a bucket that denies access is named in the run, which fails; nothing already stored is touched", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: at("09:00"), records: [allowedCall({ eventId: "k1", time: "2025-06-29T08:59:00Z", roleArn: deploy.arn })] });
    await ingestTrailBuckets("cli", { now });
    const proxy = await startS3FaultProxy(h.moto.endpoint, (method, path) => (path.startsWith(`/${BUCKET}`) ? { status: 403, code: "AccessDenied" } : undefined));
    try {
      const { run, covered } = await ingestTrailBuckets("cli", { now, bucket: () => s3TrailBucket({ endpoint: proxy.endpoint }) });
      expect(run?.status).toBe("failed");
      expect(run?.problems).toEqual([{ kind: "source", where: `s3://${BUCKET}/AWSLogs/`, message: `S3 ListObjectsV2 of s3://${BUCKET}/AWSLogs/ failed: AccessDenied.` }]);
      // The configured bucket still owns the account: LookupEvents does not quietly stand in.
      expect([...covered]).toEqual(["111122223333"]);
    } finally {
      await proxy.close();
    }
    expect(await h.db.usageEvent.count()).toBe(1);
    expect(await h.db.usageCursor.count()).toBe(1);
  });

  it("a file that cannot be fetched stops its prefix there: the next run starts from it", async () => {
    const deploy = await h.addRole("deploy");
    await h.putLogFile({ deliveredAt: at("09:00"), records: [allowedCall({ eventId: "f1", time: "2025-06-29T08:59:00Z", roleArn: deploy.arn })] });
    const blocked = await h.putLogFile({ deliveredAt: at("09:05"), records: [allowedCall({ eventId: "f2", time: "2025-06-29T09:04:00Z", roleArn: deploy.arn })] });
    await h.putLogFile({ deliveredAt: at("09:10"), records: [allowedCall({ eventId: "f3", time: "2025-06-29T09:09:00Z", roleArn: deploy.arn })] });
    const proxy = await startS3FaultProxy(h.moto.endpoint, (method, path) => (method === "GET" && path.includes(blocked) ? { status: 403, code: "AccessDenied" } : undefined));
    try {
      const { run } = await ingestTrailBuckets("cli", { now, bucket: () => s3TrailBucket({ endpoint: proxy.endpoint }) });
      expect(run).toMatchObject({ status: "partial", counts: { files: 1, inserted: 1 } });
      expect(run?.problems).toEqual([{ kind: "source", where: `s3://${BUCKET}/${blocked}`, message: `S3 GetObject of s3://${BUCKET}/${blocked} failed: AccessDenied.` }]);
    } finally {
      await proxy.close();
    }
    const next = await ingestTrailBuckets("cli", { now });
    expect(next.run).toMatchObject({ status: "succeeded", counts: { files: 2, inserted: 2 } });
    expect((await h.db.usageEvent.findMany({ orderBy: { eventId: "asc" } })).map((e) => e.eventId)).toEqual(["f1", "f2", "f3"]);
  });

  it("a per-account trail bucket (setting) is read for that account only", async () => {
    vi.stubEnv("TRUSTMAP_CLOUDTRAIL_S3", "");
    const deploy = await h.addRole("deploy");
    const other = await h.db.awsAccount.create({ data: { accountId: "444455556666", name: "dev", issuerUrl: "https://gitlab.example.com", audiences: ["x"] } });
    const devRole = await h.addRole("dev-deploy", other.id);
    await h.db.setting.create({ data: { key: "usage.accountTrails", value: { "111122223333": `s3://${BUCKET}` } } });
    await h.putLogFile({ deliveredAt: at("09:00"), records: [allowedCall({ eventId: "p1", time: "2025-06-29T08:59:00Z", roleArn: deploy.arn })] });
    await h.putLogFile({ deliveredAt: at("09:00"), account: "444455556666", records: [allowedCall({ eventId: "p2", time: "2025-06-29T08:59:00Z", roleArn: devRole.arn })] });

    const { run, covered } = await ingestTrailBuckets("cli", { now });

    expect(run?.counts.inserted).toBe(1);
    expect([...covered]).toEqual(["111122223333"]);
    expect((await h.db.usageEvent.findMany()).map((e) => e.eventId)).toEqual(["p1"]);
  });

  it("no bucket configured: no run", async () => {
    vi.stubEnv("TRUSTMAP_CLOUDTRAIL_S3", "");
    expect(await ingestTrailBuckets("cli", { now })).toEqual({ run: null, covered: new Set() });
  });
});
