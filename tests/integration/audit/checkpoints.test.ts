/**
 * The audit trail against a database superuser, who can do anything to the table: delete the
 * newest events, or rewrite history and re-link the whole chain. Without the key and with a
 * checkpoint outside the database, neither goes unnoticed. Checkpoints go to a file in the data
 * folder, or to S3 (moto's).
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GENESIS_HASH, hashAuditEvent, hmacAuditEvent, type StoredChainedEvent } from "@/lib/audit/chain";
import { CHECKPOINT_FILE } from "@/lib/audit/checkpoints";
import { recordAuditEvent, verifyAuditChain, verifyAuditTrail, writeAuditCheckpoint } from "@/lib/audit/service";
import { s3ObjectStore } from "@/lib/aws/s3";
import type { Db } from "@/lib/db/prisma";
import { setupMoto } from "../../support/moto";
import { useFreshDatabase, type FreshDatabase } from "../../support/db";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let fresh: FreshDatabase;
let db: Db;

async function appendEvents(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await recordAuditEvent(db, { actorId: null, actorLabel: "system", action: "settings.changed", data: { i } });
}

/** Run SQL as the database superuser with the append-only trigger silenced, as an attacker with that role would. */
async function asRogueSuperuser(fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: fresh.urlAs("superuser") });
  await c.connect();
  try {
    await c.query("set session_replication_role = replica");
    await fn(c);
  } finally {
    await c.end();
  }
}

async function deleteNewest(count: number): Promise<void> {
  await asRogueSuperuser(async (c) => {
    await c.query("delete from audit_events where id in (select id from audit_events order by id desc limit $1)", [count]);
  });
}

type Relink = "sha256, labels kept" | "sha256, relabelled unkeyed" | "HMAC with a wrong key";

/** Rewrite one event's data and re-link every event after the genesis, without AUDIT_KEY. */
async function rewriteAndRelink(targetIndex: number, how: Relink): Promise<void> {
  await asRogueSuperuser(async (c) => {
    const { rows } = await c.query<{ id: string; at: Date; actor_id: string | null; actor_label: string; action: string; resource_type: string | null; resource_id: string | null; data: unknown; hash_alg: string }>("select * from audit_events order by id");
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      const data = i === targetIndex ? { rewritten: true } : row.data;
      const e = { at: row.at, actorId: row.actor_id, actorLabel: row.actor_label, action: row.action, resourceType: row.resource_type, resourceId: row.resource_id, data };
      const hash = how === "HMAC with a wrong key" ? hmacAuditEvent("not-the-key-but-long-enough-0000000", prev, e) : hashAuditEvent(prev, e);
      const alg = how === "sha256, relabelled unkeyed" ? "sha256" : row.hash_alg;
      await c.query("update audit_events set data = $1, prev_hash = $2, hash = $3, hash_alg = $4 where id = $5", [JSON.stringify(data), prev, hash, alg, row.id]);
      prev = hash;
    }
  });
}

beforeEach(async () => {
  fresh = await useFreshDatabase();
  ({ db } = fresh);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await db.$disconnect();
});

