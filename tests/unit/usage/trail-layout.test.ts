import { describe, expect, it } from "vitest";
import { parseS3Uri } from "@/lib/config";
import { awsLogsPrefix, classifyLogsFolder, isSettled, parseLogFileKey, regionOfFolder, startAfterKey, type RegionPrefix } from "@/lib/usage/trail-layout";
import { logFileKey } from "../../support/cloudtrail-records";

const region: RegionPrefix = { bucket: "logs", prefix: "org/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/", accountId: "111122223333", region: "eu-west-1" };

describe("a trail's S3 layout", () => {
  it("s3://bucket[/prefix] gives the bucket and a prefix ending in '/'", () => {
    expect(parseS3Uri("s3://org-trail")).toEqual({ bucket: "org-trail", prefix: "" });
    expect(parseS3Uri("s3://org-trail/")).toEqual({ bucket: "org-trail", prefix: "" });
    expect(parseS3Uri("s3://org-trail/a/b/")).toEqual({ bucket: "org-trail", prefix: "a/b/" });
    expect(parseS3Uri("https://org-trail")).toBeNull();
    expect(parseS3Uri("s3://Bad_Bucket")).toBeNull();
    expect(awsLogsPrefix({ bucket: "b", prefix: "a/" })).toBe("a/AWSLogs/");
  });

  it("tells organization folders from account folders under AWSLogs/", () => {
    expect(classifyLogsFolder("AWSLogs/o-abcdefghij/")).toEqual({ kind: "org", id: "o-abcdefghij" });
    expect(classifyLogsFolder("p/AWSLogs/o-abcdefghij/111122223333/")).toEqual({ kind: "account", accountId: "111122223333" });
    expect(classifyLogsFolder("AWSLogs/CloudTrail-Digest/")).toBeNull();
    expect(regionOfFolder("AWSLogs/111122223333/CloudTrail/ap-southeast-2/")).toBe("ap-southeast-2");
    expect(regionOfFolder("AWSLogs/111122223333/CloudTrail/Digest/")).toBeNull();
  });

  it("reads the delivery time from a log file's name", () => {
    const key = logFileKey({ prefix: "org/", org: "o-abcdefghij", region: "eu-west-1", deliveredAt: new Date("2025-03-04T05:06:00Z") });
    expect(parseLogFileKey(key)).toEqual({ accountId: "111122223333", region: "eu-west-1", deliveredAt: new Date("2025-03-04T05:06:00Z") });
    expect(parseLogFileKey("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/03/04/notes.txt")).toBeNull();
  });

  it("starts after the last key read, or 90 days back the first time", () => {
    const now = new Date("2025-06-01T12:00:00Z");
    expect(startAfterKey(region, null, now)).toBe(`${region.prefix}2025/03/03`);
    const last = `${region.prefix}2025/05/31/111122223333_CloudTrail_eu-west-1_20250531T2355Z_x.json.gz`;
    expect(startAfterKey(region, last, now)).toBe(last);
    // A cursor of another prefix is never used for this one.
    expect(startAfterKey(region, "other/key", now)).toBe(`${region.prefix}2025/03/03`);
  });

  it("a file is read only once the minute it was delivered in is 10 minutes past", () => {
    const file = { accountId: "1", region: "r", deliveredAt: new Date("2025-06-01T12:00:00Z") };
    expect(isSettled(file, new Date("2025-06-01T12:10:59Z"))).toBe(false);
    expect(isSettled(file, new Date("2025-06-01T12:11:00Z"))).toBe(true);
  });
});
