/**
 * The notification event catalog: every event trustmap tells people about, with its typed
 * payload. Pure data. A service reports an event with `notifyInTx(tx, event)` in the transaction
 * of the change (lib/notify/service.ts); who hears about it is decided in ./recipients.ts, what
 * they read in ./render.ts.
 *
 * Payloads carry what the message needs to say and who to tell (the requester, the approvers who
 * already approved, the holders of review items), so recipients are decided without reading the
 * domain's tables, and a message still reads right after the mapping changed again. Times are ISO
 * strings: the payload is stored as JSON and sent as is in the generic webhook's `data`.
 */

/** Who caused the event; `id` null for the system (scheduled jobs, the CLI). */
export interface Actor {
  id: string | null;
  label: string;
}

/** The mapping (or request) an event is about, as it was when the event happened. */
export interface MappingFacts {
  mappingId: string;
  scope: "group" | "project";
  gitlabPath: string;
  refType: "branch" | "tag" | "any";
  /** The ref pattern (`main`, `release/*`, `v*`). */
  ref: string;
  environment: string | null;
  roleArn: string;
  roleName: string;
  requesterId: string;
  requesterLabel: string;
  riskTier: string;
  requiredApprovals: number;
  /** Who has approved it so far (all of them once approved). */
  approverIds: string[];
}

/** An access review the approvers who hold its items must work through. */
export interface ReviewFacts {
  reviewId: string;
  title: string;
  dueAt: string;
  /** Who holds items of the review, and how many are still open. */
  holders: { userId: string; openItems: number }[];
}

export interface EventPayloads {
  "request.filed": MappingFacts & { justification: string; expiresAt: string | null };
  /** One approval of a request that needs more (the two-person rule). */
  "request.approval_recorded": MappingFacts & { approvalsRemaining: number };
  /** The final approval: the mapping is approved. */
  "request.approved": MappingFacts & { expiresAt: string | null };
  "request.rejected": MappingFacts & { reason: string };
  "request.withdrawn": MappingFacts;
  "mapping.expiring": MappingFacts & { expiresAt: string };
  "mapping.expired": MappingFacts & { expiresAt: string };
  "mapping.revoked": MappingFacts & { reason: string };
  "reconcile.drift_found": { runId: string; trigger: string; summary: string; findings: string[] };
  "reconcile.apply_failed": { runId: string; failedOperations: number; error: string; operations: string[] };
  "gitlab.ref_unprotected": { projectPath: string; refType: "branch" | "tag"; ref: string; detail: string; mappingIds: string[] };
  "review.opened": ReviewFacts;
  "review.due_soon": ReviewFacts;
  "review.overdue": ReviewFacts;
}

export type EventKind = keyof EventPayloads;

/** One event as a service reports it. `at` defaults to now. */
export type NotifyEvent = { [K in EventKind]: { kind: K; actor: Actor; data: EventPayloads[K]; at?: Date } }[EventKind];

export interface EventInfo {
  /** What the account page and the webhook settings call it. */
  label: string;
  /** Who hears about it, in words (the rules are in ./recipients.ts). */
  audience: string;
  group: "Requests" | "Mappings" | "Reconcile and GitLab" | "Access reviews";
}

export const EVENTS: Record<EventKind, EventInfo> = {
  "request.filed": { label: "Request filed", audience: "approvers (never the requester)", group: "Requests" },
  "request.approval_recorded": { label: "Request approved once, another approval needed", audience: "the requester; approvers who can give the next approval", group: "Requests" },
  "request.approved": { label: "Request approved", audience: "the requester", group: "Requests" },
  "request.rejected": { label: "Request rejected", audience: "the requester; approvers who had approved it", group: "Requests" },
  "request.withdrawn": { label: "Request withdrawn", audience: "the requester (when someone else withdrew it); approvers who had approved it", group: "Requests" },
  "mapping.expiring": { label: "Mapping expires in 7 days", audience: "the requester and its approvers", group: "Mappings" },
  "mapping.expired": { label: "Mapping expired", audience: "the requester and its approvers", group: "Mappings" },
  "mapping.revoked": { label: "Mapping revoked", audience: "the requester and its approvers", group: "Mappings" },
  "reconcile.drift_found": { label: "Drift found", audience: "admins and approvers", group: "Reconcile and GitLab" },
  "reconcile.apply_failed": { label: "Apply failed", audience: "admins and approvers", group: "Reconcile and GitLab" },
  "gitlab.ref_unprotected": { label: "A GitLab ref lost its protection", audience: "admins and approvers", group: "Reconcile and GitLab" },
  "review.opened": { label: "Access review opened", audience: "the approvers who hold its items", group: "Access reviews" },
  "review.due_soon": { label: "Access review due in 3 days", audience: "the approvers who still hold open items", group: "Access reviews" },
  "review.overdue": { label: "Access review overdue", audience: "the approvers who still hold open items", group: "Access reviews" },
};

export const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === "string" && Object.hasOwn(EVENTS, value);
}

/** The actor of an event done by a signed-in user. */
export function actorOf(user: { id: string; username: string }): Actor {
  return { id: user.id, label: user.username };
}

/** A mapping row as the workflow services load it (with its role, requester and approvals). */
export interface MappingRowForFacts {
  id: string;
  scope: MappingFacts["scope"];
  gitlabPath: string;
  refType: MappingFacts["refType"];
  refPattern: string;
  environment: string | null;
  riskTier: string;
  requiredApprovals: number;
  requesterId: string;
  requester: { username: string };
  role: { arn: string; name: string };
  approvals: readonly { approverId: string }[];
}

/**
 * A mapping event's common payload from the row the service already holds, so reporting an event
 * is one call: `notifyInTx(tx, { kind: "request.rejected", actor: actorOf(user), data: { ...mappingFactsOf(row), reason } })`.
 * `approverIds` overrides the row's approvals (e.g. with the one just recorded).
 */
export function mappingFactsOf(m: MappingRowForFacts, approverIds: readonly string[] = m.approvals.map((a) => a.approverId)): MappingFacts {
  return {
    mappingId: m.id,
    scope: m.scope,
    gitlabPath: m.gitlabPath,
    refType: m.refType,
    ref: m.refPattern,
    environment: m.environment,
    roleArn: m.role.arn,
    roleName: m.role.name,
    requesterId: m.requesterId,
    requesterLabel: m.requester.username,
    riskTier: m.riskTier,
    requiredApprovals: m.requiredApprovals,
    approverIds: [...approverIds],
  };
}
