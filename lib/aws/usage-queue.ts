/**
 * The SQS queue EventBridge fills with AssumeRoleWithWebIdentity events: long-poll receive and
 * batch delete (a message is deleted only after what it carried is committed).
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { awsRetrySettings } from "./retry";
import { awsServiceError } from "./service-errors";

export interface QueueMessage {
  id: string;
  receipt: string;
  body: string;
}

export interface UsageQueuePort {
  /** Up to 10 messages, waiting up to `waitSeconds` (0–20) for the first (long polling). */
  receive(waitSeconds: number): Promise<QueueMessage[]>;
  /** Delete received messages; returns the ids SQS did not delete. */
  delete(messages: readonly QueueMessage[]): Promise<string[]>;
  destroy(): void;
}

export function sqsUsageQueue(url: string, options: { region: string; endpoint?: string }): UsageQueuePort {
  const client = new SQSClient({ region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...awsRetrySettings() });
  return {
    async receive(waitSeconds) {
      const out = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds })).catch((e: unknown) => {
        throw awsServiceError(e, `SQS ReceiveMessage of ${url}`);
      });
      return (out.Messages ?? []).flatMap((m) => (m.MessageId && m.ReceiptHandle ? [{ id: m.MessageId, receipt: m.ReceiptHandle, body: m.Body ?? "" }] : []));
    },
    async delete(messages) {
      const failed: string[] = [];
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const out = await client
          .send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: batch.map((m, n) => ({ Id: String(n), ReceiptHandle: m.receipt })) }))
          .catch((e: unknown) => {
            throw awsServiceError(e, `SQS DeleteMessageBatch of ${url}`);
          });
        for (const f of out.Failed ?? []) {
          const m = batch[Number(f.Id)];
          if (m) failed.push(m.id);
        }
      }
      return failed;
    },
    destroy: () => client.destroy(),
  };
}
