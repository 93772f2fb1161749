/**
 * GitLab's access levels (members.md "Roles"; Gitlab::Access) and user states, as plain data.
 * https://docs.gitlab.com/api/members/#roles
 */

export const GUEST = 10;
export const REPORTER = 20;
export const DEVELOPER = 30;
export const MAINTAINER = 40;
export const OWNER = 50;
/** On a protected ref: instance administrators (self-managed). */
export const ADMIN = 60;

const ROLE_NAMES: Record<number, string> = {
  0: "No access",
  5: "Minimal access",
  10: "Guest",
  15: "Planner",
  20: "Reporter",
  30: "Developer",
  40: "Maintainer",
  50: "Owner",
  60: "Administrator",
};

/** "Developer" for 30; an undocumented level keeps its number. */
export function roleName(level: number): string {
  return ROLE_NAMES[level] ?? `access level ${level}`;
}

/**
 * A protected ref's role entry in words, as GitLab's UI says it (ProtectedRefAccess
 * human_access_levels): 0 "No one", 30 "Developers + Maintainers", 40 "Maintainers", 60 "Admins".
 */
export function refRoleName(level: number): string {
  if (level === 0) return "No one";
  if (level === DEVELOPER) return "Developers + Maintainers";
  if (level === MAINTAINER) return "Maintainers";
  if (level === ADMIN) return "Admins";
  return `${roleName(level)}+`;
}

/**
 * States of a user who cannot sign in, push or run pipelines (users.md): blocked by an
 * administrator or LDAP, banned, or awaiting an administrator's approval. Every other state —
 * `active`, `deactivated` (signing in again reactivates the account), or one GitLab adds later —
 * counts as able to act: an unknown state must never make a person disappear from the list.
 */
const CANNOT_ACT = new Set(["blocked", "ldap_blocked", "banned", "blocked_pending_approval"]);

export function canAct(state: string): boolean {
  return !CANNOT_ACT.has(state);
}
