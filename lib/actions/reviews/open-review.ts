"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { ZOpenReviewInput } from "@/lib/schemas/reviews";
import { openReview } from "@/lib/reviews/service";

export const openReviewAction = defineAction({
  permission: "reviews.open",
  input: ZOpenReviewInput,
  handler: async (input, user) => {
    const { id, items } = await openReview(user, input);
    revalidatePath("/reviews");
    return { id, items };
  },
});
