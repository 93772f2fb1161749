/**
 * What registering, deregistering and removing mean, as rules the settings service applies. Pure.
 *
 * Deregistering a role: trustmap stops managing it — it is no longer planned, applied, offered to
 * requesters or shown in the access views and the simulator — and IAM is left exactly as it is.
 * So that no access record goes wrong, it is refused
 * - while the role has live mappings (requested, or approved): revoke or withdraw them first, so
 *   the records say they ended, and why;
 * - while IAM, as trustmap last read it, still holds trustmap's own statement in the role's trust
 *   policy: after the revocations, an apply removes it; deregistering before would leave a grant
 *   in IAM that nobody manages and no mapping records.
 * The role's row stays (with its mappings' history); registering or importing it again resumes.
 *
 * Removing an AWS account is refused while any role in it is registered; roles deregistered with
 * no mapping history go with it, and one with history keeps the account (the history is never
 * deleted). An account without registered roles is not read by plans or drift checks.
 */
import { isOwnedSid } from "@/lib/policy";

/** Roles trustmap manages (a Prisma IamRoleWhereInput): not deregistered. */
export const REGISTERED_ROLE = { deregisteredAt: null } as const;

/** Mapping statuses that still grant, or may come to grant, access. */
export const LIVE_MAPPING_STATUSES = ["requested", "approved"] as const;

/** How many of trustmap's own statements a trust policy (as last read from IAM) holds. */
export function ownedStatementCount(policy: unknown): number {
  const statement = (policy as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return statements.filter((s) => isOwnedSid((s as { Sid?: unknown } | null)?.Sid as string | undefined)).length;
}

export interface RoleRegistrationFacts {
  name: string;
  /** Requested or approved mappings. */
  liveMappings: number;
  /** The trust policy as last read from IAM, and when (null: never read). */
  actualTrustPolicy: unknown;
  actualFetchedAt: Date | null;
}

/** Why the role cannot be deregistered now, or null when it can. */
export function deregistrationRefusal(role: RoleRegistrationFacts): string | null {
  if (role.liveMappings > 0) {
    return `${role.name} still has ${role.liveMappings} live mapping${role.liveMappings === 1 ? "" : "s"} (requested or approved). Revoke or withdraw ${role.liveMappings === 1 ? "it" : "them"} first, then apply, so IAM no longer grants what trustmap stops recording.`;
  }
  const owned = ownedStatementCount(role.actualTrustPolicy);
  if (owned > 0) {
    const when = role.actualFetchedAt ? ` (as read at ${role.actualFetchedAt.toISOString().replace("T", " ").slice(0, 16)} UTC)` : "";
    return `IAM still holds trustmap's statement in ${role.name}'s trust policy${when}. Apply first: with no live mapping left, the apply removes it. Deregistering now would leave a grant nobody manages.`;
  }
  return null;
}

export interface AccountRemovalFacts {
  name: string;
  accountId: string;
  roles: { name: string; registered: boolean; mappings: number }[];
}

/** Why the account cannot be removed now, or null when it can (with the deregistered roles that go with it). */
export function accountRemovalRefusal(account: AccountRemovalFacts): string | null {
  const registered = account.roles.filter((r) => r.registered);
  if (registered.length > 0) {
    return `${registered.length} role${registered.length === 1 ? " is" : "s are"} still registered in ${account.name} (${registered.map((r) => r.name).join(", ")}): deregister ${registered.length === 1 ? "it" : "them"} first.`;
  }
  const withHistory = account.roles.filter((r) => r.mappings > 0);
  if (withHistory.length > 0) {
    return `The deregistered role${withHistory.length === 1 ? "" : "s"} ${withHistory.map((r) => r.name).join(", ")} keep${withHistory.length === 1 ? "s" : ""} the history of ${withHistory.reduce((n, r) => n + r.mappings, 0)} mapping(s), which is never deleted, so the account stays. It has no registered role, so plans and drift checks do not read it.`;
  }
  return null;
}

/** The account's id can change only while no role was ever registered in it: role ARNs name the account. */
export function accountIdChangeRefusal(account: { name: string; roles: number }): string | null {
  return account.roles > 0
    ? `${account.name} has had roles registered, and their ARNs name this account id, so it cannot change. Deregister its roles and remove the account, then connect the right one.`
    : null;
}
