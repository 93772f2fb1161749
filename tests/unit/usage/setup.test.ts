import { describe, expect, it } from "vitest";
import { EVENT_PATTERN, queueFromUrl, usageSetup } from "@/lib/usage/setup";

const QUEUE = queueFromUrl("https://sqs.eu-west-1.amazonaws.com/111122223333/trustmap-usage");

describe("usage setup prints what to create in AWS", () => {
  it("reads an SQS queue URL into its ARN", () => {
    expect(QUEUE).toEqual({ url: "https://sqs.eu-west-1.amazonaws.com/111122223333/trustmap-usage", region: "eu-west-1", accountId: "111122223333", name: "trustmap-usage", arn: "arn:aws:sqs:eu-west-1:111122223333:trustmap-usage" });
    expect(queueFromUrl("http://127.0.0.1:5000/123456789012/q")).toBeNull();
  });

  it("the rule forwards only AssumeRoleWithWebIdentity CloudTrail events, including read-only management events", () => {
    expect(EVENT_PATTERN).toEqual({ source: ["aws.sts"], "detail-type": ["AWS API Call via CloudTrail"], detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoleWithWebIdentity"] } });
    const setup = usageSetup(QUEUE!, [{ accountId: "111122223333", name: "prod", regions: ["eu-west-1"] }]);
    expect(setup.commands.join("\n")).toContain("--state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(setup.commands.join("\n")).toContain(JSON.stringify(EVENT_PATTERN));
  });

  it("the queue policy lets only trustmap's rule (same account) or the accounts' execution roles send", () => {
    const setup = usageSetup(QUEUE!, [
      { accountId: "111122223333", name: "prod", regions: ["eu-west-1", "us-east-1"] },
      { accountId: "444455556666", name: "dev", regions: ["eu-west-1"] },
    ]);
    expect(setup.queuePolicy).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "TrustmapUsageRules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: QUEUE!.arn, Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:111122223333:rule/trustmap-assume-role-with-web-identity" } } },
        { Sid: "TrustmapUsageRulesOtherAccounts", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::444455556666:role/trustmap-usage-events"] }, Action: "sqs:SendMessage", Resource: QUEUE!.arn },
      ],
    });
    expect(setup.accounts.map((a) => [a.accountId, a.crossAccount, a.unreachableRegions])).toEqual([["111122223333", false, ["us-east-1"]], ["444455556666", true, []]]);
    expect(setup.notes.join("\n")).toContain("us-east-1");
  });
});
