import { z } from "zod";
import { withPermission } from "@/lib/auth/with-permission";
import { getCurrentApplyView } from "@/lib/reconcile/service";
import { ZRunView } from "@/lib/schemas/reconcile";

/** GET /api/v1/reconcile/runs/current — the apply running now (any instance), with per-operation progress, or null. */
export const GET = withPermission({ action: "reconcile.view", output: z.object({ run: ZRunView.nullable() }) }, async () => {
  return { run: await getCurrentApplyView() };
});
