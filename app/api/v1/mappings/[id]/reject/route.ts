import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { authorizeOrThrow } from "@/lib/auth/guard";
import { rejectRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";
import { ZDecisionOutput, ZRejectInput } from "@/lib/schemas/requests";
import { badInput } from "@/lib/errors";

/** POST /api/v1/mappings/{id}/reject {reason}: reject a pending request (a reason is required). */
export const POST = withPermission("approvals.decide", ZDecisionOutput, async ({ req, user, params }) => {
  const body = await readJsonBody(req, ZRejectInput.omit({ mappingId: true }));
  const parsed = ZRejectInput.safeParse({ ...body, mappingId: params.id });
  if (!parsed.success) throw badInput("Not a mapping id.");
  const input = parsed.data;
  await authorizeOrThrow(user, "approvals.decide", `${req.method} ${req.nextUrl.pathname}`, await mappingOwnership(input.mappingId));
  return rejectRequest(user, input);
});
