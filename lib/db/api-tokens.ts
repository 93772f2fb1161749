import "server-only";
import { getDb } from "./client";
import { appendAuditEvent } from "@/lib/audit/log";
import { generateApiToken, hashApiToken } from "@/lib/auth/tokens";
import { notFound } from "@/lib/errors";
import type { CurrentUser } from "./users";

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
