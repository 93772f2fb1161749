import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { planReconcile } from "@/lib/reconcile/service";
import { ZPlanInput, ZPlanOutput } from "@/lib/schemas/reconcile";

/**
 * POST /api/v1/reconcile/plan — read IAM and GitLab and return the plan (recorded as a plan run,
 * trigger "api"): `{ runId, planHash, operations, unread, problems, summary }`, the plan the page
 * shows. A plan never refuses as a whole: `unread` names what could not be read. Apply exactly
 * this plan with POST /api/v1/reconcile/apply { planHash } (409 if it changed since). The body is
 * empty or `{}`.
 */
export const POST = withPermission({ action: "reconcile.plan", output: ZPlanOutput }, async ({ req, user }) => {
  // No body is as good as `{}` (a bare `curl -X POST`); anything else must be `{}`.
  if ((await req.clone().text()).trim() !== "") await readJsonBody(req, ZPlanInput);
  const { runId, plan } = await planReconcile({ id: user.id, label: user.username }, "api");
  return { runId, planHash: plan.hash, operations: plan.operations, unread: plan.unread, problems: plan.problems, summary: plan.summary };
});
