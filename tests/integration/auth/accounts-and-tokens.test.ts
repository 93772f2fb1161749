import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db/prisma";
import { upsertGitLabUser } from "@/lib/users/service";
import { createApiToken, findUserByApiToken, listApiTokens, revokeApiToken } from "@/lib/users/service";
import { createApiTokenAction } from "@/lib/actions/tokens/create-api-token";
import { revokeApiTokenAction } from "@/lib/actions/tokens/revoke-api-token";
import { verifyAuditChain } from "@/lib/audit/service";
import { useFreshDatabase } from "../../support/db";
import { signInAs } from "../../support/session";

vi.mock("@/lib/auth/config", async () => (await import("../../support/session")).mockAuthModule());
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let db: Db;
beforeAll(async () => {
  ({ db } = await useFreshDatabase());
});

describe("GitLab sign-in", () => {
  it("makes the first user on an empty database admin, exactly once even when sign-ins race", async () => {
    const profiles = Array.from({ length: 4 }, (_, i) => ({ gitlabId: 100 + i, username: `user${i}`, name: `User ${i}`, email: null }));
    const users = await Promise.all(profiles.map((p) => upsertGitLabUser(p)));
    expect(users.filter((u) => u.role === "admin")).toHaveLength(1);
    expect(users.filter((u) => u.role === "requester")).toHaveLength(3);
    // Signing in again keeps the role and creates no second user.
    const again = await upsertGitLabUser(profiles[0]!);
    expect(again.id).toBe(users[0]!.id);
    expect(await db.user.count()).toBe(4);
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in" } })).toBe(5);
    expect(await db.auditEvent.count({ where: { action: "user.created" } })).toBe(4);
  });
});

describe("personal API tokens", () => {
  it("authenticate as their user until revoked, and are stored only hashed", async () => {
    const user = (await db.user.create({ data: { username: "tok", name: "Tok", role: "auditor" } })) as unknown as Parameters<typeof createApiToken>[0];
    const { token, view } = await createApiToken(user, { name: "ci", expiresAt: null });
    expect((await findUserByApiToken(token))?.id).toBe(user.id);
    expect((await findUserByApiToken(token))?.role).toBe("auditor");
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(stored.tokenHash).not.toContain(token.slice(8));
    expect(JSON.stringify(stored)).not.toContain(token);
    await revokeApiToken(user, view.id);
    expect(await findUserByApiToken(token)).toBeNull();
    await revokeApiToken(user, view.id); // idempotent
    expect(await db.auditEvent.count({ where: { action: "api_token.revoked", resourceId: view.id } })).toBe(1);
  });

  it("stop working when expired", async () => {
    const user = (await db.user.create({ data: { username: "exp", name: "Exp" } })) as unknown as Parameters<typeof createApiToken>[0];
    const { token, view } = await createApiToken(user, { name: "short", expiresAt: new Date(Date.now() + 60_000) });
    expect(await findUserByApiToken(token)).not.toBeNull();
    await db.apiToken.update({ where: { id: view.id }, data: { expiresAt: new Date(Date.now() + 1), createdAt: new Date(Date.now() - 10_000) } });
    await new Promise((r) => setTimeout(r, 5));
    expect(await findUserByApiToken(token)).toBeNull();
    expect(await findUserByApiToken("tmp_unknown")).toBeNull();
  });

  it("are created through the server action with validation, and one user cannot revoke another's", async () => {
    const alice = await db.user.create({ data: { username: "alice", name: "Alice" } });
    const bob = await db.user.create({ data: { username: "bob", name: "Bob" } });
    signInAs(alice.id);
    expect(await createApiTokenAction({ name: "", expiresInDays: 5 })).toMatchObject({ ok: false, code: "BAD_INPUT", fieldErrors: { name: ["Give the token a name"] } });
    expect(await createApiTokenAction({ name: "x", expiresInDays: 0 })).toMatchObject({ ok: false, fieldErrors: { expiresInDays: ["At least 1 day"] } });
    const created = await createApiTokenAction({ name: "deploy bot", expiresInDays: 30 });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.data.token).toMatch(/^tmp_/);
    signInAs(bob.id);
    expect(await revokeApiTokenAction({ id: created.data.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    signInAs(alice.id);
    expect(await revokeApiTokenAction({ id: created.data.id })).toMatchObject({ ok: true });
    expect((await listApiTokens(alice.id))[0]?.revokedAt).not.toBeNull();
  });

  it("leave an intact audit chain behind", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
