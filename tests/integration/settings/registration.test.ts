/**
 * Deregistering a role and editing or removing an AWS account, through the server actions: what
 * is refused, what happens to the role's mappings, and the audit of each.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deregisterIamRoleAction } from "@/lib/actions/settings/deregister-iam-role";
import { registerIamRoleAction } from "@/lib/actions/settings/register-iam-role";
import { removeAwsAccountAction } from "@/lib/actions/settings/remove-aws-account";
import { updateAwsAccountAction } from "@/lib/actions/settings/update-aws-account";
import { listAccessRoles, whatCanProjectAssume } from "@/lib/access/service";
import type { Db } from "@/lib/db/prisma";
import { managedSid } from "@/lib/policy";
import { loadDesiredState } from "@/lib/reconcile/store";
import { createRequest, listRoleOptions } from "@/lib/requests/service";
import { ZWhatCanAssumeQuery } from "@/lib/schemas/access";
import { ZCreateRequestInput } from "@/lib/schemas/requests";
import { listIamRoles } from "@/lib/settings/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const ACCOUNT = "123456789012";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.example.com`;
const OWNED = { Sid: managedSid(PROVIDER, "sts.amazonaws.com"), Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity" };

let db: Db;
let admin: CurrentUser;
let dev: { id: string };
let accountDbId: string;

beforeAll(async () => {
  ({ db } = await useFreshDatabase());
  const a = await db.user.create({ data: { username: "root", name: "Root", role: "admin" } });
  admin = { id: a.id, username: a.username, name: a.name, role: "admin", isDemo: false };
  dev = await db.user.create({ data: { username: "dev", name: "Dev" } });
});

beforeEach(async () => {
  await db.mapping.deleteMany();
  await db.iamRole.deleteMany();
  await db.awsAccount.deleteMany();
  accountDbId = (await db.awsAccount.create({ data: { accountId: ACCOUNT, name: "prod", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1" } })).id;
  signInAs(admin.id);
});

async function role(name: string, actualTrustPolicy?: object) {
  return db.iamRole.create({ data: { awsAccountId: accountDbId, name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, ...(actualTrustPolicy ? { actualTrustPolicy, actualFetchedAt: new Date("2026-12-01T10:00:00Z") } : {}) } });
}

async function mapping(roleId: string, status: "requested" | "approved" | "revoked") {
  return db.mapping.create({
    data: { scope: "project", gitlabPath: "team/app", refType: "branch", refPattern: "main", roleId, audience: "sts.amazonaws.com", status, requesterId: dev.id, justification: "deploys", ...(status === "revoked" ? { decisionReason: "done" } : {}) },
  });
}

describe("deregistering a role", () => {
  it("is refused while it has live mappings, then while IAM (as last read) holds trustmap's statement; after that it is deregistered, audited, and IAM is left alone", async () => {
    const r = await role("deployer", { Version: "2012-10-17", Statement: [OWNED] });
    const live = await mapping(r.id, "approved");

    const first = await deregisterIamRoleAction({ roleId: r.id, reason: "moved to another tool" });
    expect(first).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/^deployer still has 1 live mapping \(requested or approved\)/) });

    await db.mapping.update({ where: { id: live.id }, data: { status: "revoked", decisionReason: "moving" } });
    const second = await deregisterIamRoleAction({ roleId: r.id, reason: "moved to another tool" });
    expect(second).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/^IAM still holds trustmap's statement in deployer's trust policy \(as read at 2026-12-01 10:00 UTC\)\. Apply first/) });
    expect((await db.iamRole.findUniqueOrThrow({ where: { id: r.id } })).deregisteredAt).toBeNull();

    // The apply removed trustmap's statement (what it records as the role's actual policy).
    await db.iamRole.update({ where: { id: r.id }, data: { actualTrustPolicy: { Version: "2012-10-17", Statement: [] } } });
    expect(await deregisterIamRoleAction({ roleId: r.id, reason: "moved to another tool" })).toMatchObject({ ok: true });

    const row = await db.iamRole.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.deregisteredAt).not.toBeNull();
    expect(await db.mapping.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ status: "revoked", decisionReason: "moving" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: r.id }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: admin.id, data: { change: "iam_role.deregistered", arn: r.arn, reason: "moved to another tool", iam: "left as it is", mappingsKept: 1 } });
  });

  it("takes the role out of what trustmap plans, offers and evaluates, keeping its row", async () => {
    const kept = await role("kept");
    const gone = await role("gone");
    expect(await deregisterIamRoleAction({ roleId: gone.id, reason: "typo" })).toMatchObject({ ok: true });

    expect((await loadDesiredState(db)).roles.map((r) => r.name)).toEqual(["kept"]);
    expect((await listRoleOptions()).map((r) => r.name)).toEqual(["kept"]);
    expect((await listIamRoles()).map((r) => r.name)).toEqual(["kept"]);
    expect((await listAccessRoles()).map((r) => r.name)).toEqual(["kept"]);
    expect((await whatCanProjectAssume(ZWhatCanAssumeQuery.parse({ project: "team/app", ref: "main" }))).rolesChecked).toBe(1);
    await expect(createRequest(admin, ZCreateRequestInput.parse({ roleId: gone.id, scope: "project", gitlabPath: "team/app", refType: "branch", refPattern: "main", audience: "sts.amazonaws.com", justification: "deploys the app" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.iamRole.count({ where: { id: { in: [kept.id, gone.id] } } })).toBe(2);
  });

  it("the database refuses a live mapping on a deregistered role, whatever writes it", async () => {
    const r = await role("gone");
    await db.iamRole.update({ where: { id: r.id }, data: { deregisteredAt: new Date() } });
    await expect(mapping(r.id, "requested")).rejects.toMatchObject({ code: "BAD_INPUT", userMessage: expect.stringContaining("deregistered") });
    const closed = await mapping(r.id, "revoked");
    await expect(db.mapping.update({ where: { id: closed.id }, data: { status: "approved" } })).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("the database refuses to deregister a role with live mappings, whatever writes it", async () => {
    const r = await role("busy");
    await mapping(r.id, "requested");
    await expect(db.iamRole.update({ where: { id: r.id }, data: { deregisteredAt: new Date() } })).rejects.toMatchObject({ code: "BAD_INPUT", userMessage: expect.stringContaining("still has live mappings") });
  });

  it("registering it again resumes it with its history", async () => {
    const r = await role("deployer");
    await mapping(r.id, "revoked");
    expect(await deregisterIamRoleAction({ roleId: r.id, reason: "paused" })).toMatchObject({ ok: true });
    const again = await registerIamRoleAction({ awsAccountId: accountDbId, name: "deployer", path: "/", description: "", production: true, trustPolicyQuota: 4096 });
    expect(again).toMatchObject({ ok: true, data: { id: r.id, arn: r.arn } });
    expect(await db.iamRole.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ deregisteredAt: null, production: true, trustPolicyQuota: 4096 });
    expect(await db.mapping.count({ where: { roleId: r.id } })).toBe(1);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: r.id }, orderBy: { id: "desc" } });
    expect(event.data).toMatchObject({ change: "iam_role.registered", reregistered: true });
  });
});

describe("editing and removing an AWS account", () => {
  it("edits the account, audited with what changed from what to what; a new issuer forgets the recorded provider ARN", async () => {
    await db.awsAccount.update({ where: { id: accountDbId }, data: { oidcProviderArn: PROVIDER } });
    const result = await updateAwsAccountAction({ accountId: ACCOUNT, newAccountId: ACCOUNT, name: "production", issuerUrl: "https://gitlab.example.org", audiences: ["sts.amazonaws.com"], region: "eu-west-1", managementRoleArn: null });
    expect(result).toMatchObject({ ok: true, data: { changed: ["name", "issuerUrl"] } });
    expect(await db.awsAccount.findUniqueOrThrow({ where: { id: accountDbId } })).toMatchObject({ name: "production", issuerUrl: "https://gitlab.example.org", oidcProviderArn: null });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: accountDbId }, orderBy: { id: "desc" } });
    expect(event.data).toEqual({ change: "aws_account.updated", accountId: ACCOUNT, from: { name: "prod", issuerUrl: "https://gitlab.example.com" }, to: { name: "production", issuerUrl: "https://gitlab.example.org" } });
  });

  it("corrects a mistyped account id only while no role was ever registered in it", async () => {
    const fixed = await updateAwsAccountAction({ accountId: ACCOUNT, newAccountId: "123456789013", name: "prod", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1", managementRoleArn: null });
    expect(fixed).toMatchObject({ ok: true, data: { accountId: "123456789013", changed: ["accountId"] } });
    await db.iamRole.create({ data: { awsAccountId: accountDbId, name: "r", arn: "arn:aws:iam::123456789013:role/r" } });
    const refused = await updateAwsAccountAction({ accountId: "123456789013", newAccountId: ACCOUNT, name: "prod", issuerUrl: "https://gitlab.example.com", audiences: ["sts.amazonaws.com"], region: "eu-west-1", managementRoleArn: null });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { newAccountId: [expect.stringContaining("their ARNs name this account id")] } });
  });

  it("refuses to remove an account with a registered role, or whose deregistered role keeps mapping history; removes one whose roles were all deregistered without history", async () => {
    const r = await role("deployer");
    expect(await removeAwsAccountAction({ accountId: ACCOUNT })).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringMatching(/^1 role is still registered in prod \(deployer\): deregister it first/) });

    expect(await deregisterIamRoleAction({ roleId: r.id, reason: "typo" })).toMatchObject({ ok: true });
    expect(await removeAwsAccountAction({ accountId: ACCOUNT })).toMatchObject({ ok: true, data: { rolesRemoved: 1 } });
    expect(await db.awsAccount.count()).toBe(0);
    expect(await db.iamRole.count()).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.changed", resourceId: accountDbId }, orderBy: { id: "desc" } });
    expect(event.data).toMatchObject({ change: "aws_account.removed", accountId: ACCOUNT, name: "prod", rolesRemoved: [r.arn] });
  });

  it("keeps an account whose deregistered role has mapping history, and says why", async () => {
    const r = await role("deployer");
    await mapping(r.id, "revoked");
    expect(await deregisterIamRoleAction({ roleId: r.id, reason: "done" })).toMatchObject({ ok: true });
    expect(await removeAwsAccountAction({ accountId: ACCOUNT })).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringContaining("keeps the history of 1 mapping(s), which is never deleted, so the account stays") });
    expect(await db.mapping.count()).toBe(1);
    // With no registered role, the account is not part of what plans read.
    expect((await loadDesiredState(db)).accounts).toEqual([]);
  });
});
