/**
 * The S3 calls that read a CloudTrail trail's log files: list folders and keys, open a file.
 * A port so the ingestion can be tested against moto's S3 or an in-memory bucket.
 */
import type { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { config } from "@/lib/config";
import { awsRetrySettings } from "./retry";
import { awsServiceError } from "./service-errors";

export interface TrailBucketPort {
  /** The "folders" directly under `prefix` (CommonPrefixes with delimiter "/"). */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
  /** Keys under `prefix` sorted as S3 lists them, after `startAfter`, a page at a time. */
  listKeys(bucket: string, prefix: string, startAfter: string): AsyncIterable<string[]>;
  /** The object's bytes as a stream (a gzip file, for log files). */
  open(bucket: string, key: string): Promise<Readable | AsyncIterable<Uint8Array>>;
  destroy(): void;
}

export interface S3TrailBucketOptions {
  region?: string;
  /** Omitted → AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (path-style addressing then, as moto needs). */
  endpoint?: string;
  /** Keys per list page (1–1000); lower only in tests. */
  pageSize?: number;
}

export function s3TrailBucket(options: S3TrailBucketOptions = {}): TrailBucketPort {
  const endpoint = options.endpoint ?? config().aws.s3Endpoint;
  const client = new S3Client({
    region: options.region ?? config().aws.region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // An organization trail's bucket often lives in another Region than trustmap.
    followRegionRedirects: true,
    ...awsRetrySettings(),
  });
  const pageSize = options.pageSize ?? 1000;
  return {
    async listFolders(bucket, prefix) {
      const folders: string[] = [];
      let token: string | undefined;
      do {
        const out = await client
          .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: "/", ContinuationToken: token, MaxKeys: pageSize }))
          .catch((e: unknown) => {
            throw awsServiceError(e, `S3 ListObjectsV2 of s3://${bucket}/${prefix}`);
          });
        for (const p of out.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return folders;
    },
    async *listKeys(bucket, prefix, startAfter) {
      let token: string | undefined;
      do {
        const out = await client
          .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: token ? undefined : startAfter, ContinuationToken: token, MaxKeys: pageSize }))
          .catch((e: unknown) => {
            throw awsServiceError(e, `S3 ListObjectsV2 of s3://${bucket}/${prefix}`);
          });
        const keys = (out.Contents ?? []).map((o) => o.Key).filter((k): k is string => typeof k === "string");
        if (keys.length > 0) yield keys;
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    },
    async open(bucket, key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((e: unknown) => {
        throw awsServiceError(e, `S3 GetObject of s3://${bucket}/${key}`);
      });
      if (!out.Body) throw awsServiceError(new Error("empty body"), `S3 GetObject of s3://${bucket}/${key}`);
      return out.Body as Readable;
    },
    destroy: () => client.destroy(),
  };
}
