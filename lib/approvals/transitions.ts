/**
 * The approval workflow as pure state transitions: given a mapping's state, its approvals, the
 * actor and the time, the next state or a typed refusal. No I/O; lib/approvals/service.ts applies the
 * result inside a transaction that holds the mapping's row lock.
 *
 *   requested ──approve (n < required)──▶ requested (one more approver)
 *   requested ──approve (n = required)──▶ approved
 *   requested ──reject (reason)────────▶ rejected
 *   requested ──withdraw (requester)───▶ withdrawn
 *   requested ──expire (expiry passed)─▶ expired
 *   approved  ──revoke (reason)────────▶ revoked
 *   approved  ──expire (expiry passed)─▶ expired
 */

export type MappingStatus = "requested" | "approved" | "rejected" | "revoked" | "expired" | "withdrawn";

export interface WorkflowState {
  status: MappingStatus;
  requesterId: string;
  /** 1, or 2 for high-risk requests (two distinct approvers). */
  requiredApprovals: number;
  /** Who approved so far, distinct. */
  approverIds: readonly string[];
  expiresAt: Date | null;
}

export type RefusalCode =
  | "NOT_PENDING"
  | "NOT_APPROVED"
  | "SELF_APPROVAL"
  | "ALREADY_APPROVED"
  | "REASON_REQUIRED"
  | "NOT_REQUESTER"
  | "EXPIRED"
  | "NOT_DUE";

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export type Transition =
  | { ok: true; status: MappingStatus; approverIds: string[]; decisionReason: string | null; approvalsRemaining: number }
  | { ok: false; refusal: Refusal };

function refuse(code: RefusalCode, message: string): Transition {
  return { ok: false, refusal: { code, message } };
}

function isExpired(state: WorkflowState, now: Date): boolean {
  return state.expiresAt !== null && state.expiresAt.getTime() <= now.getTime();
}

function remaining(state: WorkflowState, approverIds: readonly string[]): number {
  return Math.max(0, state.requiredApprovals - approverIds.length);
}

/** One approver approves. The last required approval makes the mapping approved. */
export function approve(state: WorkflowState, actorId: string, now: Date): Transition {
  if (state.status !== "requested") return refuse("NOT_PENDING", `This request is ${state.status}, not waiting for approval.`);
  if (actorId === state.requesterId) return refuse("SELF_APPROVAL", "Nobody approves their own request.");
  if (state.approverIds.includes(actorId)) {
    return refuse("ALREADY_APPROVED", "You already approved this request; a high-risk request needs a second, different approver.");
  }
  if (isExpired(state, now)) return refuse("EXPIRED", "This request's expiry has passed; it can no longer be approved.");
  const approverIds = [...state.approverIds, actorId];
  const left = remaining(state, approverIds);
  return { ok: true, status: left === 0 ? "approved" : "requested", approverIds, decisionReason: null, approvalsRemaining: left };
}

/** An approver rejects a pending request, with a reason. */
export function reject(state: WorkflowState, actorId: string, reason: string): Transition {
  if (state.status !== "requested") return refuse("NOT_PENDING", `This request is ${state.status}, not waiting for a decision.`);
  if (actorId === state.requesterId) return refuse("SELF_APPROVAL", "Nobody decides on their own request.");
  if (reason.trim() === "") return refuse("REASON_REQUIRED", "Give a reason for rejecting.");
  return { ok: true, status: "rejected", approverIds: [...state.approverIds], decisionReason: reason.trim(), approvalsRemaining: remaining(state, state.approverIds) };
}

/** The requester withdraws their own pending request (`asAdmin`: an admin may withdraw anyone's). */
export function withdraw(state: WorkflowState, actorId: string, asAdmin = false): Transition {
  if (state.status !== "requested") return refuse("NOT_PENDING", `This request is ${state.status}; only pending requests can be withdrawn.`);
  if (!asAdmin && actorId !== state.requesterId) return refuse("NOT_REQUESTER", "Only the requester can withdraw a request.");
  return { ok: true, status: "withdrawn", approverIds: [...state.approverIds], decisionReason: null, approvalsRemaining: remaining(state, state.approverIds) };
}

/** Revoke an approved mapping, with a reason. */
export function revoke(state: WorkflowState, reason: string): Transition {
  if (state.status !== "approved") return refuse("NOT_APPROVED", `This mapping is ${state.status}; only approved mappings can be revoked.`);
  if (reason.trim() === "") return refuse("REASON_REQUIRED", "Give a reason for revoking.");
  return { ok: true, status: "revoked", approverIds: [...state.approverIds], decisionReason: reason.trim(), approvalsRemaining: 0 };
}

/** The system expires a pending or approved mapping whose expiry has passed. */
export function expire(state: WorkflowState, now: Date): Transition {
  if (state.status !== "requested" && state.status !== "approved") return refuse("NOT_PENDING", `This mapping is ${state.status}; nothing to expire.`);
  if (!isExpired(state, now)) return refuse("NOT_DUE", "The expiry has not passed yet.");
  return { ok: true, status: "expired", approverIds: [...state.approverIds], decisionReason: "expired", approvalsRemaining: remaining(state, state.approverIds) };
}
