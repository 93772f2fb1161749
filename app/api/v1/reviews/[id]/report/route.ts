import { NextResponse } from "next/server";
import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { badInput } from "@/lib/errors";
import { ZReviewDetailOutput, ZReviewIdParams, ZReviewReportQuery } from "@/lib/schemas/reviews";
import { reviewReport } from "@/lib/reviews/service";

/** GET /api/v1/reviews/:id/report?format=csv|json: the report as evidence (interim while the review is open). */
export const GET = withPermission(
  {
    action: "reviews.view",
    output: ZReviewDetailOutput,
    input: ({ req, params }) => {
      const id = ZReviewIdParams.safeParse(params);
      if (!id.success) throw badInput("Not a review id.");
      return { id: id.data.id, format: readQuery(req, ZReviewReportQuery).format };
    },
  },
  async ({ input }) => {
    const report = await reviewReport(input.id);
    if (input.format === "csv") {
      return new NextResponse(report.csv, {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${report.fileName}"`, "cache-control": "no-store" },
      });
    }
    return report.view;
  },
);
