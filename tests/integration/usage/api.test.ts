import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { managedSid } from "@/lib/policy";
import { can, ROLES } from "@/lib/auth/permissions";
import { parseCloudTrailRecord, type UsageEvent } from "@/lib/usage/record";
import { ZRoleUsageOutput } from "@/lib/schemas/usage";
import { createApiToken, findUserById } from "@/lib/users/service";
import { insertUsageEvents, managedRolesByArn } from "@/lib/usage/store";
import { usageByRole, usageOfMappings } from "@/lib/usage/service";
import { ACCOUNT, allowedCall, AUDIENCE, deniedCall, invalidTokenCall, PROVIDER_ARN } from "@/tests/support/cloudtrail-records";
import { setupUsage } from "./harness";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));
vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());

const h = setupUsage();
const sub = (path: string, ref = "main", type = "branch") => `project_path:${path}:ref_type:${type}:ref:${ref}`;
const BASE = Date.now();
const daysAgo = (n: number) => new Date(BASE - n * 86_400_000);

function event(record: Record<string, unknown>): UsageEvent {
  const verdict = parseCloudTrailRecord(record);
  if (verdict.kind !== "event") throw new Error("fixture is not an event");
  return verdict.event;
}

async function tokenFor(role: "requester" | "approver" | "auditor" | "admin"): Promise<string> {
  const user = await h.db.user.create({ data: { username: `${role}-${Math.random().toString(36).slice(2, 8)}`, name: role, role } });
  return (await createApiToken((await findUserById(user.id))!, { name: "t", expiresAt: null })).token;
}

