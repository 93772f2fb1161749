import { describe, expect, it } from "vitest";
import { audienceFromPrincipalId, parseCloudTrailRecord, parseEventBridgeMessage } from "@/lib/usage/record";
import { ACCOUNT, allowedCall, AUDIENCE, deniedCall, eventBridgeEvent, invalidTokenCall, otherCall, PROVIDER_ARN } from "../../support/cloudtrail-records";

const SUB = "project_path:platform/web:ref_type:branch:ref:main";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`;

describe("a CloudTrail AssumeRoleWithWebIdentity record becomes usage evidence", () => {
  it("keeps time, account, role, provider, audience, sub, source IP, user agent and event id of the documented record", () => {
    const verdict = parseCloudTrailRecord(allowedCall({ eventId: "e-1", time: "2024-07-09T15:41:37Z" }));
    expect(verdict).toEqual({
      kind: "event",
      event: {
        eventId: "e-1",
        at: new Date("2024-07-09T15:41:37Z"),
        accountId: ACCOUNT,
        region: "us-east-2",
        roleArn: ROLE,
        provider: PROVIDER_ARN,
        audience: AUDIENCE,
        subject: SUB,
        sourceIp: "192.0.2.101",
        userAgent: expect.stringContaining("aws-cli/2.13.29"),
        errorCode: null,
      },
    });
  });

  it("a denied call (AccessDenied, responseElements null) keeps its error code and takes sub, provider and audience from userIdentity", () => {
    const verdict = parseCloudTrailRecord(deniedCall({ eventId: "e-2", time: "2024-07-09T16:00:00Z", sub: "project_path:evil/fork:ref_type:branch:ref:main" }));
    expect(verdict.kind).toBe("event");
    if (verdict.kind !== "event") return;
    expect(verdict.event).toMatchObject({ errorCode: "AccessDenied", subject: "project_path:evil/fork:ref_type:branch:ref:main", provider: PROVIDER_ARN, audience: AUDIENCE, roleArn: ROLE });
  });

  it("a token AWS could not read (InvalidIdentityToken) is kept with the fields it lacks as null, never guessed", () => {
    const verdict = parseCloudTrailRecord(invalidTokenCall({ eventId: "e-3", time: "2024-07-09T16:01:00Z" }));
    expect(verdict).toEqual({
      kind: "event",
      event: expect.objectContaining({ eventId: "e-3", errorCode: "InvalidIdentityToken", subject: null, audience: null, provider: null, roleArn: ROLE, sourceIp: "198.51.100.7", userAgent: "curl/8.5.0" }),
    });
  });

  it("other API calls are not evidence and not problems", () => {
    expect(parseCloudTrailRecord(otherCall("e-4", "2024-07-09T16:02:00Z"))).toEqual({ kind: "other" });
    expect(parseCloudTrailRecord({ ...allowedCall({ eventId: "e-5", time: "2024-07-09T16:02:00Z" }), eventSource: "iam.amazonaws.com" })).toEqual({ kind: "other" });
  });

  it.each([
    ["no eventID", { eventID: undefined }, "eventID"],
    ["no eventTime", { eventTime: "yesterday" }, "eventTime"],
    ["no awsRegion", { awsRegion: undefined }, "awsRegion"],
    ["no role", { requestParameters: { roleSessionName: "x" }, resources: [] }, "role"],
    ["a role ARN of another service", { requestParameters: { roleArn: "arn:aws:s3:::bucket" }, resources: [] }, "role"],
  ])("a record with %s is malformed, naming what is missing", (_name, patch, word) => {
    const verdict = parseCloudTrailRecord({ ...allowedCall({ eventId: "e-6", time: "2024-07-09T16:03:00Z" }), ...patch });
    expect(verdict.kind).toBe("malformed");
    if (verdict.kind === "malformed") expect(verdict.reason).toContain(word);
  });

  it("a record that is not an object is malformed", () => {
    expect(parseCloudTrailRecord(["AssumeRoleWithWebIdentity"])).toMatchObject({ kind: "malformed" });
    expect(parseCloudTrailRecord(null)).toMatchObject({ kind: "malformed" });
  });

  it("the role comes from resources when requestParameters lacks it", () => {
    const record = { ...allowedCall({ eventId: "e-7", time: "2024-07-09T16:04:00Z" }), requestParameters: { roleSessionName: "s" } };
    expect(parseCloudTrailRecord(record)).toMatchObject({ kind: "event", event: { roleArn: ROLE } });
  });

  it("the audience is cut exactly out of principalId even though provider, audience and sub all contain ':'", () => {
    expect(audienceFromPrincipalId(`${PROVIDER_ARN}:https://gitlab.example.com:${SUB}`, PROVIDER_ARN, SUB)).toBe("https://gitlab.example.com");
    expect(audienceFromPrincipalId(`accounts.google.com:app.apps.googleusercontent.com:user-id`, "accounts.google.com", "user-id")).toBe("app.apps.googleusercontent.com");
    expect(audienceFromPrincipalId(`other:aud:${SUB}`, PROVIDER_ARN, SUB)).toBeNull();
    expect(audienceFromPrincipalId(`${PROVIDER_ARN}:${SUB}`, PROVIDER_ARN, SUB)).toBeNull();
  });

  it("a huge sub from a probing token is capped, not stored whole", () => {
    const verdict = parseCloudTrailRecord(deniedCall({ eventId: "e-8", time: "2024-07-09T16:05:00Z", sub: "x".repeat(100_000) }));
    expect(verdict.kind === "event" && verdict.event.subject?.length).toBe(1024);
  });
});

describe("an SQS message from EventBridge carries the record in detail", () => {
  it("reads the AWS API Call via CloudTrail envelope", () => {
    const verdict = parseEventBridgeMessage(JSON.stringify(eventBridgeEvent(allowedCall({ eventId: "e-9", time: "2024-07-09T16:06:00Z" }))));
    expect(verdict).toMatchObject({ kind: "event", event: { eventId: "e-9", subject: SUB } });
  });

  it("a bare record is accepted; other shapes are malformed, named", () => {
    expect(parseEventBridgeMessage(JSON.stringify(allowedCall({ eventId: "e-10", time: "2024-07-09T16:06:00Z" })))).toMatchObject({ kind: "event" });
    expect(parseEventBridgeMessage("not json")).toMatchObject({ kind: "malformed", reason: expect.stringContaining("not JSON") });
    expect(parseEventBridgeMessage(JSON.stringify({ "detail-type": "EC2 Instance State-change Notification", detail: {} }))).toMatchObject({ kind: "malformed", reason: expect.stringContaining("EC2 Instance State-change Notification") });
    expect(parseEventBridgeMessage(JSON.stringify({ hello: "world" }))).toMatchObject({ kind: "malformed" });
  });
});
