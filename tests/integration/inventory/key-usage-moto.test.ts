/** Key age and last use in a real scan: GitLab fake (key id in a variable) + moto's IAM (the key's user). */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { runInventoryScan, saveInventoryConfig } from "@/lib/inventory/service";
import { DEFAULT_INVENTORY_CONFIG } from "@/lib/inventory/patterns";
import { setupMoto } from "../../support/moto";
import { useFreshDatabase } from "../../support/db";
import { setupGitLabFake } from "../gitlab/harness";
import { createAccessKey, motoAdapter, motoSdk } from "../aws/moto-iam";

const moto = setupMoto();
const gitlab = setupGitLabFake();
let db: Db;
const actor = { id: "", username: "keys-admin", name: "Admin", role: "admin" as const, isDemo: false };

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  actor.id = (await db.user.create({ data: { username: actor.username, name: actor.name, role: "admin" } })).id;
  await saveInventoryConfig(actor, { ...DEFAULT_INVENTORY_CONFIG, groups: ["acme"] });
  await db.awsAccount.create({ data: { accountId: "123456789012", name: "moto", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"] } });
});

beforeEach(() => {
  gitlab.fake.state.addProject("acme/old-keys");
  gitlab.fake.state.addProject("acme/foreign-key");
});

describe("key age and last use from IAM", () => {
  it("fills in the key's creation date and status from ListAccessKeys, and notes keys IAM does not know", async () => {
    const keyId = await createAccessKey(motoSdk(moto()), "ci-legacy");
    gitlab.fake.state.addVariable({ kind: "project", path: "acme/old-keys" }, { key: "AWS_ACCESS_KEY_ID", value: keyId });
    gitlab.fake.state.addVariable({ kind: "project", path: "acme/foreign-key" }, { key: "AWS_ACCESS_KEY_ID", value: "AKIAZZZZZZZZZZZZZZZZ" });
    const iam = motoAdapter(moto());
    const result = await runInventoryScan(actor, { gitlab: gitlab.adapter(), iam });
    expect(result.byMethod.static_keys).toBe(2);
    const rows = await db.projectAccessMethod.findMany({ where: { scanId: result.scanId }, orderBy: { projectPath: "asc" } });
    const [foreign, old] = rows;
    expect(old).toMatchObject({ projectPath: "acme/old-keys", accessKeyId: keyId, keyStatus: "Active", keyCreatedAt: expect.any(Date), keyLookupNote: null });
    expect(Math.abs(old!.keyCreatedAt!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(foreign).toMatchObject({ accessKeyId: "AKIAZZZZZZZZZZZZZZZZ", keyStatus: null, keyLookupNote: expect.stringMatching(/.+/) });
    expect(iam.callCounts().writes).toBe(0);
  });
});
