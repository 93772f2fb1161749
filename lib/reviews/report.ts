/**
 * A review's report as evidence: one CSV row per item — who decided what, when, why, and on what
 * evidence (the usage figures and GitLab facts frozen on the item at decision time). Pure.
 * The header is a public contract (auditors' tooling reads it): add columns at the end only.
 */
import { toCsv, type CsvCell } from "@/lib/csv";
import { evidenceLine } from "./evidence";
import type { ReviewDetailView, ReviewItemView } from "./views";

export const REVIEW_REPORT_HEADER = [
  "review_id",
  "review_title",
  "review_status",
  "due_at",
  "item_id",
  "mapping_id",
  "scope",
  "gitlab_path",
  "ref_type",
  "ref",
  "environment",
  "role_arn",
  "account_id",
  "requester",
  "approvers",
  "requested_at",
  "decision",
  "reason",
  "decided_by",
  "decided_at",
  "overdue",
  "last_used_at",
  "uses_30d",
  "uses_90d",
  "unused",
  "usage_read_until",
  "usage_sandbox",
  "gitlab_checked",
  "gitlab_protected",
  "gitlab_people",
  "gitlab_findings",
  "evidence",
] as const;

/** "yes", "no" or "unknown" for a protection that may not be known. */
function protectedText(targets: { protected: boolean | null }[]): string {
  if (targets.length === 0 || targets.some((t) => t.protected === null)) return "unknown";
  return targets.every((t) => t.protected) ? "yes" : "no";
}

export function reportRow(review: ReviewDetailView["review"], item: ReviewItemView): CsvCell[] {
  const m = item.mapping;
  const e = item.evidence;
  const u = e?.usage ?? null;
  const g = e?.gitlab ?? null;
  return [
    review.id,
    review.title,
    review.status,
    review.dueAt,
    item.id,
    item.mappingId,
    m.scope,
    m.gitlabPath,
    m.refType,
    m.refPattern,
    m.environment,
    m.role.arn,
    m.accountId,
    m.requester.username,
    m.approvers.join(" "),
    m.requestedAt,
    item.decision ?? "undecided",
    item.reason,
    item.decidedBy,
    item.decidedAt,
    item.overdue ? "yes" : "no",
    u?.lastUsedAt,
    u?.uses30d,
    u?.uses90d,
    u ? (u.unused ? "yes" : "no") : null,
    u?.readUntil,
    u ? (u.sandbox ? "yes" : "no") : null,
    g ? (g.checked ? "yes" : "no") : null,
    g ? protectedText(g.targets) : null,
    g ? g.targets.reduce((n, t) => n + t.people, 0) : null,
    g ? g.findings.map((f) => `${f.severity}: ${f.message}`).join(" | ") : null,
    e ? evidenceLine(e) : null,
  ];
}

export function reviewReportCsv(view: ReviewDetailView): string {
  return toCsv(REVIEW_REPORT_HEADER, view.items.map((item) => reportRow(view.review, item)));
}

export function reviewReportFileName(view: ReviewDetailView): string {
  const slug = view.review.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "review";
  return `access-review-${slug}-${view.review.status === "closed" ? "final" : "interim"}.csv`;
}
