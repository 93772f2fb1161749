import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sqsUsageQueue, type UsageQueuePort } from "@/lib/aws/usage-queue";
import { drainUsageQueue, startUsageQueueConsumer } from "@/lib/usage/service";
import { allowedCall, deniedCall, eventBridgeEvent } from "@/tests/support/cloudtrail-records";
import { motoCredentials } from "@/tests/support/moto";
import { setupUsage } from "./harness";

const h = setupUsage();
let sqs: SQSClient;
let url: string;

beforeEach(async () => {
  sqs = new SQSClient({ region: "us-east-1", endpoint: h.moto.endpoint, credentials: motoCredentials });
  url = (await sqs.send(new CreateQueueCommand({ QueueName: "trustmap-usage", Attributes: { VisibilityTimeout: "1" } }))).QueueUrl as string;
  vi.stubEnv("TRUSTMAP_USAGE_SQS_URL", url);
});

const send = (body: unknown) => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: typeof body === "string" ? body : JSON.stringify(body) }));
async function queued(): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe("streaming from the SQS queue EventBridge fills", () => {
  it("stores managed roles' events, names malformed messages, and deletes every message it handled", async () => {
    const deploy = await h.addRole("deploy");
    await send(eventBridgeEvent(allowedCall({ eventId: "q1", time: "2025-06-29T10:00:00Z", roleArn: deploy.arn })));
    await send(eventBridgeEvent(deniedCall({ eventId: "q2", time: "2025-06-29T10:01:00Z", roleArn: deploy.arn })));
    await send(eventBridgeEvent(allowedCall({ eventId: "q3", time: "2025-06-29T10:02:00Z", roleArn: "arn:aws:iam::111122223333:role/unmanaged" })));
    await send("this is not an event");

    const run = await drainUsageQueue("cli", { waitSeconds: 1 });

    expect(run).toMatchObject({ source: "sqs", status: "succeeded", counts: { messages: 4, kept: 2, inserted: 2, unmanaged: 1, malformed: 1 } });
    expect(run?.problems).toEqual([{ kind: "skipped", where: expect.stringMatching(/^SQS message /), message: "the message body is not JSON" }]);
    expect(run?.readUntil).not.toBeNull();
    expect((await h.db.usageEvent.findMany({ orderBy: { eventId: "asc" } })).map((e) => [e.eventId, e.source, e.errorCode])).toEqual([["q1", "sqs", null], ["q2", "sqs", "AccessDenied"]]);
    expect(await queued()).toBe(0);
  });

  it("a message is deleted only after its events are committed: when storing fails it stays on the queue, and is stored once later", async () => {
    const deploy = await h.addRole("deploy");
    await send(eventBridgeEvent(allowedCall({ eventId: "r1", time: "2025-06-29T10:00:00Z", roleArn: deploy.arn })));
    const order: string[] = [];
    const watched = (u: string): UsageQueuePort => {
      const port = sqsUsageQueue(u, { region: "us-east-1" });
      return {
        receive: (w) => port.receive(w),
        delete: async (messages) => {
          order.push(`delete with ${await h.db.usageEvent.count()} stored`);
          return port.delete(messages);
        },
        destroy: () => port.destroy(),
      };
    };

    await h.asOwner("alter table usage_events rename to usage_events_away");
    let failed;
    try {
      failed = await drainUsageQueue("cli", { waitSeconds: 1 }, { queue: watched });
    } finally {
      await h.asOwner("alter table usage_events_away rename to usage_events");
    }
    expect(failed?.status).toBe("partial");
    expect(failed?.problems[0]).toMatchObject({ kind: "source", message: expect.stringContaining("left on the queue") });
    expect(order).toEqual([]);
    expect(await queued()).toBe(1);

    await new Promise((r) => setTimeout(r, 1100)); // the visibility timeout
    const retried = await drainUsageQueue("cli", { waitSeconds: 1 }, { queue: watched });
    expect(retried?.counts).toMatchObject({ inserted: 1 });
    expect(order).toEqual(["delete with 1 stored"]);
    expect(await queued()).toBe(0);
  });

  it("a message delivered twice (same eventID) is stored and counted once", async () => {
    const deploy = await h.addRole("deploy");
    const event = eventBridgeEvent(allowedCall({ eventId: "dup", time: "2025-06-29T10:00:00Z", roleArn: deploy.arn }));
    await send(event);
    await drainUsageQueue("cli", { waitSeconds: 1 });
    await send(event);
    const again = await drainUsageQueue("cli", { waitSeconds: 1 });
    expect(again?.counts).toMatchObject({ kept: 1, inserted: 0, duplicates: 1 });
    expect(await h.db.usageDaily.aggregate({ _sum: { count: true } })).toEqual({ _sum: { count: 1 } });
  });

  it("the long-running consumer long-polls, stores what arrives, records a run only when messages came, and stops", async () => {
    const deploy = await h.addRole("deploy");
    const lines: string[] = [];
    const consumer = startUsageQueueConsumer({ waitSeconds: 1, log: (l) => lines.push(l) });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await send(eventBridgeEvent(allowedCall({ eventId: "c1", time: "2025-06-29T10:00:00Z", roleArn: deploy.arn })));
      for (let i = 0; i < 50 && (await h.db.usageEvent.count()) === 0; i++) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await consumer.stop();
    }
    expect(await h.db.usageEvent.count()).toBe(1);
    expect(await h.db.usageRun.count({ where: { source: "sqs", trigger: "worker" } })).toBe(1);
    expect(lines.some((l) => l.includes("1 new event"))).toBe(true);
    expect(await h.db.usageCursor.findFirst({ where: { source: "sqs" } })).toMatchObject({ accountId: null, readUntil: expect.any(Date) });
  }, 30_000);

  it("no queue configured: nothing to drain", async () => {
    vi.stubEnv("TRUSTMAP_USAGE_SQS_URL", "");
    expect(await drainUsageQueue("cli")).toBeNull();
  });
});
