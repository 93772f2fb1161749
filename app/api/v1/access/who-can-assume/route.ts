import { NextResponse } from "next/server";
import { z } from "zod";
import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { ZWhoCanAssumeQuery } from "@/lib/schemas/access";
import { whoCanAssumeCsv } from "@/lib/access/csv";
import { whoCanAssumeRole } from "@/lib/access/service";

const ZWhoOutput = z.object({
  role: z.object({ id: z.string(), name: z.string(), arn: z.string(), production: z.boolean(), accountId: z.string(), actualRead: z.boolean(), actualFetchedAt: z.string().nullable() }),
  rows: z.array(z.object({ source: z.string(), managed: z.boolean(), pattern: z.string().nullable(), difference: z.string().nullable() }).loose()),
  total: z.number(),
  error: z.string().nullable(),
});

/** GET /api/v1/access/who-can-assume?roleId=…&format=json|csv: the grants of a role (actual, with desired differences). */
export const GET = withPermission(
  {
    action: "access.export",
    output: ZWhoOutput,
    input: ({ req }) => readQuery(req, ZWhoCanAssumeQuery),
  },
  async ({ input: query }) => {
    const view = await whoCanAssumeRole(query);
    if (query.format === "csv") {
      return new NextResponse(whoCanAssumeCsv(view), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="who-can-assume-${view.role.name}.csv"` },
      });
    }
    return view;
  },
);