describe("checkpoints in a file in the data folder", () => {
  it("with no checkpoint yet, verify says so and does not call it tampering", async () => {
    await appendEvents(3);
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: true, checked: 3, checkpoint: { status: "none" } });
    expect(verdict.summary).toBe("Chain intact: 3 events verified. No checkpoint yet: nothing outside the database to compare the end of the chain with.");
  });

  it("appends one JSON line per checkpoint (mode 0600, earlier lines untouched) and verify matches the latest", async () => {
    await appendEvents(2);
    const first = await writeAuditCheckpoint();
    await appendEvents(3);
    const second = await writeAuditCheckpoint();
    const file = path.join(fresh.dataDir, CHECKPOINT_FILE);
    expect(first?.location).toBe(file);
    const lines = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([first!.checkpoint, second!.checkpoint]);
    expect(second!.checkpoint).toMatchObject({ count: 5, alg: "hmac-sha256" });
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(second!.checkpoint).toMatchObject({ id: head.id.toString(), hash: head.hash });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: true, checked: 5, checkpoint: { status: "matches", checkpoint: second!.checkpoint } });
    expect(verdict.summary).toMatch(/^Chain intact: 5 events verified; the checkpoint of .+ \(event #\d+, 5 events\) matches\.$/);
  });

  it("deleting the newest events as a superuser: the chain alone still verifies, the checkpoint shows them missing", async () => {
    await appendEvents(6);
    await writeAuditCheckpoint();
    await deleteNewest(2);

    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 4 });
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: false, checked: 4, checkpoint: { status: "missing", missing: 2 } });
    expect(verdict.summary).toMatch(/^Events missing: the chain has 4 events but the checkpoint of .+ counted 6: 2 missing from its end/);
    // Nor will a new checkpoint vouch for the shortened chain.
    await expect(writeAuditCheckpoint()).rejects.toMatchObject({ code: "CONFLICT", userMessage: expect.stringMatching(/^No checkpoint written: the chain has 4 events/) });
    expect((await readFile(path.join(fresh.dataDir, CHECKPOINT_FILE), "utf8")).trim().split("\n")).toHaveLength(1);
  });

  it("the checkpointed event removed while later events remain is reported too", async () => {
    await appendEvents(4);
    const written = await writeAuditCheckpoint();
    await appendEvents(3);
    // Delete the checkpointed event and everything after it, then append as many again: the count is back, the event is not.
    await asRogueSuperuser(async (c) => {
      await c.query("delete from audit_events where id >= $1", [written!.checkpoint.id]);
    });
    await appendEvents(4);
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: false, checkpoint: { status: "missing" } });
    expect(verdict.reason?.startsWith(`event #${written!.checkpoint.id} of the checkpoint of `)).toBe(true);
    expect(verdict.reason).toMatch(/ is gone$/);
  });

  it.each(["sha256, labels kept", "HMAC with a wrong key"] as const)("an event rewritten and the whole chain re-linked without the key (%s) breaks the chain", async (how) => {
    await appendEvents(5);
    await rewriteAndRelink(2, how);
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: false, checkpoint: { status: "none" }, reason: expect.stringMatching(/content does not match its hash/) });
    const first = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    expect(verdict.brokenAtId).toBe(first.id.toString());
  });

  it("a whole chain rewritten as unkeyed SHA-256 is consistent on its own, but the checkpointed link is no longer there", async () => {
    await appendEvents(5);
    await writeAuditCheckpoint();
    await rewriteAndRelink(1, "sha256, relabelled unkeyed");

    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 5 });
    const verdict = await verifyAuditTrail();
    expect(verdict).toMatchObject({ ok: false, checked: 5, checkpoint: { status: "missing" } });
    expect(verdict.summary).toMatch(/no longer has the link the checkpoint of .+ recorded: the chain up to it was rewritten/);
  });

  it("an unkeyed event slipped in after keyed ones (trigger silenced) is a broken link", async () => {
    await appendEvents(3);
    const last = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    const forged = { at: new Date(), actorId: null, actorLabel: "mallory", action: "settings.changed", resourceType: null, resourceId: null, data: {} };
    await asRogueSuperuser(async (c) => {
      await c.query("insert into audit_events (at, actor_label, action, data, prev_hash, hash, hash_alg) values ($1, 'mallory', 'settings.changed', '{}', $2, $3, 'sha256')", [forged.at, last.hash, hashAuditEvent(last.hash, forged)]);
    });
    expect(await verifyAuditTrail()).toMatchObject({ ok: false, reason: expect.stringMatching(/unkeyed link after keyed ones/) });
  });

  it("events from before the chain was keyed keep verifying, and keyed events follow them", async () => {
    // Two legacy events, linked with plain SHA-256 as trustmap used to (written here as the owner would have).
    await asRogueSuperuser(async (c) => {
      let prev = GENESIS_HASH;
      for (let i = 0; i < 2; i++) {
        const e: Omit<StoredChainedEvent, "id" | "prevHash" | "hash" | "hashAlg"> = { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: null, actorLabel: "system", action: "demo.seeded", resourceType: null, resourceId: null, data: { i } };
        const hash = hashAuditEvent(prev, e);
        await c.query("insert into audit_events (at, actor_label, action, data, prev_hash, hash, hash_alg) values ($1, 'system', 'demo.seeded', $2, $3, $4, 'sha256')", [e.at, JSON.stringify(e.data), prev, hash]);
        prev = hash;
      }
    });
    await appendEvents(2);
    expect((await db.auditEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.hashAlg)).toEqual(["sha256", "sha256", "hmac-sha256", "hmac-sha256"]);
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, checked: 4 });
  });
});

