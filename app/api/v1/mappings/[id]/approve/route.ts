import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { authorizeOrThrow } from "@/lib/auth/guard";
import { approveRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";
import { ZApproveInput, ZDecisionOutput } from "@/lib/schemas/requests";
import { badInput } from "@/lib/errors";

/** POST /api/v1/mappings/{id}/approve {comment?}: one approval (the same rules as the Approvals page). */
export const POST = withPermission("approvals.decide", ZDecisionOutput, async ({ req, user, params }) => {
  // The body is optional (a comment); when one is sent it must be valid JSON, like every route's.
  const sent = (req.headers.get("content-length") ?? "0") !== "0" || req.headers.has("transfer-encoding");
  const body = sent ? await readJsonBody(req, ZApproveInput.omit({ mappingId: true })) : {};
  const parsed = ZApproveInput.safeParse({ ...body, mappingId: params.id });
  if (!parsed.success) throw badInput("Not a mapping id.");
  await authorizeOrThrow(user, "approvals.decide", `${req.method} ${req.nextUrl.pathname}`, await mappingOwnership(parsed.data.mappingId));
  return approveRequest(user, parsed.data);
});
