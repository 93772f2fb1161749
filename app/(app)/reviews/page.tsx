import type { Metadata } from "next";
import { PageHeader, SectionHeading } from "@/components/ui/page-header";
import { OpenReviewForm } from "@/components/reviews/open-review-form";
import { ReviewsTable } from "@/components/reviews/reviews-table";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { listReviews, reviewScopeChoices } from "@/lib/reviews/service";

export const metadata: Metadata = { title: "Access reviews" };

export default async function ReviewsPage() {
  const user = await requirePage("reviews.view", "/reviews");
  const opener = can(user, "reviews.open");
  const [reviews, choices] = await Promise.all([listReviews(), opener ? reviewScopeChoices() : null]);
  return (
    <div className="space-y-8">
      <PageHeader title="Access reviews">
        <p>Periodic recertification: every active mapping in scope is kept or revoked by an approver, with a reason, on the evidence of its use and its GitLab facts. Nobody certifies a mapping they requested. A closed review&apos;s report is the evidence.</p>
      </PageHeader>
      {choices ? (
        <section aria-labelledby="open-review-h">
          <SectionHeading id="open-review-h">Open a review</SectionHeading>
          <OpenReviewForm choices={choices} defaultDue={choices.defaultDue} />
        </section>
      ) : null}
      <section aria-labelledby="reviews-h">
        <SectionHeading id="reviews-h">Reviews</SectionHeading>
        <ReviewsTable reviews={reviews} />
      </section>
    </div>
  );
}
