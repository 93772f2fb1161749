/**
 * CloudTrail LookupEvents for AssumeRoleWithWebIdentity in one account and Region: one page per
 * call; the caller paces the calls (two per second per account and Region,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).
 */
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { IamCredentialsProvider } from "./adapter";
import { awsRetrySettings } from "./retry";
import { awsServiceError } from "./service-errors";

export interface LookupPage {
  /** Each event's CloudTrail record (the `CloudTrailEvent` JSON string), or null when AWS left it out. */
  events: { eventId: string | null; record: string | null }[];
  nextToken: string | null;
}

export interface TrailLookupPort {
  lookupPage(input: { start: Date; end: Date; nextToken: string | null }): Promise<LookupPage>;
  destroy(): void;
}

export interface TrailLookupOptions {
  region: string;
  accountId: string;
  /** Omitted → the SDK's default chain; a management role's session for another account. */
  credentials?: IamCredentialsProvider;
  /** Omitted → AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL, as the SDK resolves them. */
  endpoint?: string;
}

/** LookupEvents' largest page. */
export const LOOKUP_PAGE_SIZE = 50;

export function cloudTrailLookup(options: TrailLookupOptions): TrailLookupPort {
  const client = new CloudTrailClient({ region: options.region, credentials: options.credentials, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...awsRetrySettings() });
  return {
    async lookupPage({ start, end, nextToken }) {
      const out = await client
        .send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "AssumeRoleWithWebIdentity" }],
            StartTime: start,
            EndTime: end,
            MaxResults: LOOKUP_PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        )
        .catch((e: unknown) => {
          throw awsServiceError(e, `CloudTrail LookupEvents in ${options.accountId} ${options.region}`);
        });
      return {
        events: (out.Events ?? []).map((e) => ({ eventId: e.EventId ?? null, record: e.CloudTrailEvent ?? null })),
        nextToken: out.NextToken ?? null,
      };
    },
    destroy: () => client.destroy(),
  };
}
