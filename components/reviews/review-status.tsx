import { Badge } from "@/components/ui/badge";
import { utcTime } from "@/lib/format";
import type { ReviewProgress } from "@/lib/reviews/transitions";
import type { ReviewSummaryView } from "@/lib/reviews/views";

/** Open or closed, and overdue / due soon while open. */
export function ReviewStatusBadges({ review }: { review: Pick<ReviewSummaryView, "status" | "progress"> }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={review.status === "open" ? "blue" : "neutral"}>{review.status}</Badge>
      {review.progress.overdue ? <Badge tone="strong-red">overdue</Badge> : null}
      {review.progress.dueSoon ? <Badge tone="amber">due soon</Badge> : null}
    </span>
  );
}

/** "3 of 8 decided (37%) · 2 kept · 1 revoked", with a progress bar. */
export function ReviewProgressBar({ progress, label }: { progress: ReviewProgress; label: string }) {
  return (
    <div className="space-y-1" data-testid="review-progress">
      <progress className="h-2 w-full max-w-md accent-blue-700" value={progress.decided} max={Math.max(1, progress.total)} aria-label={label} />
      <p className="text-sm tabular-nums">
        {progress.decided} of {progress.total} decided ({progress.percent}%) · {progress.kept} kept · {progress.revoked} revoked{progress.undecided > 0 ? ` · ${progress.undecided} to decide` : ""}
      </p>
    </div>
  );
}

/** "2026-12-31 23:59 UTC". */
export function DueText({ dueAt }: { dueAt: string }) {
  return <span className="whitespace-nowrap tabular-nums">{utcTime(dueAt)}</span>;
}
