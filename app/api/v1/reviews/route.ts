import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { ZOpenReviewInput, ZOpenReviewOutput } from "@/lib/schemas/reviews";
import { openReview } from "@/lib/reviews/service";

/** POST /api/v1/reviews { dueAt, title?, roleIds?, accountIds? }: open an access review (auditor, admin). */
export const POST = withPermission(
  { action: "reviews.open", output: ZOpenReviewOutput, input: ({ req }) => readJsonBody(req, ZOpenReviewInput) },
  async ({ user, input }) => {
    const { id, items, dueAt } = await openReview(user, input);
    return { id, items, dueAt };
  },
);
