/**
 * CloudTrail records of sts:AssumeRoleWithWebIdentity shaped exactly as AWS documents them
 * ("Example OIDC AWS STS API event in CloudTrail log file",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample),
 * with GitLab values, plus denied variants, and CloudTrail log files (`{"Records":[...]}`, gzip)
 * named as a trail names them.
 */
import { gzipSync } from "node:zlib";

export const ACCOUNT = "111122223333";
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
export const AUDIENCE = "https://gitlab.example.com";

export interface CallOptions {
  eventId: string;
  time: string;
  roleArn?: string;
  sub?: string;
  audience?: string;
  provider?: string;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
}

/** A successful call, field for field the documented example. */
export function allowedCall(o: CallOptions): Record<string, unknown> {
  const roleArn = o.roleArn ?? `arn:aws:iam::${ACCOUNT}:role/deploy`;
  const account = roleArn.split(":")[4];
  const provider = o.provider ?? PROVIDER_ARN;
  const sub = o.sub ?? "project_path:platform/web:ref_type:branch:ref:main";
  const audience = o.audience ?? AUDIENCE;
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  return {
    eventVersion: "1.08",
    userIdentity: { type: "WebIdentityUser", principalId: `${provider}:${audience}:${sub}`, userName: sub, identityProvider: provider },
    eventTime: o.time,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithWebIdentity",
    awsRegion: o.region ?? "us-east-2",
    sourceIPAddress: o.sourceIp ?? "192.0.2.101",
    userAgent: o.userAgent ?? "aws-cli/2.13.29 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off command/sts.assume-role-with-web-identity",
    requestParameters: { roleArn, roleSessionName: "GitLabRunner-1234", durationSeconds: 3600 },
    responseElements: {
      credentials: { accessKeyId: "ASIAIOSFODNN7EXAMPLE", sessionToken: "<encoded session token blob>", expiration: "Jul 9, 2024, 4:41:37 PM" },
      subjectFromWebIdentityToken: sub,
      assumedRoleUser: { assumedRoleId: "AROA123456789EXAMPLE:GitLabRunner-1234", arn: `arn:aws:sts::${account}:assumed-role/${roleName}/GitLabRunner-1234` },
      provider,
      audience,
    },
    additionalEventData: { identityProviderConnectionVerificationMethod: "IAMTrustStore" },
    requestID: "aEXAMPLE-0b26-40df-8973-c7012EXAMPLE",
    eventID: o.eventId,
    readOnly: true,
    resources: [{ accountId: account, type: "AWS::IAM::Role", ARN: roleArn }],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "sts.us-east-2.amazonaws.com" },
  };
}

/**
 * A denied call: top-level errorCode/errorMessage, `responseElements: null` (record contents:
 * "If the action doesn't return response elements, this field is null"); the caller is known only
 * from userIdentity. AccessDenied: the trust policy did not admit the token.
 */
export function deniedCall(o: CallOptions & { errorCode?: string }): Record<string, unknown> {
  const record = allowedCall(o);
  const { resources: _resources, ...rest } = record;
  void _resources;
  return { ...rest, errorCode: o.errorCode ?? "AccessDenied", errorMessage: "Not authorized to perform sts:AssumeRoleWithWebIdentity", responseElements: null };
}

/** A token AWS could not read at all: no subject, no audience, no provider in the record. */
export function invalidTokenCall(o: Pick<CallOptions, "eventId" | "time" | "roleArn">): Record<string, unknown> {
  const roleArn = o.roleArn ?? `arn:aws:iam::${ACCOUNT}:role/deploy`;
  return {
    eventVersion: "1.08",
    userIdentity: { type: "WebIdentityUser" },
    eventTime: o.time,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithWebIdentity",
    awsRegion: "us-east-2",
    sourceIPAddress: "198.51.100.7",
    userAgent: "curl/8.5.0",
    errorCode: "InvalidIdentityToken",
    errorMessage: "Couldn't retrieve verification key from your identity provider",
    requestParameters: { roleArn, roleSessionName: "probe" },
    responseElements: null,
    requestID: "bEXAMPLE-0b26-40df-8973-c7012EXAMPLE",
    eventID: o.eventId,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: roleArn.split(":")[4],
    eventCategory: "Management",
  };
}

/** Another call in the same file (the documented GetUserPolicy example): not usage evidence. */
export function otherCall(eventId: string, time: string): Record<string, unknown> {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", principalId: "AIDACKCEVSQ6C2EXAMPLE:Role-Session-Name", arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Role-Name/Role-Session-Name`, accountId: ACCOUNT },
    eventTime: time,
    eventSource: "iam.amazonaws.com",
    eventName: "GetUserPolicy",
    awsRegion: "us-east-1",
    sourceIPAddress: "192.0.2.101",
    userAgent: "aws-cli/1.16.96 Python/2.7.8 Linux/10 botocore/1.12.86",
    requestParameters: { userName: "ExampleIAMUserName", policyName: "ExamplePolicyName" },
    responseElements: null,
    requestID: "9EXAMPLE-0c68-11e4-a24e-d5e16EXAMPLE",
    eventID: eventId,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

/** A log file's JSON text, as CloudTrail writes it (one object, a Records array). */
export function logFileText(records: readonly unknown[]): string {
  return JSON.stringify({ Records: records });
}

export function logFileGzip(records: readonly unknown[]): Buffer {
  return gzipSync(logFileText(records));
}

/** `<prefix>AWSLogs/[org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz` */
export function logFileKey(o: { prefix?: string; org?: string; account?: string; region?: string; deliveredAt: Date; unique?: string }): string {
  const account = o.account ?? ACCOUNT;
  const region = o.region ?? "us-east-2";
  const d = o.deliveredAt;
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  return `${o.prefix ?? ""}AWSLogs/${o.org ? `${o.org}/` : ""}${account}/CloudTrail/${region}/${date}/${account}_CloudTrail_${region}_${stamp}_${o.unique ?? "Mu0KsOhtH1ar15ZZ"}.json.gz`;
}

/** The EventBridge event that carries a record to the queue ("AWS API Call via CloudTrail"). */
export function eventBridgeEvent(record: Record<string, unknown>): Record<string, unknown> {
  return {
    version: "0",
    id: `eb-${String(record.eventID)}`,
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.sts",
    account: String(record.recipientAccountId ?? ACCOUNT),
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}
