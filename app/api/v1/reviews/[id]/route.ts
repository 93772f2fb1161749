import { withPermission } from "@/lib/auth/with-permission";
import { badInput } from "@/lib/errors";
import { ZReviewDetailOutput, ZReviewIdParams } from "@/lib/schemas/reviews";
import { getReviewDetail } from "@/lib/reviews/service";

/** GET /api/v1/reviews/:id: the review, its progress and every item with its decision and evidence. */
export const GET = withPermission(
  {
    action: "reviews.view",
    output: ZReviewDetailOutput,
    input: ({ params }) => {
      const parsed = ZReviewIdParams.safeParse(params);
      if (!parsed.success) throw badInput("Not a review id.");
      return parsed.data;
    },
  },
  async ({ input }) => getReviewDetail(input.id),
);