async function get(query: string, token: string) {
  requestHeaders = new Headers({ authorization: `Bearer ${token}` });
  const { GET } = await import("@/app/api/v1/access/usage/route");
  const res = await GET(new NextRequest(`http://localhost/api/v1/access/usage${query}`), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/v1/access/usage?roleId=…", () => {
  let roleId: string;
  let roleArn: string;
  let webId: string;
  let releaseId: string;

  beforeEach(async () => {
    const role = await h.addRole("deploy");
    roleId = role.id;
    roleArn = role.arn;
    webId = await h.approveMapping(roleId, { createdAt: daysAgo(200) });
    releaseId = await h.approveMapping(roleId, { scope: "group", gitlabPath: "platform", refPattern: "release/*", createdAt: daysAgo(200) });
    const foreign = { Sid: "HandWritten", Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:aud": AUDIENCE }, StringLike: { "gitlab.example.com:sub": sub("legacy/*") } } };
    const managed = { Sid: managedSid(PROVIDER_ARN, AUDIENCE), Effect: "Allow", Principal: { Federated: PROVIDER_ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "gitlab.example.com:aud": AUDIENCE }, StringLike: { "gitlab.example.com:sub": [sub("platform/web"), sub("platform/*", "release/*")] } } };
    await h.db.iamRole.update({ where: { id: roleId }, data: { actualTrustPolicy: { Version: "2012-10-17", Statement: [managed, foreign] }, actualFetchedAt: new Date() } });
    await insertUsageEvents(
      h.db,
      [
        event(allowedCall({ eventId: "w1", time: daysAgo(1).toISOString(), roleArn, sub: sub("platform/web") })),
        event(allowedCall({ eventId: "w2", time: daysAgo(45).toISOString(), roleArn, sub: sub("platform/web") })),
        event(allowedCall({ eventId: "l1", time: daysAgo(3).toISOString(), roleArn, sub: sub("legacy/app") })),
        event(deniedCall({ eventId: "d1", time: daysAgo(2).toISOString(), roleArn, sub: sub("evil/fork") })),
        event(deniedCall({ eventId: "d2", time: daysAgo(1).toISOString(), roleArn, sub: sub("evil/fork") })),
        event(invalidTokenCall({ eventId: "d3", time: daysAgo(4).toISOString(), roleArn })),
        event(allowedCall({ eventId: "old", time: daysAgo(120).toISOString(), roleArn, sub: sub("platform/web") })),
      ],
      "s3",
    );
    await h.db.usageCursor.create({ data: { key: "lookup:111122223333:us-east-2", source: "lookup", accountId: ACCOUNT, region: "us-east-2", position: "x", readUntil: new Date("2025-06-30T11:45:00Z") } });
  });

  it("answers exactly the documented shape: grants with last use and 30/90-day counts, unmanaged subjects, denied attempts by subject", async () => {
    const { status, body } = await get(`?roleId=${roleId}`, await tokenFor("auditor"));
    expect(status).toBe(200);
    expect(ZRoleUsageOutput.parse(body)).toEqual(body);
    expect(body).toEqual({
      role: { id: roleId, name: "deploy", arn: roleArn, accountId: ACCOUNT },
      readUntil: "2025-06-30T11:45:00.000Z",
      grants: [
        { mappingId: webId, pattern: sub("platform/web"), lastUsedAt: daysAgo(1).toISOString(), uses30d: 1, uses90d: 2 },
        { mappingId: releaseId, pattern: sub("platform/*", "release/*"), lastUsedAt: null, uses30d: 0, uses90d: 0 },
        { mappingId: null, pattern: sub("legacy/*"), lastUsedAt: daysAgo(3).toISOString(), uses30d: 1, uses90d: 1 },
      ],
      unmanagedSubjects: [{ sub: sub("legacy/app"), lastUsedAt: daysAgo(3).toISOString(), uses90d: 1 }],
      denied: [
        { sub: sub("evil/fork"), count: 2, lastAt: daysAgo(1).toISOString(), errorCode: "AccessDenied" },
        { sub: null, count: 1, lastAt: daysAgo(4).toISOString(), errorCode: "InvalidIdentityToken" },
      ],
    });
  });

  it.each(["auditor", "admin"] as const)("%s may read it (access.export)", async (role) => {
    expect((await get(`?roleId=${roleId}`, await tokenFor(role))).status).toBe(200);
  });

  it("a requester may not (403: access.export is not theirs)", async () => {
    expect((await get(`?roleId=${roleId}`, await tokenFor("requester"))).status).toBe(403);
  });

  // Issue #12 gives access.export to approvers too; the rule table (tested role by role in
  // tests/unit/auth/permissions.test.ts) decides, and the route follows it either way.
  it.each(ROLES)("%s gets exactly what the rule table says of access.export", async (role) => {
    expect((await get(`?roleId=${roleId}`, await tokenFor(role))).status).toBe(can({ id: "any", role }, "access.export") ? 200 : 403);
  });

  it("nobody without a valid token (401)", async () => {
    expect((await get(`?roleId=${roleId}`, "tm_unknown")).status).toBe(401);
  });

  it("a missing or malformed roleId is a 400, an unknown role a 404", async () => {
    const token = await tokenFor("auditor");
    expect(await get("", token)).toMatchObject({ status: 400, body: { error: { code: "BAD_INPUT" } } });
    expect((await get("?roleId=nope", token)).status).toBe(400);
    expect(await get("?roleId=00000000-0000-4000-8000-000000000000", token)).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
  });

  it("per mapping, for lists (phase 2): last used, uses, which subjects, and 'revoke?' after the unused-days setting", async () => {
    const usage = await usageOfMappings([webId, releaseId]);
    expect(usage.get(webId)).toEqual({ mappingId: webId, lastUsedAt: daysAgo(1), uses30d: 1, uses90d: 2, subjects: [{ sub: sub("platform/web"), lastUsedAt: daysAgo(1), uses90d: 2 }], unused: false });
    expect(usage.get(releaseId)).toMatchObject({ lastUsedAt: null, uses90d: 0, unused: true });
    await h.db.setting.create({ data: { key: "usage.unusedDays", value: 2 } });
    expect((await usageOfMappings([webId])).get(webId)?.unused).toBe(false);
    const all = await usageByRole(null);
    expect(all.unusedDays).toBe(2);
    expect(all.roles.map((r) => r.role.name)).toEqual(["deploy"]);
  });

  it("a deregistered role is no longer read or shown: 404, left out of every summary, its calls not kept", async () => {
    const token = await tokenFor("auditor");
    expect((await managedRolesByArn(h.db)).has(roleArn)).toBe(true);
    await h.db.mapping.updateMany({ where: { roleId }, data: { status: "revoked", decisionReason: "retired" } });
    await h.db.iamRole.update({ where: { id: roleId }, data: { deregisteredAt: new Date() } });

    expect(await get(`?roleId=${roleId}`, token)).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect((await usageByRole(null)).roles).toEqual([]);
    expect((await usageByRole([roleId])).roles).toEqual([]);
    expect((await managedRolesByArn(h.db)).has(roleArn)).toBe(false);
  });
});
