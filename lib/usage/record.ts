/**
 * One CloudTrail record of `sts:AssumeRoleWithWebIdentity` → the usage evidence trustmap keeps.
 * Pure: a parsed JSON value in, a verdict out.
 *
 * Field sources, as AWS documents them:
 * - Record fields (eventID, eventTime, eventSource, eventName, awsRegion, sourceIPAddress,
 *   userAgent, errorCode, requestParameters, responseElements, resources, recipientAccountId):
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 *   — eventID is always present; userAgent, errorCode, recipientAccountId, resources are optional.
 * - The AssumeRoleWithWebIdentity example: responseElements carries `provider` (the IAM OIDC
 *   provider ARN), `audience` and `subjectFromWebIdentityToken`; requestParameters the `roleArn`:
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample
 * - userIdentity of type WebIdentityUser: `identityProvider` (the issuer / provider), `userName`
 *   (the user id = the token's sub) and `principalId` ("a combination of the issuer, application
 *   ID, and user ID"):
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html#STS-API-SAML-WIF
 * A denied call has an `errorCode` and `responseElements: null`, so provider, audience and sub
 * then come from userIdentity when AWS could read the token, and are unknown when it could not
 * (InvalidIdentityToken for a malformed token): those fields are null, never guessed.
 */

export const WEB_IDENTITY_EVENT = "AssumeRoleWithWebIdentity";
export const STS_EVENT_SOURCE = "sts.amazonaws.com";

/** What trustmap keeps of one call. */
export interface UsageEvent {
  eventId: string;
  at: Date;
  /** The account that owns the role (from the role ARN: the call is logged there). */
  accountId: string;
  region: string;
  roleArn: string;
  provider: string | null;
  audience: string | null;
  subject: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  /** null when the call succeeded. */
  errorCode: string | null;
}

export type RecordVerdict =
  | { kind: "event"; event: UsageEvent }
  /** Another API call: not evidence, not a problem. */
  | { kind: "other" }
  /** An AssumeRoleWithWebIdentity record missing what every record has; skipped and reported. */
  | { kind: "malformed"; reason: string; eventId: string | null };

// Stored values are capped: they are evidence to read, and a probe can send a token with any
// sub. CloudTrail itself truncates userAgent and errorCode at 1 KB.
const MAX = { eventId: 128, region: 32, roleArn: 2048, provider: 2048, audience: 1024, subject: 1024, sourceIp: 256, userAgent: 1024, errorCode: 256 } as const;

/** `arn:<partition>:iam::<12 digits>:role/<path/>name` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,576}$/;

type Json = Record<string, unknown>;

function obj(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function str(value: unknown, max: number): string | null {
  if (typeof value !== "string" || value.length === 0) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/** The role's account, or null when `arn` is not an IAM role ARN. */
export function roleArnAccount(arn: string): string | null {
  return ROLE_ARN.exec(arn)?.[1] ?? null;
}

function roleArnOf(record: Json): string | null {
  const requested = obj(record.requestParameters)?.roleArn;
  if (typeof requested === "string" && roleArnAccount(requested) !== null) return requested;
  const resources = Array.isArray(record.resources) ? record.resources : [];
  for (const resource of resources) {
    const r = obj(resource);
    if (r?.type === "AWS::IAM::Role" && typeof r.ARN === "string" && roleArnAccount(r.ARN) !== null) return r.ARN;
  }
  return null;
}

/**
 * The audience inside a WebIdentityUser's principalId `<provider>:<audience>:<user id>`. Both
 * ends are known (identityProvider and userName), so the middle is exact even though provider
 * ARNs, audiences and GitLab subs all contain ':'.
 */
export function audienceFromPrincipalId(principalId: string, identityProvider: string, userName: string): string | null {
  const head = `${identityProvider}:`;
  const tail = `:${userName}`;
  if (!principalId.startsWith(head) || !principalId.endsWith(tail) || principalId.length <= head.length + tail.length) return null;
  return principalId.slice(head.length, principalId.length - tail.length);
}

/** Read one record; anything that is not an AssumeRoleWithWebIdentity call is `other`. */
export function parseCloudTrailRecord(value: unknown): RecordVerdict {
  const record = obj(value);
  if (record === null) return { kind: "malformed", reason: "a record is not a JSON object", eventId: null };
  if (record.eventName !== WEB_IDENTITY_EVENT || record.eventSource !== STS_EVENT_SOURCE) return { kind: "other" };

  const eventId = str(record.eventID, MAX.eventId);
  const bad = (reason: string): RecordVerdict => ({ kind: "malformed", reason, eventId });
  if (eventId === null) return bad("the record has no eventID");
  const time = typeof record.eventTime === "string" ? Date.parse(record.eventTime) : NaN;
  if (Number.isNaN(time)) return bad("the record has no valid eventTime");
  const region = str(record.awsRegion, MAX.region);
  if (region === null) return bad("the record has no awsRegion");
  const roleArn = roleArnOf(record);
  if (roleArn === null || roleArn.length > MAX.roleArn) return bad("the record names no IAM role (requestParameters.roleArn)");

  const response = obj(record.responseElements);
  const identity = obj(record.userIdentity);
  const webIdentity = identity !== null && (identity.type === undefined || identity.type === "WebIdentityUser") ? identity : null;
  const identityProvider = str(webIdentity?.identityProvider, MAX.provider);
  const userName = str(webIdentity?.userName, MAX.subject);
  const principalId = typeof webIdentity?.principalId === "string" ? webIdentity.principalId : null;

  const provider = str(response?.provider, MAX.provider) ?? identityProvider;
  const subject = str(response?.subjectFromWebIdentityToken, MAX.subject) ?? userName;
  const audience =
    str(response?.audience, MAX.audience) ??
    (principalId !== null && identityProvider !== null && userName !== null ? str(audienceFromPrincipalId(principalId, identityProvider, userName), MAX.audience) : null);

  return {
    kind: "event",
    event: {
      eventId,
      at: new Date(time),
      accountId: roleArnAccount(roleArn) as string,
      region,
      roleArn,
      provider,
      audience,
      subject,
      sourceIp: str(record.sourceIPAddress, MAX.sourceIp),
      userAgent: str(record.userAgent, MAX.userAgent),
      errorCode: str(record.errorCode, MAX.errorCode),
    },
  };
}

/**
 * An "AWS API Call via CloudTrail" event as EventBridge delivers it (the SQS message body): its
 * `detail` is the CloudTrail record. https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-sts.html
 * A bare record is accepted too (a queue fed some other way).
 */
export function parseEventBridgeMessage(body: string): RecordVerdict {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { kind: "malformed", reason: "the message body is not JSON", eventId: null };
  }
  const envelope = obj(value);
  if (envelope === null) return { kind: "malformed", reason: "the message body is not a JSON object", eventId: null };
  if ("detail" in envelope || "detail-type" in envelope) {
    if (envelope["detail-type"] !== "AWS API Call via CloudTrail") return { kind: "malformed", reason: `the message is an EventBridge event of another type (${String(envelope["detail-type"]).slice(0, 80)})`, eventId: null };
    return parseCloudTrailRecord(envelope.detail);
  }
  if ("eventName" in envelope) return parseCloudTrailRecord(envelope);
  return { kind: "malformed", reason: "the message is neither an EventBridge event nor a CloudTrail record", eventId: null };
}
