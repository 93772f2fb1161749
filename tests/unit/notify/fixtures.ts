import type { MappingFacts, NotifyEvent, ReviewFacts } from "@/lib/notify/events";
import type { Role } from "@/lib/auth/permissions";

export const USERS: { id: string; role: Role; username: string }[] = [
  { id: "ria", role: "requester", username: "ria" },
  { id: "avery", role: "approver", username: "avery" },
  { id: "blake", role: "approver", username: "blake" },
  { id: "cleo", role: "approver", username: "cleo" },
  { id: "audra", role: "auditor", username: "audra" },
  { id: "ada", role: "admin", username: "ada" },
  { id: "dev", role: "requester", username: "dev" },
];

export const MAPPING: MappingFacts = {
  mappingId: "0b8e6d3c-1111-4222-8333-944455556666",
  scope: "project",
  gitlabPath: "acme/web",
  refType: "tag",
  ref: "v*",
  environment: null,
  roleArn: "arn:aws:iam::111122223333:role/deploy-production",
  roleName: "deploy-production",
  requesterId: "ria",
  requesterLabel: "ria",
  riskTier: "high",
  requiredApprovals: 2,
  approverIds: [],
};

export const REVIEW: ReviewFacts = {
  reviewId: "r-1",
  title: "Q3 production roles",
  dueAt: "2026-12-01T00:00:00.000Z",
  holders: [
    { userId: "avery", openItems: 3 },
    { userId: "blake", openItems: 0 },
    { userId: "ria", openItems: 2 },
  ],
};

const system = { id: null, label: "system" };
const by = (id: string) => ({ id, label: id });

/** One event of every kind, with the actor a real service would report. */
export const EVENTS_OF_EVERY_KIND: NotifyEvent[] = [
  { kind: "request.filed", actor: by("ria"), data: { ...MAPPING, justification: "Release tags deploy to production", expiresAt: null } },
  { kind: "request.approval_recorded", actor: by("avery"), data: { ...MAPPING, approverIds: ["avery"], approvalsRemaining: 1 } },
  { kind: "request.approved", actor: by("blake"), data: { ...MAPPING, approverIds: ["avery", "blake"], expiresAt: "2027-01-31T12:00:00.000Z" } },
  { kind: "request.rejected", actor: by("blake"), data: { ...MAPPING, approverIds: ["avery"], reason: "Use a protected tag pattern" } },
  { kind: "request.withdrawn", actor: by("ria"), data: { ...MAPPING, approverIds: ["avery"] } },
  { kind: "mapping.expiring", actor: system, data: { ...MAPPING, approverIds: ["avery", "blake"], expiresAt: "2026-12-08T09:30:00.000Z" } },
  { kind: "mapping.expired", actor: system, data: { ...MAPPING, approverIds: ["avery", "blake"], expiresAt: "2026-12-01T09:30:00.000Z" } },
  { kind: "mapping.revoked", actor: by("ada"), data: { ...MAPPING, approverIds: ["avery", "blake"], reason: "Project archived" } },
  { kind: "reconcile.drift_found", actor: system, data: { runId: "run-1", trigger: "schedule", summary: "1 role differs", findings: ["deploy-production: managed statement changed outside trustmap"] } },
  { kind: "reconcile.apply_failed", actor: by("ada"), data: { runId: "run-2", failedOperations: 2, error: "AccessDenied on UpdateAssumeRolePolicy", operations: ["update deploy-production", "set ROLE_ARN on acme/web"] } },
  { kind: "gitlab.ref_unprotected", actor: system, data: { projectPath: "acme/web", refType: "branch", ref: "main", detail: "Branch main of acme/web is no longer protected.", mappingIds: ["m1", "m2"] } },
  { kind: "review.opened", actor: by("ada"), data: REVIEW },
  { kind: "review.due_soon", actor: system, data: REVIEW },
  { kind: "review.overdue", actor: system, data: REVIEW },
];

export function eventOf<K extends NotifyEvent["kind"]>(kind: K): Extract<NotifyEvent, { kind: K }> {
  return EVENTS_OF_EVERY_KIND.find((e) => e.kind === kind) as Extract<NotifyEvent, { kind: K }>;
}
