import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextLink } from "@/components/ui/text-link";
import { PrintButton } from "@/components/reviews/print-button";
import { ReviewReportTable } from "@/components/reviews/review-report";
import { requirePage } from "@/lib/auth/guard";
import { isAppError } from "@/lib/errors";
import { utcTime } from "@/lib/format";
import { getReviewDetail } from "@/lib/reviews/service";

export const metadata: Metadata = { title: "Access review report" };

export default async function ReviewReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage("reviews.view", `/reviews/${encodeURIComponent(id)}/report`);
  const view = /^[0-9a-f-]{36}$/i.test(id) ? await getReviewDetail(id).catch((e: unknown) => (isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e))) : null;
  if (!view) notFound();
  const { review } = view;
  const p = review.progress;
  return (
    <article className="space-y-4" aria-labelledby="report-h">
      <p className="text-sm print:hidden"><TextLink href={`/reviews/${review.id}`}>← {review.title}</TextLink></p>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 id="report-h" className="text-2xl font-semibold break-words">Access review report: {review.title}</h1>
        <div className="flex flex-wrap gap-2 print:hidden">
          <PrintButton />
          <a href={`/api/v1/reviews/${review.id}/report?format=csv`} className={buttonClass("secondary", "sm")} download>Download CSV</a>
        </div>
      </div>
      {review.status === "open" ? <Notice tone="warning" role="note">Interim report: the review is still open, {p.undecided} item{p.undecided === 1 ? " is" : "s are"} undecided.</Notice> : null}
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]" data-testid="report-meta">
        <dt className="font-medium">Status</dt><dd>{review.status === "closed" ? "closed (final)" : "open (interim)"}</dd>
        <dt className="font-medium">Scope</dt><dd>{review.scope.roleIds.length + review.scope.accountIds.length === 0 ? "every active mapping when opened" : `accounts: ${review.scope.accountIds.join(", ") || "—"}; roles: ${review.scope.roleIds.length}`}</dd>
        <dt className="font-medium">Opened</dt><dd>{utcTime(review.openedAt, "second")} by {review.openedBy}</dd>
        <dt className="font-medium">Due</dt><dd>{utcTime(review.dueAt, "second")}</dd>
        <dt className="font-medium">Closed</dt><dd>{review.closedAt ? `${utcTime(review.closedAt, "second")} ${review.closedBy ? `by ${review.closedBy}` : "when the last item was decided"}` : "—"}</dd>
        <dt className="font-medium">Decisions</dt><dd className="tabular-nums">{p.total} items: {p.kept} kept, {p.revoked} revoked, {p.undecided} undecided</dd>
      </dl>
      <p className="text-sm text-slate-700">Evidence is as the decider saw it at decision time: usage from CloudTrail (last use, uses in 30 and 90 days) and GitLab facts (protection, who can run the job). Every decision is also an event in the audit log.</p>
      <ReviewReportTable view={view} />
    </article>
  );
}
