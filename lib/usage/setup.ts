/**
 * What to create in AWS so AssumeRoleWithWebIdentity events stream into trustmap's queue: the
 * EventBridge rule (event pattern), its target, and the queue's resource policy. Pure text;
 * `npm run trustmap -- usage setup` prints it, trustmap creates nothing itself.
 *
 * - STS events reach EventBridge through CloudTrail as "AWS API Call via CloudTrail", source
 *   aws.sts: https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-sts.html
 * - AssumeRoleWithWebIdentity is logged as a read-only management event (`"readOnly": true`,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html), and a rule in
 *   state ENABLED does not receive read-only management events; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 *   does: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
 * - An SQS target in the rule's own account is allowed by the queue policy (service principal
 *   events.amazonaws.com, aws:SourceArn the rule); a queue in another account, same Region only,
 *   needs an execution role in the rule's account that the queue policy allows:
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html
 */

export const RULE_NAME = "trustmap-assume-role-with-web-identity";
export const EXECUTION_ROLE_NAME = "trustmap-usage-events";

export const EVENT_PATTERN = {
  source: ["aws.sts"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoleWithWebIdentity"] },
} as const;

export interface QueueAddress {
  url: string;
  region: string;
  accountId: string;
  name: string;
  arn: string;
}

const QUEUE_URL = /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

/** The queue of an SQS URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`); null for another shape. */
export function queueFromUrl(url: string): QueueAddress | null {
  const match = QUEUE_URL.exec(url);
  if (!match) return null;
  const [, region = "", accountId = "", name = ""] = match;
  const partition = url.includes(".amazonaws.com.cn/") ? "aws-cn" : "aws";
  return { url, region, accountId, name, arn: `arn:${partition}:sqs:${region}:${accountId}:${name}` };
}

export interface SetupAccount {
  accountId: string;
  name: string;
  /** Regions where CI jobs call STS (their AssumeRoleWithWebIdentity events are logged there). */
  regions: string[];
}

export interface UsageSetup {
  queue: QueueAddress;
  eventPattern: typeof EVENT_PATTERN;
  queuePolicy: object;
  /** Per account: its rules, and whether they need the execution role (another account's queue). */
  accounts: { accountId: string; name: string; regions: string[]; crossAccount: boolean; unreachableRegions: string[] }[];
  commands: string[];
  notes: string[];
}

export function usageSetup(queue: QueueAddress, accounts: readonly SetupAccount[]): UsageSetup {
  const sameAccount = accounts.some((a) => a.accountId === queue.accountId);
  const others = accounts.filter((a) => a.accountId !== queue.accountId);
  const statements: object[] = [];
  if (sameAccount || accounts.length === 0) {
    statements.push({
      Sid: "TrustmapUsageRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queue.arn,
      Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:${queue.region}:${queue.accountId}:rule/${RULE_NAME}` } },
    });
  }
  if (others.length > 0) {
    statements.push({
      Sid: "TrustmapUsageRulesOtherAccounts",
      Effect: "Allow",
      Principal: { AWS: others.map((a) => `arn:aws:iam::${a.accountId}:role/${EXECUTION_ROLE_NAME}`) },
      Action: "sqs:SendMessage",
      Resource: queue.arn,
    });
  }
  const pattern = JSON.stringify(EVENT_PATTERN);
  const commands: string[] = [];
  const rows = accounts.map((a) => {
    const crossAccount = a.accountId !== queue.accountId;
    const unreachableRegions = a.regions.filter((r) => r !== queue.region);
    commands.push(`# account ${a.name} (${a.accountId}), region ${queue.region}`);
    commands.push(`aws events put-rule --region ${queue.region} --name ${RULE_NAME} --state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS --event-pattern '${pattern}'`);
    commands.push(
      crossAccount
        ? `aws events put-targets --region ${queue.region} --rule ${RULE_NAME} --targets 'Id=trustmap-queue,Arn=${queue.arn},RoleArn=arn:aws:iam::${a.accountId}:role/${EXECUTION_ROLE_NAME}'`
        : `aws events put-targets --region ${queue.region} --rule ${RULE_NAME} --targets 'Id=trustmap-queue,Arn=${queue.arn}'`,
    );
    return { accountId: a.accountId, name: a.name, regions: a.regions, crossAccount, unreachableRegions };
  });
  const notes = [
    "The rule's state must be ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: CloudTrail logs AssumeRoleWithWebIdentity as a read-only management event, which a rule in state ENABLED does not receive.",
    `Set the queue's policy (aws sqs set-queue-attributes --queue-url ${queue.url} --attributes Policy=...) to the policy above.`,
  ];
  if (others.length > 0) {
    notes.push(`Accounts other than the queue's (${queue.accountId}) need an IAM role ${EXECUTION_ROLE_NAME} that events.amazonaws.com may assume, allowed sqs:SendMessage on ${queue.arn}; EventBridge delivers to another account's queue only within one Region.`);
  }
  const unreachable = rows.filter((r) => r.unreachableRegions.length > 0);
  if (unreachable.length > 0) {
    notes.push(
      `Jobs also call STS outside ${queue.region} (${unreachable.map((r) => `${r.accountId}: ${r.unreachableRegions.join(", ")}`).join("; ")}): create the rule there too with the ${queue.region} default event bus as its target, or read those Regions from a trail bucket (TRUSTMAP_CLOUDTRAIL_S3) or LookupEvents.`,
    );
  }
  return { queue, eventPattern: EVENT_PATTERN, queuePolicy: { Version: "2012-10-17", Statement: statements }, accounts: rows, commands, notes };
}
