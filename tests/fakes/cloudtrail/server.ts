/**
 * A fake of CloudTrail's LookupEvents, written to AWS's API reference
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html), because
 * moto does not implement it:
 * - AWS JSON 1.1 protocol: `POST /`, `X-Amz-Target: CloudTrail_20131101.LookupEvents`,
 *   `Content-Type: application/x-amz-json-1.1`; errors are HTTP 400 with `{"__type", "message"}`.
 * - Request: LookupAttributes (at most one), StartTime/EndTime (epoch seconds, inclusive),
 *   MaxResults 1–50 (default 50), NextToken (valid only with the same parameters).
 * - Response: Events, most recent first, each with EventId, EventName, ReadOnly, EventTime,
 *   EventSource, Username, Resources and CloudTrailEvent (the record as a JSON string); NextToken
 *   while more remain.
 * - "The rate of lookup requests is limited to two per second, per account, per Region. If this
 *   limit is exceeded, a throttling error occurs": more than two requests of one account and
 *   Region within any second answer ThrottlingException (and are counted).
 * The account is the one the request's access key belongs to (`keys`), the Region the one its
 * SigV4 credential scope names.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type CloudTrailRecord = Record<string, unknown>;

export interface LookupRequest {
  at: number;
  account: string;
  region: string;
  body: Record<string, unknown>;
  throttled: boolean;
}

export interface FakeCloudTrail {
  endpoint: string;
  /** Records CloudTrail holds for an account and Region. */
  add(account: string, region: string, records: CloudTrailRecord[]): void;
  /** Answer every request of this account with this error (e.g. AccessDeniedException). */
  fail(account: string, error: { status: number; type: string; message: string } | null): void;
  requests: LookupRequest[];
  throttled(): number;
  /** Forget every record, failure and request. */
  reset(): void;
  close(): Promise<void>;
}

const ATTRIBUTE_KEYS: Record<string, (r: CloudTrailRecord) => unknown> = {
  EventId: (r) => r.eventID,
  EventName: (r) => r.eventName,
  EventSource: (r) => r.eventSource,
  ReadOnly: (r) => String(r.readOnly ?? ""),
  Username: (r) => (r.userIdentity as { userName?: string } | undefined)?.userName,
  ResourceType: (r) => ((r.resources as { type?: string }[] | undefined) ?? []).map((x) => x.type),
  ResourceName: (r) => ((r.resources as { ARN?: string }[] | undefined) ?? []).map((x) => x.ARN),
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": createHash("md5").update(`${Date.now()}${Math.random()}`).digest("hex") });
  res.end(JSON.stringify({ __type: type, message }));
}

export async function startFakeCloudTrail(options: { keys: Record<string, string> }): Promise<FakeCloudTrail> {
  const store = new Map<string, CloudTrailRecord[]>();
  const failures = new Map<string, { status: number; type: string; message: string }>();
  const requests: LookupRequest[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const target = req.headers["x-amz-target"];
      const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/cloudtrail\/aws4_request/.exec(String(req.headers.authorization ?? ""));
      if (req.method !== "POST" || !scope) return error(res, 400, "MissingAuthenticationTokenException", "Missing or malformed SigV4 authorization.");
      const account = options.keys[scope[1] as string];
      const region = scope[2] as string;
      if (!account) return error(res, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
      if (target !== "CloudTrail_20131101.LookupEvents") return error(res, 400, "UnknownOperationException", `Unknown operation ${String(target)}.`);
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-amz-json-1.1")) return error(res, 400, "SerializationException", "Expected application/x-amz-json-1.1.");
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || "{}") as Record<string, unknown>;
      } catch {
        return error(res, 400, "SerializationException", "The request body is not JSON.");
      }
      const now = Date.now();
      const recent = requests.filter((r) => r.account === account && r.region === region && !r.throttled && now - r.at < 1000).length;
      const entry: LookupRequest = { at: now, account, region, body, throttled: recent >= 2 };
      requests.push(entry);
      if (entry.throttled) return error(res, 400, "ThrottlingException", "Rate exceeded");
      const failure = failures.get(account);
      if (failure) return error(res, failure.status, failure.type, failure.message);

      const attributes = (body.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[] | undefined) ?? [];
      if (attributes.length > 1) return error(res, 400, "InvalidLookupAttributesException", "You can specify only one lookup attribute.");
      const attribute = attributes[0];
      const pick = attribute ? ATTRIBUTE_KEYS[attribute.AttributeKey ?? ""] : undefined;
      if (attribute && !pick) return error(res, 400, "InvalidLookupAttributesException", `Invalid AttributeKey ${String(attribute.AttributeKey)}.`);
      const maxResults = body.MaxResults === undefined ? 50 : Number(body.MaxResults);
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) return error(res, 400, "InvalidMaxResultsException", "MaxResults must be 1 to 50.");
      const start = typeof body.StartTime === "number" ? body.StartTime * 1000 : -Infinity;
      const end = typeof body.EndTime === "number" ? body.EndTime * 1000 : Infinity;
      if (start > end) return error(res, 400, "InvalidTimeRangeException", "StartTime is after EndTime.");

      const params = createHash("sha256").update(JSON.stringify([attribute ?? null, body.StartTime ?? null, body.EndTime ?? null, account, region])).digest("hex").slice(0, 16);
      let offset = 0;
      if (body.NextToken !== undefined) {
        const [tokenParams, tokenOffset] = String(body.NextToken).split(".");
        if (tokenParams !== params || !/^\d+$/.test(tokenOffset ?? "")) return error(res, 400, "InvalidNextTokenException", "Invalid NextToken: it was issued for other parameters.");
        offset = Number(tokenOffset);
      }
      const matching = (store.get(`${account}:${region}`) ?? [])
        .filter((r) => {
          const t = Date.parse(String(r.eventTime));
          if (t < start || t > end) return false;
          if (!attribute || !pick) return true;
          const value = pick(r);
          return Array.isArray(value) ? value.includes(attribute.AttributeValue) : value === attribute.AttributeValue;
        })
        .sort((a, b) => Date.parse(String(b.eventTime)) - Date.parse(String(a.eventTime)));
      const page = matching.slice(offset, offset + maxResults);
      const next = offset + maxResults < matching.length ? `${params}.${offset + maxResults}` : undefined;
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(
        JSON.stringify({
          Events: page.map((r) => ({
            EventId: r.eventID,
            EventName: r.eventName,
            ReadOnly: String(r.readOnly ?? "true"),
            EventTime: Date.parse(String(r.eventTime)) / 1000,
            EventSource: r.eventSource,
            Username: (r.userIdentity as { userName?: string } | undefined)?.userName,
            Resources: ((r.resources as { type?: string; ARN?: string }[] | undefined) ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
            CloudTrailEvent: JSON.stringify(r),
          })),
          ...(next ? { NextToken: next } : {}),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    add(account, region, records) {
      const key = `${account}:${region}`;
      store.set(key, [...(store.get(key) ?? []), ...records]);
    },
    fail(account, e) {
      if (e) failures.set(account, e);
      else failures.delete(account);
    },
    requests,
    throttled: () => requests.filter((r) => r.throttled).length,
    reset() {
      store.clear();
      failures.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
