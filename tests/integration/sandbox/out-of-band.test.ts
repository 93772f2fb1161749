/** The sandbox-only out-of-band edit: audited, refused for real accounts, found by a drift check and reverted by apply. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { seedDemoIfEmpty } from "@/lib/demo/seed";
import { applyReconcile, checkDrift } from "@/lib/reconcile/service";
import { editTrustPolicyOutOfBand, listSandboxRoles, sandboxIam } from "@/lib/sandbox/service";
import { useFreshDatabase } from "@/tests/support/db";

let db: Db;
let url: string;
const STAGING = "arn:aws:iam::111122223333:role/deploy-staging";

beforeAll(async () => {
  ({ db, url } = await useFreshDatabase());
  vi.stubEnv("TRUSTMAP_DEMO", "1");
  vi.stubEnv("GITLAB_TOKEN", "");
  await seedDemoIfEmpty(db, { reconcileSandbox: { databaseUrl: url } });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.$disconnect();
});

async function admin() {
  const u = await db.user.findUniqueOrThrow({ where: { username: "ada" } });
  return { id: u.id, username: u.username, name: u.name, role: "admin" as const, isDemo: true };
}

describe("editing a sandbox trust policy out of band", () => {
  it("changes the sandbox IAM, audits it as the user, and the next drift check finds it; apply reverts it", async () => {
    const actor = await admin();
    const result = await editTrustPolicyOutOfBand(actor, { roleArn: STAGING });
    expect(result).toEqual({ roleName: "deploy-staging", what: "managed-statement-widened", pattern: "project_path:*" });
    expect((await sandboxIam("111122223333", db).getRole("deploy-staging")).trustPolicy.text).toContain("project_path:*");
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: "sandbox.changed" } })).toMatchObject({ actorId: actor.id, data: { change: "trust_policy.edited_out_of_band", roleArn: STAGING } });

    const { report } = await checkDrift({ id: actor.id, label: actor.username }, "ui", { db });
    expect(report.items).toContainEqual(expect.objectContaining({ kind: "managed-statement-edited", roleArn: STAGING }));
    expect(report.unchecked).toEqual([]);

    const outcome = await applyReconcile({ id: actor.id, label: actor.username }, { trigger: "ui" }, { db, databaseUrl: url });
    expect(outcome).toMatchObject({ status: "succeeded", result: { done: 1 } });
    expect((await sandboxIam("111122223333", db).getRole("deploy-staging")).trustPolicy.text).not.toContain("project_path:*");
    expect((await checkDrift({ id: actor.id, label: actor.username }, "ui", { db })).report.inSync).toBe(true);
  });

  it("is refused for a role of a real AWS account", async () => {
    const real = await db.awsAccount.create({ data: { accountId: "444455556666", name: "real", issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"] } });
    const role = await db.iamRole.create({ data: { awsAccountId: real.id, name: "prod", arn: "arn:aws:iam::444455556666:role/prod" } });
    await expect(editTrustPolicyOutOfBand(await admin(), { roleArn: role.arn })).rejects.toMatchObject({ code: "BAD_INPUT" });
    expect(await db.auditEvent.count({ where: { action: "sandbox.changed" } })).toBe(1);
  });

  it("offers and changes registered roles only: a deregistered sandbox role is not found, and IAM is untouched", async () => {
    const sandbox = await db.awsAccount.findFirstOrThrow({ where: { sandbox: true } });
    const role = await db.iamRole.create({ data: { awsAccountId: sandbox.id, name: "retired", arn: "arn:aws:iam::111122223333:role/retired", deregisteredAt: new Date() } });
    expect((await listSandboxRoles()).map((r) => r.arn)).not.toContain(role.arn);
    expect((await listSandboxRoles()).map((r) => r.arn)).toContain(STAGING);
    await expect(editTrustPolicyOutOfBand(await admin(), { roleArn: role.arn })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { action: "sandbox.changed" } })).toBe(1);
  });
});
