import { mkdtemp, rm, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointObjectKey, fileCheckpointStore, s3CheckpointStore } from "@/lib/audit/checkpoints";
import type { AuditCheckpoint } from "@/lib/audit/verification";
import type { ObjectStore } from "@/lib/aws/s3";

const cp = (id: number, at: string): AuditCheckpoint => ({ id: String(id), hash: id.toString(16).padStart(64, "0"), count: id, at, alg: "hmac-sha256" });

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tmpFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "trustmap-cp-"));
  dirs.push(dir);
  return path.join(dir, "sub", "audit-checkpoints.jsonl");
}

/** S3 as far as the checkpoint store uses it: ascending key order, If-None-Match: * on put. */
function memoryObjects(): ObjectStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    async putNew(key, body) {
      if (objects.has(key)) throw new Error("PreconditionFailed");
      objects.set(key, body);
    },
    async firstKey(prefix) {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort()[0] ?? null;
    },
    async getText(key) {
      return objects.get(key) ?? "";
    },
    destroy() {},
  };
}

describe("audit checkpoint file", () => {
  it("has no checkpoint before the first, then returns the last line written", async () => {
    const store = fileCheckpointStore(await tmpFile());
    expect(await store.latest()).toBeNull();
    await store.append(cp(3, "2026-12-01T10:00:00.000Z"));
    await store.append(cp(7, "2026-12-01T11:00:00.000Z"));
    expect(await store.latest()).toEqual(cp(7, "2026-12-01T11:00:00.000Z"));
  });

  it("skips a last line cut short by a crash, but never reads garbage as 'no checkpoint yet'", async () => {
    const file = await tmpFile();
    const store = fileCheckpointStore(file);
    await store.append(cp(3, "2026-12-01T10:00:00.000Z"));
    await appendFile(file, '{"id":"9","hash":"ab');
    expect(await store.latest()).toEqual(cp(3, "2026-12-01T10:00:00.000Z"));
    await writeFile(file, "not a checkpoint\n");
    await expect(store.latest()).rejects.toMatchObject({ code: "INTERNAL" });
  });
});

describe("audit checkpoints in S3", () => {
  it("names objects so the newest lists first, under the prefix", () => {
    const older = checkpointObjectKey("audit", new Date("2026-01-01T00:00:00Z"), "00000000");
    const newer = checkpointObjectKey("audit", new Date("2026-01-01T00:00:00.001Z"), "00000000");
    expect(newer < older).toBe(true);
    expect(older).toMatch(/^audit\/audit-checkpoint-\d{13}-00000000\.json$/);
    expect(checkpointObjectKey("", new Date(0), "ff")).toBe("audit-checkpoint-9999999999999-ff.json");
  });

  it("writes one object per checkpoint and reads the newest; an unreadable newest object is an error, not 'none'", async () => {
    const objects = memoryObjects();
    const store = s3CheckpointStore("bucket", "p", () => objects);
    expect(await store.latest()).toBeNull();
    objects.objects.set("p/unrelated.txt", "x");
    expect(await store.append(cp(1, "2026-12-01T10:00:00.000Z"))).toMatch(/^s3:\/\/bucket\/p\/audit-checkpoint-/);
    await store.append(cp(2, "2026-12-01T11:00:00.000Z"));
    expect(objects.objects.size).toBe(3);
    expect(await store.latest()).toEqual(cp(2, "2026-12-01T11:00:00.000Z"));
    await store.append({ ...cp(3, "2026-12-01T12:00:00.000Z") });
    const newest = [...objects.objects.keys()].filter((k) => k.includes("audit-checkpoint-")).sort()[0]!;
    objects.objects.set(newest, "{}");
    await expect(store.latest()).rejects.toMatchObject({ code: "INTERNAL" });
  });
});
