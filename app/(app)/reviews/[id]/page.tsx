import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pager, pageHref } from "@/components/ui/pager";
import { TextLink } from "@/components/ui/text-link";
import { CloseReviewButton } from "@/components/reviews/close-review-button";
import { ReviewItemCard } from "@/components/reviews/review-item-card";
import { DueText, ReviewProgressBar, ReviewStatusBadges } from "@/components/reviews/review-status";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { utcTime } from "@/lib/format";
import { reviewPage } from "@/lib/reviews/service";
import { ZReviewPageQuery } from "@/lib/schemas/reviews";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";

export const metadata: Metadata = { title: "Access review" };

const SHOW = ["undecided", "decided", "all"] as const;

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { id } = await params;
  const user = await requirePage("reviews.view", `/reviews/${encodeURIComponent(id)}`);
  const { show, page: pageNo } = readPageQuery(ZReviewPageQuery, await searchParams).data ?? ZReviewPageQuery.parse({});
  const view = /^[0-9a-f-]{36}$/i.test(id) ? await reviewPage(id, { show, page: pageNo }).catch((e: unknown) => (isAppError(e) && e.code === "NOT_FOUND" ? null : Promise.reject(e))) : null;
  if (!view) notFound();
  const { review } = view;
  const open = review.status === "open";
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const base = `/reviews/${review.id}`;
  return (
    <div className="space-y-6">
      <p className="text-sm"><TextLink href="/reviews">← Access reviews</TextLink></p>
      <PageHeader
        title={review.title}
        actions={
          <>
            <Link href={`${base}/report`} className={buttonClass("secondary", "sm")}>Report</Link>
            <a href={`/api/v1/reviews/${review.id}/report?format=csv`} className={buttonClass("secondary", "sm")} download>Download CSV</a>
            {open && can(user, "reviews.open") ? <CloseReviewButton reviewId={review.id} undecided={review.progress.undecided} /> : null}
          </>
        }
      >
        <p className="flex flex-wrap items-center gap-2">
          <ReviewStatusBadges review={review} /> due <DueText dueAt={review.dueAt} /> · opened {utcTime(review.openedAt)} by {review.openedBy}
          {review.closedAt ? ` · closed ${utcTime(review.closedAt)}${review.closedBy ? ` by ${review.closedBy}` : " (last item decided)"}` : ""}
        </p>
        <p className="text-sm">Scope: {review.scope.roleIds.length + review.scope.accountIds.length === 0 ? "every active mapping" : [review.scope.accountIds.length ? `accounts ${review.scope.accountIds.join(", ")}` : "", review.scope.roleIds.length ? `${review.scope.roleIds.length} chosen role(s)` : ""].filter(Boolean).join(" and ")}</p>
      </PageHeader>
      <ReviewProgressBar progress={review.progress} label={`Progress of ${review.title}`} />
      <nav aria-label="Items to show" className="flex flex-wrap gap-2 text-sm">
        {SHOW.map((s) => (
          <Link key={s} href={`${base}?show=${s}`} aria-current={s === show ? "page" : undefined} className={buttonClass(s === show ? "primary" : "secondary", "xs", "text-sm")}>
            {s}
          </Link>
        ))}
      </nav>
      <section aria-label="Review items">
        {view.items.length === 0 ? (
          <p className="text-sm text-slate-700">{show === "undecided" ? "Nothing left to decide." : "No item here."}</p>
        ) : (
          <ul className="space-y-3">
            {view.items.map((item) => (
              <ReviewItemCard key={item.id} item={item} reviewId={review.id} reviewOpen={open} canDecide={can(user, "reviews.decide", { requesterId: item.mapping.requester.id })} currentUserId={user.id} />
            ))}
          </ul>
        )}
        <Pager previous={view.page > 1 ? pageHref(base, { show }, view.page - 1) : null} next={view.page < pages ? pageHref(base, { show }, view.page + 1) : null}>
          Page {view.page} of {pages} · {view.total} item{view.total === 1 ? "" : "s"}
        </Pager>
      </section>
    </div>
  );
}
