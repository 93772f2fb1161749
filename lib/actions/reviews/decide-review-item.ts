"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZDecideItemInput } from "@/lib/schemas/reviews";
import { decideReviewItem, reviewItemOwnership } from "@/lib/reviews/service";

export const decideReviewItemAction = defineAction({
  permission: "reviews.decide",
  input: ZDecideItemInput,
  // Nobody certifies a mapping they requested: the rule table decides with the item's requester.
  resource: (input) => reviewItemOwnership(input.reviewId, input.itemId),
  handler: async (input, user) => {
    const outcome = await decideReviewItem(user, input);
    revalidatePath(`/reviews/${input.reviewId}`);
    revalidatePath("/reviews");
    if (outcome.mappingRevoked) {
      revalidatePath("/mappings");
      revalidatePath(`/mappings/${outcome.item.mappingId}`);
    }
    return { decision: outcome.item.decision, mappingRevoked: outcome.mappingRevoked, reviewStatus: outcome.review.status };
  },
});
