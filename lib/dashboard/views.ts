/**
 * The dashboard per persona: what each role came to do, each item leading to the page where it is
 * done — an approver the requests waiting for them, a requester their own requests, an auditor the
 * roles and the recent changes, an admin what needs attention. Plain, serialisable view types
 * (built by ./service.ts) and the pure rules that pick what needs attention.
 */
import type { Role } from "@/lib/auth/permissions";
import type { AuditRow } from "@/lib/audit/rows";
import type { MappingRow } from "@/lib/mappings/rows";
import type { ReviewsAwaitingView } from "@/lib/reviews/views";

/** Someone's own requests: how many per status, and the latest. */
export interface MyRequestsView {
  byStatus: Record<string, number>;
  total: number;
  latest: MappingRow[];
}

/** Requests the user can still approve (not their own, not approved by them yet). */
export interface AwaitingYouView {
  total: number;
  first: MappingRow[];
}

/** The registered roles, and how much of them trustmap has read from IAM. */
export interface RolesOverview {
  total: number;
  production: number;
  /** Roles whose trust policy was never read from IAM, or that were absent when read. */
  notRead: number;
  lastReadAt: string | null;
}

/** A reconcile run that did not succeed. */
export interface FailedRun {
  id: string;
  kind: string;
  status: string;
  startedAt: string;
  error: string | null;
}

/** What the latest plan or drift check could not read (an AWS account, a GitLab target). */
export interface UnreadParts {
  runId: string;
  at: string;
  parts: readonly string[];
}

/** Something an admin should act on, with where to act. */
export interface AttentionItem {
  key: string;
  text: string;
  href: string;
  action: string;
}

export type { ReviewsAwaitingView };

export type DashboardView =
  | { persona: "requester"; mine: MyRequestsView }
  | { persona: "approver"; awaiting: AwaitingYouView; reviews: ReviewsAwaitingView; mine: MyRequestsView }
  | { persona: "auditor"; roles: RolesOverview; recent: AuditRow[] }
  | { persona: "admin"; attention: AttentionItem[]; awaiting: AwaitingYouView; reviews: ReviewsAwaitingView; roles: RolesOverview };

export type Persona = DashboardView["persona"];

/** Each role's dashboard (one persona per role). */
export function personaOf(role: Role): Persona {
  return role;
}

/** Audit events that change who can assume what (the auditor's "recent changes"). */
export const CHANGE_ACTIONS = ["mapping.approved", "mapping.revoked", "mapping.expired", "mapping.rejected", "reconcile.applied", "reconcile.drift_found", "settings.changed", "user.role_changed"] as const;

/**
 * What needs an admin's attention, most urgent first: what the latest plan or drift check could
 * not read (unreadable accounts or GitLab targets), runs that failed, roles not read from IAM,
 * requests nobody decided yet.
 * Nothing to do is an empty list, never a made-up item.
 */
export function attentionItems(input: { unread: UnreadParts | null; failedRuns: readonly FailedRun[]; roles: RolesOverview; awaiting: number; accounts: number }): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const [i, part] of (input.unread?.parts ?? []).entries()) {
    items.push({ key: `unread-${i}`, text: `The last plan or drift check could not read it: ${part}`, href: input.unread ? `/reconcile/runs/${input.unread.runId}` : "/reconcile", action: "Open the run" });
  }
  for (const run of input.failedRuns) {
    if (run.id === input.unread?.runId) continue; // already named above, part by part
    const article = run.kind === "apply" ? "An" : "A";
    items.push({ key: `run-${run.id}`, text: `${article} ${run.kind} run ${run.status === "partial" ? "partly failed" : "failed"}${run.error ? `: ${run.error}` : "."}`, href: `/reconcile/runs/${run.id}`, action: "Open the run" });
  }
  if (input.accounts === 0) items.push({ key: "no-accounts", text: "No AWS account is connected yet.", href: "/settings", action: "Connect an account" });
  if (input.roles.notRead > 0) {
    items.push({ key: "not-read", text: `${input.roles.notRead} of ${input.roles.total} roles have not been read from IAM: the Simulator and Access cannot judge them.`, href: "/reconcile", action: "Run a plan" });
  }
  if (input.awaiting > 0) items.push({ key: "awaiting", text: `${input.awaiting} ${input.awaiting === 1 ? "request waits" : "requests wait"} for a decision.`, href: "/approvals", action: "Open Approvals" });
  return items;
}
