import { withPermission, readJsonBody } from "@/lib/auth/with-permission";
import { ZSimulateInput, ZSimulateOutput } from "@/lib/schemas/simulate";
import { simulate } from "@/lib/simulate/service";

/**
 * POST /api/v1/simulate — { claims | token, policy? | roleArn? } → { decision, statements }.
 * Inline policy, the stored actual policy of roleArn, or every managed role.
 */
export const POST = withPermission("simulate.run", ZSimulateOutput, async ({ req }) => simulate(await readJsonBody(req, ZSimulateInput)));
