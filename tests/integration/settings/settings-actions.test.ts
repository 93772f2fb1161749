import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { changeUserRoleAction } from "@/lib/actions/settings/change-user-role";
import { createAwsAccountAction } from "@/lib/actions/settings/create-aws-account";
import { registerIamRoleAction } from "@/lib/actions/settings/register-iam-role";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let db: Db;
let admin: { id: string };
beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  admin = await db.user.create({ data: { username: "root", name: "Root", role: "admin" } });
});

describe("settings actions", () => {
  it("an admin promotes a user, and the change is audited with before and after", async () => {
    const dev = await db.user.create({ data: { username: "dev", name: "Dev" } });
    signInAs(admin.id);
    expect(await changeUserRoleAction({ userId: dev.id, role: "approver" })).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: dev.id } })).role).toBe("approver");
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.role_changed", resourceId: dev.id } });
    expect(event.data).toMatchObject({ from: "requester", to: "approver", username: "dev" });
    expect(event.actorId).toBe(admin.id);
  });

  it("the last admin cannot be demoted", async () => {
    signInAs(admin.id);
    expect(await changeUserRoleAction({ userId: admin.id, role: "requester" })).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/last admin/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });

  it("an AWS account is validated field by field and stored with its audiences", async () => {
    signInAs(admin.id);
    const bad = await createAwsAccountAction({ accountId: "12", name: "", issuerUrl: "http://gitlab.com", audiences: [], region: "mars", managementRoleArn: "nope" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["accountId", "audiences", "issuerUrl", "managementRoleArn", "name", "region"]);
    const good = await createAwsAccountAction({ accountId: "444455556666", name: "prod", issuerUrl: "https://gitlab.example.com/", audiences: ["sts.amazonaws.com", "sts.amazonaws.com"], region: "eu-west-1", managementRoleArn: null });
    expect(good).toMatchObject({ ok: true });
    const stored = await db.awsAccount.findUniqueOrThrow({ where: { accountId: "444455556666" } });
    expect(stored).toMatchObject({ issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" });
    const dup = await createAwsAccountAction({ accountId: "444455556666", name: "again", issuerUrl: "https://gitlab.com", audiences: ["a"], region: "eu-west-1", managementRoleArn: null });
    expect(dup).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("a registered role gets its ARN from the account, path and name", async () => {
    signInAs(admin.id);
    const account = await db.awsAccount.findUniqueOrThrow({ where: { accountId: "444455556666" } });
    const res = await registerIamRoleAction({ awsAccountId: account.id, name: "deploy", path: "/ci/", description: "", production: true, trustPolicyQuota: 4096 });
    expect(res).toMatchObject({ ok: true, data: { arn: "arn:aws:iam::444455556666:role/ci/deploy" } });
    expect(await registerIamRoleAction({ awsAccountId: account.id, name: "bad name!", path: "/", description: "", production: false, trustPolicyQuota: 2048 })).toMatchObject({ ok: false, fieldErrors: { name: expect.any(Array) } });
  });
});
