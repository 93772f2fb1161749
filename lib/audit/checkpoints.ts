/**
 * Where audit checkpoints live, outside PostgreSQL: one JSON line per checkpoint appended to a
 * file in the data folder (default), or one new S3 object per checkpoint when TRUSTMAP_AUDIT_S3 is
 * set. Neither is ever rewritten: the file only grows, and S3 refuses to replace an object
 * (If-None-Match). Make the bucket itself append-only (Object Lock, no s3:DeleteObject for
 * trustmap's credentials) for a store its writer cannot rewrite either.
 */
import "server-only";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { dataDir } from "@/lib/db/paths";
import { s3ObjectStore, type ObjectStore } from "@/lib/aws/s3";
import { ZAuditCheckpoint } from "@/lib/schemas/audit";
import type { AuditCheckpoint } from "./verification";

export interface CheckpointStore {
  /** Where checkpoints go, for people (a path or an s3:// URL). */
  readonly location: string;
  latest(): Promise<AuditCheckpoint | null>;
  /** Store a new checkpoint; returns where it went. */
  append(checkpoint: AuditCheckpoint): Promise<string>;
}

function parseCheckpoint(text: string): AuditCheckpoint | null {
  try {
    const parsed = ZAuditCheckpoint.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const CHECKPOINT_FILE = "audit-checkpoints.jsonl";

export function fileCheckpointStore(file: string): CheckpointStore {
  return {
    location: file,
    async latest() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
      // The last complete, well-formed line (a line cut short by a crash is skipped). One
      // checkpoint an hour is under 2 MB a year, so reading the whole file is fine.
      const lines = text.split("\n").filter((line) => line.trim() !== "");
      for (let i = lines.length - 1; i >= 0; i--) {
        const checkpoint = parseCheckpoint(lines[i]!);
        if (checkpoint) return checkpoint;
      }
      if (lines.length > 0) throw new AppError("INTERNAL", `${file} holds no readable audit checkpoint.`);
      return null;
    },
    async append(checkpoint) {
      await mkdir(path.dirname(file), { recursive: true });
      // Opened for appending only ("a"): earlier lines are never rewritten.
      await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600, flag: "a" });
      return file;
    },
  };
}

/** Larger than any millisecond timestamp until the year 2286, so `MAX - now` keeps 13 digits. */
const MAX_MILLIS = 9_999_999_999_999;

/**
 * The object key of a checkpoint taken at `at`: S3 lists keys in ascending order, so keys that
 * count down with time put the newest checkpoint first, and finding it is one request whatever
 * the number of checkpoints. A random suffix keeps two checkpoints in one millisecond apart.
 */
export function checkpointObjectKey(prefix: string, at: Date, suffix = randomBytes(4).toString("hex")): string {
  return `${checkpointKeyPrefix(prefix)}${String(MAX_MILLIS - at.getTime()).padStart(13, "0")}-${suffix}.json`;
}

function checkpointKeyPrefix(prefix: string): string {
  return `${prefix === "" ? "" : `${prefix}/`}audit-checkpoint-`;
}

export function s3CheckpointStore(bucket: string, prefix: string, open: () => ObjectStore = () => s3ObjectStore(bucket)): CheckpointStore {
  async function withObjects<T>(fn: (objects: ObjectStore) => Promise<T>): Promise<T> {
    const objects = open();
    try {
      return await fn(objects);
    } finally {
      objects.destroy();
    }
  }
  return {
    location: `s3://${bucket}/${checkpointKeyPrefix(prefix)}*`,
    latest: () =>
      withObjects(async (objects) => {
        const key = await objects.firstKey(checkpointKeyPrefix(prefix));
        if (key === null) return null;
        const checkpoint = parseCheckpoint(await objects.getText(key));
        // Never mistake an unreadable checkpoint for "no checkpoint yet".
        if (!checkpoint) throw new AppError("INTERNAL", `s3://${bucket}/${key} is not a readable audit checkpoint.`);
        return checkpoint;
      }),
    append: (checkpoint) =>
      withObjects(async (objects) => {
        const key = checkpointObjectKey(prefix, new Date(checkpoint.at));
        await objects.putNew(key, JSON.stringify(checkpoint), "application/json");
        return `s3://${bucket}/${key}`;
      }),
  };
}

/** The store configured for this process: TRUSTMAP_AUDIT_S3, else the file in the data folder. */
export function configuredCheckpointStore(): CheckpointStore {
  const s3 = config().audit.checkpointS3;
  return s3 ? s3CheckpointStore(s3.bucket, s3.prefix) : fileCheckpointStore(path.join(dataDir(), CHECKPOINT_FILE));
}
