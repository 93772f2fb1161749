import { NextResponse } from "next/server";
import { z } from "zod";
import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { ZWhatCanAssumeQuery } from "@/lib/schemas/access";
import { whatCanAssumeCsv } from "@/lib/access/csv";
import { whatCanProjectAssume } from "@/lib/access/service";

const ZWhatOutput = z.object({
  sub: z.string(),
  decision: z.enum(["Allow", "ImplicitDeny", "ExplicitDeny", "NotEvaluated"]),
  rows: z.array(z.object({ roleArn: z.string(), audience: z.string(), decision: z.string(), source: z.literal("actual") }).loose()),
  rolesChecked: z.number(),
  rolesEvaluated: z.number(),
  rolesNotRead: z.number(),
  notJudged: z.array(z.object({ roleArn: z.string(), why: z.enum(["not-read", "absent-from-iam", "unevaluable"]), reason: z.string(), desired: z.array(z.object({ id: z.string(), audience: z.string() }).loose()) }).loose()),
});

/** GET /api/v1/access/what-can-assume?project=…&refType=branch|tag&ref=…&format=json|csv: every role the job can assume, and why. */
export const GET = withPermission(
  {
    action: "access.export",
    output: ZWhatOutput,
    input: ({ req }) => readQuery(req, ZWhatCanAssumeQuery),
  },
  async ({ input: query }) => {
    const view = await whatCanProjectAssume(query);
    if (query.format === "csv") {
      const name = query.project.replace(/[^A-Za-z0-9._-]+/g, "_");
      return new NextResponse(whatCanAssumeCsv(view, query), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="what-can-assume-${name}.csv"` },
      });
    }
    return view;
  },
);
