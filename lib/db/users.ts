import "server-only";
import { getDb } from "./client";
import { appendAuditEvent } from "@/lib/audit/log";
import type { Role } from "@/lib/auth/permissions";

export interface CurrentUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  isDemo: boolean;
}

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
