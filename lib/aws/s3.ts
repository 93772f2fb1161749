/**
 * S3 for trustmap's own objects: write a new object that must not exist yet, read the first key
 * under a prefix, read an object. Credentials from the SDK's default chain; AWS_ENDPOINT_URL_S3 (or
 * AWS_ENDPOINT_URL) points it elsewhere, e.g. moto in tests, with path-style addressing.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { config } from "@/lib/config";
import { toAppError } from "./sdk-errors";

export interface ObjectStore {
  /** Write `key`; refused (never overwritten) when it already exists. */
  putNew(key: string, body: string, contentType: string): Promise<void>;
  /** The lexicographically first key under `prefix`, or null when there is none. */
  firstKey(prefix: string): Promise<string | null>;
  getText(key: string): Promise<string>;
  destroy(): void;
}

export function s3ObjectStore(bucket: string, options: { endpoint?: string; region?: string } = {}): ObjectStore {
  const { aws } = config();
  const endpoint = options.endpoint ?? aws.s3Endpoint;
  const client = new S3Client({ region: options.region ?? aws.region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  return {
    async putNew(key, body, contentType) {
      try {
        // If-None-Match: * makes S3 refuse to replace an existing object (conditional writes).
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, IfNoneMatch: "*" }));
      } catch (e) {
        throw toAppError(e, "PutObject");
      }
    },
    async firstKey(prefix) {
      try {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
        return out.Contents?.[0]?.Key ?? null;
      } catch (e) {
        throw toAppError(e, "ListObjectsV2");
      }
    },
    async getText(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString("utf8")) ?? "";
      } catch (e) {
        throw toAppError(e, "GetObject");
      }
    },
    destroy: () => client.destroy(),
  };
}