describe("checkpoints in S3 (moto)", () => {
  const moto = setupMoto();
  const BUCKET = "trustmap-audit";

  function useS3(prefix: string): S3Client {
    const server = moto();
    for (const [k, v] of Object.entries(server.env)) vi.stubEnv(k, v);
    vi.stubEnv("AWS_ENDPOINT_URL_S3", server.endpoint);
    vi.stubEnv("TRUSTMAP_AUDIT_S3", `s3://${BUCKET}/${prefix}`);
    return new S3Client({ region: "us-east-1", endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  }

  it("writes a new object per checkpoint, never overwrites one, reads back the newest, and detects a deleted tail", async () => {
    const s3 = useS3("prod/audit");
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await appendEvents(3);
    const first = await writeAuditCheckpoint();
    await appendEvents(2);
    const second = await writeAuditCheckpoint();

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "prod/audit/" }));
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys).toHaveLength(2);
    expect(second!.location).toBe(`s3://${BUCKET}/${keys[0]}`); // the newest lists first
    expect(first!.location).toBe(`s3://${BUCKET}/${keys[1]}`);
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, checked: 5, checkpoint: { status: "matches", checkpoint: { count: 5, id: second!.checkpoint.id } } });
    // Nothing in the data folder: S3 replaced the file.
    await expect(stat(path.join(fresh.dataDir, CHECKPOINT_FILE))).rejects.toMatchObject({ code: "ENOENT" });

    const objects = s3ObjectStore(BUCKET);
    try {
      await expect(objects.putNew(keys[0]!, "{}", "application/json")).rejects.toMatchObject({ details: { httpStatus: 412 } });
      expect(JSON.parse(await objects.getText(keys[0]!))).toEqual(second!.checkpoint);
    } finally {
      objects.destroy();
    }

    await deleteNewest(1);
    expect(await verifyAuditTrail()).toMatchObject({ ok: false, checkpoint: { status: "missing", missing: 1 } });
    s3.destroy();
  });

  it("an empty prefix still finds only checkpoints, and no checkpoint yet is not tampering", async () => {
    const s3 = useS3("");
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await appendEvents(1);
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, checkpoint: { status: "none" } });
    const written = await writeAuditCheckpoint();
    expect(written!.location).toMatch(/^s3:\/\/trustmap-audit\/audit-checkpoint-\d{13}-[0-9a-f]{8}\.json$/);
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, checkpoint: { status: "matches" } });
    s3.destroy();
  });
});

describe("npm run trustmap -- audit verify | checkpoint", () => {
  const run = promisify(execFile);
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/trustmap.ts", ...args], { cwd: ROOT, env: process.env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it("checkpoint then verify exit 0; after the newest events are deleted verify exits 1 and says what is missing", async () => {
    await appendEvents(4);
    const checkpoint = await cli("audit", "checkpoint");
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    expect(checkpoint.stdout).toMatch(/^Checkpoint written: event #\d+, 4 events, link [0-9a-f]{12}… → .+audit-checkpoints\.jsonl\n$/);

    const intact = await cli("audit", "verify");
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^Chain intact: 4 events verified; the checkpoint of .+ matches\.\n$/);

    await deleteNewest(3);
    const broken = await cli("audit", "verify", "--json");
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, checked: 1, checkpoint: { status: "missing", missing: 3 } });
  }, 60_000);
});
