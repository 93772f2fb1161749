import { z } from "zod";
import { withPermission } from "@/lib/auth/with-permission";
import { getDb } from "@/lib/db/client";
import { findRunningApply, getRunView } from "@/lib/db/reconcile-runs";
import { ZRunView } from "@/lib/schemas/reconcile";

/** GET /api/v1/reconcile/runs/current — the apply running now (any instance), with per-operation progress, or null. */
export const GET = withPermission({ action: "reconcile.view", output: z.object({ run: ZRunView.nullable() }) }, async () => {
  const db = getDb();
  const holder = await findRunningApply(db);
  return { run: holder ? await getRunView(db, holder.runId) : null };
});
