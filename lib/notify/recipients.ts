/**
 * Who hears about an event (issue #15's table), as pure rules: event + the users with their roles
 * + each user's mutes → recipients. "Approvers" are the people the rule table lets decide on
 * approvals (roles approver and admin), and for a request, those allowed to decide on *that*
 * request (never its requester). Two rules hold for every event:
 * - nobody is told about what they did themselves (the actor is never a recipient);
 * - a muted event kind is never sent to that user (webhooks have no mutes: they are routed in
 *   Settings instead).
 */
import { can, ROLES, type Role } from "@/lib/auth/permissions";
import type { EventKind, EventPayloads, NotifyEvent } from "./events";

export interface Person {
  id: string;
  role: Role;
}

export type Mutes = ReadonlyMap<string, ReadonlySet<EventKind>>;

const decides = (u: Person, requesterId?: string) => can(u, "approvals.decide", requesterId === undefined ? undefined : { requesterId });

/** Who the rules pick before mutes and the actor are taken out. */
function audience<P extends Person>(event: NotifyEvent, users: readonly P[]): P[] {
  const byId = (ids: readonly string[]) => users.filter((u) => ids.includes(u.id));
  switch (event.kind) {
    case "request.filed":
      return users.filter((u) => decides(u, event.data.requesterId));
    case "request.approval_recorded":
      // The requester, and whoever can still give one of the approvals it needs.
      return [...byId([event.data.requesterId]), ...users.filter((u) => decides(u, event.data.requesterId) && !event.data.approverIds.includes(u.id))];
    case "request.approved":
      return byId([event.data.requesterId]);
    case "request.rejected":
    case "request.withdrawn":
    case "mapping.expiring":
    case "mapping.expired":
    case "mapping.revoked":
      // The requester, and the approvers who approved it (their approval is void or lapsing).
      return [...byId([event.data.requesterId]), ...byId(event.data.approverIds).filter((u) => decides(u))];
    case "reconcile.drift_found":
    case "reconcile.apply_failed":
    case "gitlab.ref_unprotected":
      return users.filter((u) => u.role === "admin" || decides(u));
    case "review.opened":
    case "review.due_soon":
    case "review.overdue":
      return byId(event.data.holders.filter((h) => h.openItems > 0).map((h) => h.userId)).filter((u) => decides(u));
  }
}

/** The users to tell about `event`, each once, in the order of `users`. */
export function recipientsOf<P extends Person>(event: NotifyEvent, users: readonly P[], mutes: Mutes): P[] {
  const picked = new Set(audience(event, users).map((u) => u.id));
  return users.filter((u) => picked.has(u.id) && u.id !== event.actor.id && !mutes.get(u.id)?.has(event.kind));
}

/**
 * Which users the rules can pick, so a service loads only those: everyone named in the payload,
 * and everyone with a role that decides approvals.
 */
export function candidatesOf(event: NotifyEvent): { ids: string[]; roles: Role[] } {
  return { ids: [...new Set(namedUsers(event))], roles: ROLES.filter((role) => decides({ id: "", role })) };
}

function namedUsers(event: NotifyEvent): string[] {
  const data = event.data as Partial<EventPayloads["request.filed"] & EventPayloads["review.opened"]>;
  return [...(data.requesterId ? [data.requesterId] : []), ...(data.approverIds ?? []), ...(data.holders ?? []).map((h) => h.userId)];
}
