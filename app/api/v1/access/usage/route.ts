import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { ZRoleUsageOutput, ZRoleUsageQuery } from "@/lib/schemas/usage";
import { roleUsage } from "@/lib/usage/service";

/** GET /api/v1/access/usage?roleId=…: who actually assumed the role (CloudTrail), per grant; unmanaged callers; denied attempts. */
export const GET = withPermission(
  { action: "access.export", output: ZRoleUsageOutput, input: ({ req }) => readQuery(req, ZRoleUsageQuery) },
  async ({ input }) => roleUsage(input.roleId),
);
