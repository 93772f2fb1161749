import { NextResponse } from "next/server";
import { withPermission } from "@/lib/auth/with-permission";
import { rolePeopleCsv, userReachCsv } from "@/lib/access/people";
import { peopleWhoCanAssume, rolesUserCanReach } from "@/lib/access/service";
import { badInput } from "@/lib/errors";
import { ZPeopleQuery, ZRolePeople, ZUserReach } from "@/lib/schemas/gitlab-facts";

/** A file name part from a name: letters, digits, dot, dash and underscore only. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
}

/**
 * GET /api/v1/access/people?roleId=… → who can assume the role (the policy read from IAM, else the
 * approved mappings: `basedOn`), expanded to GitLab people with how they get there;
 * GET /api/v1/access/people?username=… → every role that GitLab user can assume, and how.
 * `&format=csv` for a CSV file. The JSON is issue #12's contract, exactly.
 */
export const GET = withPermission(
  {
    action: "access.export",
    output: ZRolePeople.or(ZUserReach),
    input: ({ req }) => {
      const parsed = ZPeopleQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
      if (!parsed.success) throw badInput("Give either roleId (the id of a registered role) or username (a GitLab username).");
      return parsed.data;
    },
  },
  async ({ input: query }) => {
    if (query.roleId !== undefined) {
      const { notes: _notes, ...view } = await peopleWhoCanAssume(query.roleId);
      void _notes;
      if (query.format === "csv") {
        return new NextResponse(rolePeopleCsv(view), {
          headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="people-who-can-assume-${fileName(view.role.name)}.csv"` },
        });
      }
      return view;
    }
    const { notes: _notes, ...reach } = await rolesUserCanReach(query.username as string);
    void _notes;
    if (query.format === "csv") {
      return new NextResponse(userReachCsv(reach), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="roles-${fileName(reach.username)}-can-assume.csv"` },
      });
    }
    return reach;
  },
);
