/**
 * `npm run trustmap -- plan | apply | drift [--json] [--yes]` — the reconciler for cron and CI.
 *
 * Exit codes, like `terraform plan -detailed-exitcode`: 0 in sync (apply: everything applied),
 * 2 changes pending (plan) or drift found (drift), 1 error (including a plan that left out an AWS
 * account or GitLab target that could not be read, a partially failed apply, or another apply
 * holding the lock).
 * `apply` runs only with `--yes` and acts as the system actor "cli" in the audit log.
 * GitLab: GITLAB_URL, GITLAB_TOKEN. AWS: the SDK's default chain, AWS_ENDPOINT_URL(_IAM).
 */
import { driftVerdict, type DriftReport } from "../../lib/reconcile/drift";
import { leftOut } from "../../lib/reconcile/runs";
import { applyReconcile, checkDrift, planReconcile } from "../../lib/reconcile/service";
import type { Operation, Plan } from "../../lib/reconcile/types";
import { output, type CliOptions } from "./options";

export const RECONCILE_COMMANDS = ["plan", "apply", "drift"] as const;
export type ReconcileCommand = (typeof RECONCILE_COMMANDS)[number];

const CLI_ACTOR = { id: null, label: "cli" } as const;

function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "oidc-provider.create":
      return `create OIDC provider ${op.url} (client ids ${op.clientIds.join(", ")}) in ${op.accountId}`;
    case "oidc-provider.add-client-id":
      return `add client id ${op.clientId} to ${op.providerArn}`;
    case "trust-policy.update":
      return [`update trust policy of ${op.roleArn}`, ...op.diff.flatMap((d) => d.changes.map((c) => `    ${d.sid}.${c.path}: ${JSON.stringify(c.before ?? null)} -> ${JSON.stringify(c.after ?? null)}`))].join("\n");
    case "variable.delete":
      return `delete ${op.variable.key} (scope ${op.variable.environmentScope}) of ${op.target.kind} ${String(op.target.path)}`;
    default:
      return `${op.kind === "variable.create" ? "create" : "update"} ${op.variable.key}=${op.variable.value} (scope ${op.variable.environmentScope}${op.variable.protected ? ", protected" : ""}) of ${op.target.kind} ${String(op.target.path)}`;
  }
}

function printPlan(plan: Plan): void {
  for (const op of plan.operations) console.log(`  + ${describeOperation(op)}`);
  for (const p of plan.problems) console.log(`  ! [${p.severity}] ${p.message}`);
  for (const s of plan.foreignStatements.filter((f) => f.widensAccess)) console.log(`  ~ foreign statement ${s.sid ?? `#${s.index}`} of ${s.roleArn} widens access (kept as is)`);
  if (plan.foreignVariables.length > 0) console.log(`  ~ ${plan.foreignVariables.length} variable(s) not managed by trustmap (kept as is)`);
  const missing = leftOut(plan).length;
  console.log(`${plan.operations.length} operation(s), ${plan.problems.length} problem(s)${missing > 0 ? ` — INCOMPLETE: ${missing} part(s) left out` : ""}; plan ${plan.hash.slice(0, 12)}`);
}

function printDrift(report: DriftReport): void {
  for (const item of report.items) console.log(`  ${item.kind === "pending-change" ? "+" : "!"} [${item.kind}] ${item.message}`);
  for (const message of report.unchecked) console.log(`  ! [not checked] ${message}`);
  console.log(driftVerdict(report));
}

/** Run one reconcile command against the prepared database; returns the exit code. */
export async function runReconcileCommand(command: ReconcileCommand, { json, yes }: CliOptions): Promise<number> {
  if (command === "plan") {
    const { runId, plan } = await planReconcile(CLI_ACTOR, "cli");
    output(json, { runId, plan }, () => printPlan(plan));
    // A plan that could not read an account or target cannot say "in sync" (0) about it.
    // A plan that could not read or plan everything cannot say "in sync" (0) about it.
    return leftOut(plan).length > 0 ? 1 : plan.operations.length > 0 ? 2 : 0;
  }
  if (command === "drift") {
    const { runId, report, plan } = await checkDrift(CLI_ACTOR, "cli");
    output(json, { runId, report, plan }, () => printDrift(report));
    return report.unchecked.length > 0 ? 1 : report.inSync ? 0 : 2;
  }
  if (!yes) {
    const { plan } = await planReconcile(CLI_ACTOR, "cli");
    output(json, { plan, applied: false, reason: "pass --yes to apply" }, () => {
      printPlan(plan);
      console.error("trustmap apply: nothing applied; review the plan and re-run with --yes");
    });
    return 1;
  }
  const outcome = await applyReconcile(CLI_ACTOR, { trigger: "cli" });
  output(json, { runId: outcome.runId, status: outcome.status, result: outcome.result, plan: outcome.plan }, () => {
    printPlan(outcome.plan);
    console.log(`apply ${outcome.status}: ${outcome.result.done} done, ${outcome.result.failed} failed, ${outcome.result.skipped} skipped (run ${outcome.runId})`);
  });
  return outcome.status === "succeeded" ? 0 : 1;
}
