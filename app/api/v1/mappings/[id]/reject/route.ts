import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { rejectRequest } from "@/lib/approvals/service";
import { mappingOwnership } from "@/lib/mappings/service";
import { ZDecisionOutput, ZRejectInput } from "@/lib/schemas/requests";
import { badInput } from "@/lib/errors";

/** POST /api/v1/mappings/{id}/reject {reason}: reject a pending request (a reason is required). */
export const POST = withPermission(
  {
    action: "approvals.decide",
    output: ZDecisionOutput,
    input: async ({ req, params }) => {
      const body = await readJsonBody(req, ZRejectInput.omit({ mappingId: true }));
      const parsed = ZRejectInput.safeParse({ ...body, mappingId: params.id });
      if (!parsed.success) throw badInput("Not a mapping id.");
      return parsed.data;
    },
    // Nobody rejects their own request: the rule table decides with the mapping's requester.
    resource: (input) => mappingOwnership(input.mappingId),
  },
  async ({ user, input }) => rejectRequest(user, input),
);
