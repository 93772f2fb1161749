"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZCloseReviewInput } from "@/lib/schemas/reviews";
import { closeReview } from "@/lib/reviews/service";

export const closeReviewAction = defineAction({
  permission: "reviews.open",
  input: ZCloseReviewInput,
  handler: async (input, user) => {
    const review = await closeReview(user, input);
    revalidatePath(`/reviews/${input.reviewId}`);
    revalidatePath("/reviews");
    return { status: review.status, undecided: review.progress.undecided };
  },
});
