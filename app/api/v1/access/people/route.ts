import { NextResponse } from "next/server";
import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { rolePeopleCsv, userReachCsv } from "@/lib/access/people";
import { peopleWhoCanAssume, rolesUserCanReach } from "@/lib/access/service";
import { ZPeopleQuery, ZRolePeople, ZUserReach } from "@/lib/schemas/gitlab-facts";

/** A file name part from a name: letters, digits, dot, dash and underscore only. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
}

function csv(body: string, name: string): NextResponse {
  return new NextResponse(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName(name)}.csv"` } });
}

/**
 * GET /api/v1/access/people?roleId=… → who can assume the role (the policy read from IAM, else the
 * approved mappings: `basedOn`), expanded to GitLab people with how they get there;
 * GET /api/v1/access/people?username=… → every role that GitLab user can assume, and how.
 * `&format=csv` for a CSV file. The JSON is issue #12's contract, exactly (the notes the Access
 * page shows beside the lists are not part of it).
 */
export const GET = withPermission(
  { action: "access.export", output: ZRolePeople.or(ZUserReach), input: ({ req }) => readQuery(req, ZPeopleQuery) },
  async ({ input: query }) => {
    if (query.roleId !== undefined) {
      const { role, basedOn, people } = await peopleWhoCanAssume(query.roleId);
      const view = { role, basedOn, people };
      return query.format === "csv" ? csv(rolePeopleCsv(view), `people-who-can-assume-${role.name}`) : view;
    }
    const { username, roles } = await rolesUserCanReach(query.username as string);
    const reach = { username, roles };
    return query.format === "csv" ? csv(userReachCsv(reach), `roles-${username}-can-assume`) : reach;
  },
);
