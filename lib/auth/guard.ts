import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./config";
import { decide, type Action, type Resource } from "./permissions";
import type { CurrentUser } from "@/lib/users/current-user";
import { findUserByApiToken, findUserById } from "@/lib/users/service";
import { bearerToken } from "./tokens";
import { recordDenial } from "@/lib/audit/service";
import { AppError } from "@/lib/errors";

/** The signed-in user (from the session cookie), loaded fresh so role changes apply at once. */
export async function getSessionUser(): Promise<CurrentUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  return id ? findUserById(id) : null;
}

/** Record a refused action. Denials are audited so probing shows up in the log. */
export async function auditDenial(user: CurrentUser, action: Action, reason: string, where: string): Promise<void> {
  await recordDenial(user, { action, reason, where });
}

/**
 * For server pages: the signed-in user allowed to do `action`. No session → redirect to sign-in;
 * wrong role → audit event and Next's 403 page.
 */
export async function requirePage(action: Action, where: string, resource?: Resource): Promise<CurrentUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(where)}`);
  const verdict = decide(user, action, resource);
  if (!verdict.allowed) {
    await auditDenial(user, action, verdict.reason, where);
    forbidden();
  }
  return user;
}

/** For server actions and route handlers: throws UNAUTHENTICATED / FORBIDDEN (audited). */
export async function authorizeOrThrow(user: CurrentUser | null, action: Action, where: string, resource?: Resource): Promise<CurrentUser> {
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const verdict = decide(user, action, resource);
  if (!verdict.allowed) {
    await auditDenial(user, action, verdict.reason, where);
    throw new AppError("FORBIDDEN", `Forbidden: ${verdict.reason}.`);
  }
  return user;
}

/** The caller of an API route: a bearer token when one is sent, else the session cookie. */
export async function getApiCaller(): Promise<{ user: CurrentUser | null; via: "token" | "session" | "none" }> {
  const h = await headers();
  const token = bearerToken(h.get("authorization"));
  if (token !== null) return { user: await findUserByApiToken(token), via: "token" };
  const user = await getSessionUser();
  return { user, via: user ? "session" : "none" };
}
