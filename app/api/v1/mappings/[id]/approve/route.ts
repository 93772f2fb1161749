import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { approveRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";
import { ZApproveInput, ZDecisionOutput } from "@/lib/schemas/requests";
import { badInput } from "@/lib/errors";

/** POST /api/v1/mappings/{id}/approve {comment?}: one approval (the same rules as the Approvals page). */
export const POST = withPermission(
  {
    action: "approvals.decide",
    output: ZDecisionOutput,
    input: async ({ req, params }) => {
      // The body is optional (a comment); when one is sent it must be valid JSON, like every route's.
      const sent = (req.headers.get("content-length") ?? "0") !== "0" || req.headers.has("transfer-encoding");
      const body = sent ? await readJsonBody(req, ZApproveInput.omit({ mappingId: true })) : {};
      const parsed = ZApproveInput.safeParse({ ...body, mappingId: params.id });
      if (!parsed.success) throw badInput("Not a mapping id.");
      return parsed.data;
    },
    // Nobody approves their own request: the rule table decides with the mapping's requester.
    resource: (input) => mappingOwnership(input.mappingId),
  },
  async ({ user, input }) => approveRequest(user, input),
);
