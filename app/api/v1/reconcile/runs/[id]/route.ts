import { withPermission } from "@/lib/auth/with-permission";
import { getRunView } from "@/lib/reconcile/service";
import { AppError } from "@/lib/errors";
import { ZRunId, ZRunView } from "@/lib/schemas/reconcile";

/** GET /api/v1/reconcile/runs/:id — a plan/apply/drift run with each operation's status (poll while `running`). */
export const GET = withPermission({ action: "reconcile.view", output: ZRunView }, async ({ params }) => {
  const id = ZRunId.safeParse(params.id);
  if (!id.success) throw new AppError("BAD_INPUT", "Not a run id.");
  const run = await getRunView(id.data);
  if (!run) throw new AppError("NOT_FOUND", "No such reconcile run.");
  return run;
});
