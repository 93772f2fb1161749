/**
 * The one rule table: which role may do what. Pure data and functions, no I/O, so it can be
 * tested exhaustively (every role × every action). Every server action, route handler and page
 * asks `can()` through lib/auth/guard.ts.
 */

export const ROLES = ["requester", "approver", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "dashboard.view",
  "requests.view",
  "requests.create",
  "requests.withdraw",
  "approvals.view",
  "approvals.decide",
  "mappings.view",
  "mappings.revoke",
  "roles.view",
  "access.view",
  "access.export",
  "simulate.run",
  "reconcile.view",
  "reconcile.plan",
  "reconcile.apply",
  "audit.view",
  "audit.export",
  "audit.verify",
  "tradeoffs.view",
  "inventory.view",
  "inventory.scan",
  "settings.view",
  "settings.manage",
  "users.manage",
  "tokens.manage",
  "guide.view",
  "reviews.view",
  "reviews.open",
  "reviews.decide",
  "notifications.view",
  "notifications.manage",
  "notifications.mute",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who may do what, before resource conditions. Read it as the product's access policy. */
const GRANTS: Record<Role, readonly Action[]> = {
  requester: [
    "dashboard.view",
    "requests.view",
    "requests.create",
    "requests.withdraw",
    "mappings.view",
    "roles.view",
    "simulate.run",
    "tradeoffs.view",
    "tokens.manage",
    "guide.view",
    "notifications.mute",
  ],
  approver: [
    "dashboard.view",
    "requests.view",
    "requests.create",
    "requests.withdraw",
    "approvals.view",
    "approvals.decide",
    "mappings.view",
    "mappings.revoke",
    "roles.view",
    "access.view",
    "simulate.run",
    "reconcile.view",
    "reconcile.plan",
    "reconcile.apply",
    "audit.view",
    "tradeoffs.view",
    "tokens.manage",
    "guide.view",
    "reviews.view",
    "reviews.decide",
    "notifications.mute",
  ],
  // Auditors read everything that explains access and change nothing; they open access reviews
  // (a review changes no access by itself: approvers decide its items).
  auditor: [
    "dashboard.view",
    "mappings.view",
    "roles.view",
    "access.view",
    "access.export",
    "simulate.run",
    "reconcile.view",
    "audit.view",
    "audit.export",
    "audit.verify",
    "tradeoffs.view",
    "inventory.view",
    "tokens.manage",
    "guide.view",
    "reviews.view",
    "reviews.open",
    "notifications.mute",
  ],
  admin: [...ACTIONS],
};

/** Conditions on the resource an action touches. */
export interface Resource {
  /** The user who owns the resource (e.g. the requester of a mapping). */
  ownerId?: string;
  /** The user who requested a mapping being decided on (approved, or certified in a review). */
  requesterId?: string;
}

export interface Subject {
  id: string;
  role: Role;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * May `user` do `action` (on `resource`)? Deny by default; a missing user is never allowed.
 * Resource rules: a requester withdraws only their own requests (admins any); nobody decides on
 * their own request, whatever their role; nobody certifies (keeps or revokes in an access review)
 * a mapping they requested.
 */
export function decide(user: Subject | null | undefined, action: Action, resource?: Resource): Decision {
  if (!user) return { allowed: false, reason: "not signed in" };
  if (!GRANTS[user.role]?.includes(action)) return { allowed: false, reason: `role ${user.role} may not ${action}` };
  if (action === "requests.withdraw" && user.role !== "admin" && resource?.ownerId !== undefined && resource.ownerId !== user.id) {
    return { allowed: false, reason: "only the requester can withdraw a request" };
  }
  if (action === "approvals.decide" && resource?.requesterId !== undefined && resource.requesterId === user.id) {
    return { allowed: false, reason: "nobody approves or rejects their own request" };
  }
  if (action === "reviews.decide" && resource?.requesterId !== undefined && resource.requesterId === user.id) {
    return { allowed: false, reason: "nobody certifies a mapping they requested" };
  }
  return { allowed: true };
}

export function can(user: Subject | null | undefined, action: Action, resource?: Resource): boolean {
  return decide(user, action, resource).allowed;
}

/** Every action a role has (for navigation and the settings page). */
export function actionsOf(role: Role): readonly Action[] {
  return GRANTS[role];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
