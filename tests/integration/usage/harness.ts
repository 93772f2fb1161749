/**
 * Usage integration harness: a fresh database per file, moto's S3 and SQS (one server), seed
 * helpers for the account, roles and mappings of the CloudTrail records in
 * tests/support/cloudtrail-records.ts, and a writer of trail log files into moto's S3.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import { beforeAll, beforeEach, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { ACCOUNT, AUDIENCE, logFileGzip, logFileKey, PROVIDER_ARN } from "@/tests/support/cloudtrail-records";
import { useFreshDatabase } from "@/tests/support/db";
import { motoCredentials, setupMoto, type MotoServer } from "@/tests/support/moto";

export const BUCKET = "org-trail-logs";
export const ORG = "o-abcdefghij";
/** Today for the tests: log files are dated the day before. */
export const NOW = new Date("2025-06-30T12:00:00Z");

export interface UsageHarness {
  db: Db;
  url: string;
  moto: MotoServer;
  s3: S3Client;
  userId: string;
  accountDbId: string;
  addRole(name: string, accountDbId?: string): Promise<{ id: string; arn: string }>;
  approveMapping(roleId: string, overrides?: Partial<{ scope: "group" | "project"; gitlabPath: string; refType: "branch" | "tag" | "any"; refPattern: string; createdAt: Date }>): Promise<string>;
  /** Write a gzip log file (or raw bytes) under the org trail's prefix; returns its key. */
  putLogFile(o: { records?: unknown[]; bytes?: Buffer; deliveredAt: Date; account?: string; region?: string; unique?: string; key?: string }): Promise<string>;
  /** Environment for the code under test and a child process (CLI). */
  env(): Record<string, string>;
  /** Run SQL as the database's owner role (the app role owns nothing: it cannot rename a table to break the store). */
  asOwner(sql: string): Promise<void>;
}

export function setupUsage(): UsageHarness {
  const moto = setupMoto();
  const h = {} as UsageHarness;
  beforeAll(async () => {
    const fresh = await useFreshDatabase();
    h.db = fresh.db;
    h.url = fresh.url;
    const ownerUrl = fresh.urlAs("owner");
    h.asOwner = async (sql) => {
      const client = new pg.Client({ connectionString: ownerUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    h.userId = (await h.db.user.create({ data: { username: "dev-1", name: "Dev" } })).id;
  });
  beforeEach(async () => {
    h.moto = moto();
    for (const [k, v] of Object.entries(h.env())) vi.stubEnv(k, v);
    h.s3 = new S3Client({ region: "us-east-1", endpoint: h.moto.endpoint, forcePathStyle: true, credentials: motoCredentials });
    await h.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await h.db.usageEvent.deleteMany();
    await h.db.usageDaily.deleteMany();
    await h.db.usageCursor.deleteMany();
    await h.db.usageRun.deleteMany();
    await h.db.mapping.deleteMany();
    await h.db.iamRole.deleteMany();
    await h.db.awsAccount.deleteMany();
    await h.db.setting.deleteMany();
    h.accountDbId = (await h.db.awsAccount.create({ data: { accountId: ACCOUNT, name: "prod", issuerUrl: "https://gitlab.example.com", oidcProviderArn: PROVIDER_ARN, audiences: [AUDIENCE], region: "us-east-2" } })).id;
  });
  h.addRole = async (name, accountDbId = h.accountDbId) => {
    const account = await h.db.awsAccount.findUniqueOrThrow({ where: { id: accountDbId } });
    const arn = `arn:aws:iam::${account.accountId}:role/${name}`;
    const role = await h.db.iamRole.create({ data: { awsAccountId: accountDbId, name, arn } });
    return { id: role.id, arn };
  };
  h.approveMapping = async (roleId, overrides = {}) => {
    const m = await h.db.mapping.create({
      data: { scope: "project", gitlabPath: "platform/web", refType: "branch", refPattern: "main", roleId, audience: AUDIENCE, status: "approved", requesterId: h.userId, justification: "deploys", createdAt: new Date("2025-01-01T00:00:00Z"), ...overrides },
    });
    return m.id;
  };
  h.putLogFile = async (o) => {
    const key = o.key ?? logFileKey({ prefix: "", org: ORG, account: o.account, region: o.region, deliveredAt: o.deliveredAt, unique: o.unique });
    await h.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: o.bytes ?? logFileGzip(o.records ?? []) }));
    return key;
  };
  h.env = () => ({
    ...h.moto.env,
    DATABASE_URL: h.url,
    AWS_ENDPOINT_URL_S3: h.moto.endpoint,
    AWS_ENDPOINT_URL_SQS: h.moto.endpoint,
    AWS_ENDPOINT_URL_IAM: "",
    AWS_ENDPOINT_URL: "",
    TRUSTMAP_CLOUDTRAIL_S3: `s3://${BUCKET}`,
    TRUSTMAP_USAGE_SQS_URL: "",
    AWS_PROFILE: "",
    AWS_SESSION_TOKEN: "",
  });
  return h;
}
