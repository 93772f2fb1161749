import { withPermission, readJsonBody } from "@/lib/auth/with-permission";
import { ZSimulateInput, ZSimulateOutput } from "@/lib/schemas/simulate";
import { simulate } from "@/lib/simulate/service";

/**
 * POST /api/v1/simulate — { claims | token, policy? | roleArn? } → { decision, statements }.
 * Inline policy, the stored actual policy of roleArn, or every managed role.
 */
export const POST = withPermission(
  { action: "simulate.run", output: ZSimulateOutput, input: ({ req }) => readJsonBody(req, ZSimulateInput) },
  async ({ input }) => simulate(input),
);
