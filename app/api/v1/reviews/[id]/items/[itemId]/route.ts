import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { badInput } from "@/lib/errors";
import { ZDecideItemBody, ZDecideItemInput, ZDecideItemOutput } from "@/lib/schemas/reviews";
import { decideReviewItem, reviewItemOwnership } from "@/lib/reviews/service";

/** POST /api/v1/reviews/:id/items/:itemId { decision: "keep" | "revoke", reason }: certify or revoke one mapping. */
export const POST = withPermission(
  {
    action: "reviews.decide",
    output: ZDecideItemOutput,
    input: async ({ req, params }) => {
      const body = await readJsonBody(req, ZDecideItemBody);
      const parsed = ZDecideItemInput.safeParse({ ...body, reviewId: params.id, itemId: params.itemId });
      if (!parsed.success) throw badInput("Not a review or item id.");
      return parsed.data;
    },
    // Nobody certifies a mapping they requested: the rule table decides with the item's requester.
    resource: (input) => reviewItemOwnership(input.reviewId, input.itemId),
  },
  async ({ user, input }) => decideReviewItem(user, input),
);
