/** Users (GitLab and demo sign-ins, roles) and their personal API tokens. */
import "server-only";
import { getDb } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/audit/service";
import type { CurrentUser } from "./current-user";
import { generateApiToken, hashApiToken } from "@/lib/auth/tokens";
import { notFound } from "@/lib/errors";

const CURRENT_USER_FIELDS = { id: true, username: true, name: true, role: true, isDemo: true } as const;

export async function findUserById(id: string): Promise<CurrentUser | null> {
  return getDb().user.findUnique({ where: { id }, select: CURRENT_USER_FIELDS });
}

export async function findDemoUserByUsername(username: string): Promise<CurrentUser | null> {
  return getDb().user.findFirst({ where: { username, isDemo: true }, select: CURRENT_USER_FIELDS });
}

export async function listDemoUsers(): Promise<CurrentUser[]> {
  return getDb().user.findMany({ where: { isDemo: true }, select: CURRENT_USER_FIELDS, orderBy: [{ role: "asc" }, { username: "asc" }] });
}

// Serialises first sign-ins so exactly one user can become the first admin.
const FIRST_USER_LOCK = 7_314_160;

/**
 * Find or create the user behind a GitLab sign-in and record the sign-in. The first user to
 * sign in on an empty database becomes admin; everyone after that starts as requester.
 */
export async function upsertGitLabUser(profile: { gitlabId: number; username: string; name: string; email: string | null }): Promise<CurrentUser> {
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
    let user = await tx.user.findUnique({ where: { gitlabId: profile.gitlabId }, select: CURRENT_USER_FIELDS });
    if (!user) {
      const isFirst = (await tx.user.count()) === 0;
      user = await tx.user.create({
        data: {
          gitlabId: profile.gitlabId,
          username: profile.username,
          name: profile.name,
          email: profile.email,
          role: isFirst ? "admin" : "requester",
        },
        select: CURRENT_USER_FIELDS,
      });
      await appendAuditEvent(tx, {
        actorId: user.id,
        actorLabel: user.username,
        action: "user.created",
        resourceType: "user",
        resourceId: user.id,
        data: { via: "gitlab", role: user.role, firstUser: isFirst },
      });
    }
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date(), name: profile.name, email: profile.email } });
    await appendAuditEvent(tx, { actorId: user.id, actorLabel: user.username, action: "auth.sign_in", data: { via: "gitlab" } });
    return user;
  });
}

/** Record a demo persona's sign-in. */
export async function recordDemoSignIn(user: CurrentUser): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await appendAuditEvent(tx, { actorId: user.id, actorLabel: user.username, action: "auth.sign_in", data: { via: "demo" } });
  });
}

// Personal API tokens

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const VIEW = { id: true, name: true, prefix: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;

export async function listApiTokens(userId: string): Promise<ApiTokenView[]> {
  return getDb().apiToken.findMany({ where: { userId }, select: VIEW, orderBy: { createdAt: "desc" } });
}

/** Create a token; the plaintext is returned this once and never stored. */
export async function createApiToken(user: CurrentUser, input: { name: string; expiresAt: Date | null }): Promise<{ token: string; view: ApiTokenView }> {
  const { token, prefix, hash } = generateApiToken();
  const view = await getDb().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: user.id, name: input.name, prefix, tokenHash: hash, expiresAt: input.expiresAt },
      select: VIEW,
    });
    await appendAuditEvent(tx, {
      actorId: user.id,
      actorLabel: user.username,
      action: "api_token.created",
      resourceType: "api_token",
      resourceId: created.id,
      data: { name: input.name, prefix, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, view };
}

/** Revoke one of the user's own tokens. Revoking an already revoked token changes nothing. */
export async function revokeApiToken(user: CurrentUser, tokenId: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const existing = await tx.apiToken.findFirst({ where: { id: tokenId, userId: user.id } });
    if (!existing) throw notFound("No such token.");
    if (existing.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, {
      actorId: user.id,
      actorLabel: user.username,
      action: "api_token.revoked",
      resourceType: "api_token",
      resourceId: tokenId,
      data: { name: existing.name, prefix: existing.prefix },
    });
  });
}

/** The user a bearer token authenticates, or null when it is unknown, revoked or expired. */
export async function findUserByApiToken(token: string): Promise<CurrentUser | null> {
  const db = getDb();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, username: true, name: true, role: true, isDemo: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  // Only refresh lastUsedAt once a minute, so busy automation does not write on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.user;
}
