import { withPermission } from "@/lib/auth/with-permission";
import { badInput } from "@/lib/errors";
import { ZRoleUsageOutput, ZRoleUsageQuery } from "@/lib/schemas/usage";
import { roleUsage } from "@/lib/usage/service";

/** GET /api/v1/access/usage?roleId=…: who actually assumed the role (CloudTrail), per grant; unmanaged callers; denied attempts. */
export const GET = withPermission({ action: "access.export", output: ZRoleUsageOutput }, async ({ req }) => {
  const parsed = ZRoleUsageQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success) throw badInput("Give roleId, the id of a registered role.");
  return roleUsage(parsed.data.roleId);
});
