/** The access views as CSV (the export's headers are part of the contract). Pure. */
import { toCsv } from "@/lib/csv";
import type { TWhatCanAssumeQuery } from "@/lib/schemas/access";
import type { WhatCanAssumeView } from "./what-can-assume";
import type { WhoCanAssumeView } from "./who-can-assume";

export function whoCanAssumeCsv(view: WhoCanAssumeView): string {
  return toCsv(
    ["role_arn", "source", "managed_by_trustmap", "sid", "effect", "principal", "audiences", "sub_pattern", "projects", "refs", "mapping_ids", "requesters", "approvers", "difference", "notes"],
    view.rows.map((r) => [
      view.role.arn,
      r.source,
      r.managed ? "yes" : "no (not managed by trustmap)",
      r.sid,
      r.effect,
      r.principal,
      r.audiences.join(" "),
      r.pattern ?? "(any)",
      r.projects,
      r.refs,
      r.mappings.map((m) => m.id).join(" "),
      [...new Set(r.mappings.map((m) => m.requester))].join(" "),
      [...new Set(r.mappings.flatMap((m) => m.approvers))].join(" "),
      r.difference ?? (view.role.actualRead ? "" : "not read from IAM yet"),
      r.notes.join("; "),
    ]),
  );
}

/**
 * One line per role and audience that allows the job (source "actual": judged on the policy read
 * from IAM), then one per role not judged (decision NotEvaluated, source why: not-read,
 * absent-from-iam or unevaluable) with the approved mappings that would admit the job.
 */
export function whatCanAssumeCsv(view: WhatCanAssumeView, q: TWhatCanAssumeQuery): string {
  const job = [q.project, q.refType, q.ref, view.sub];
  return toCsv(
    ["project", "ref_type", "ref", "sub", "role_arn", "role_name", "account_id", "source", "audience", "decision", "deciding_statements", "matched_sub_values", "mapping_ids"],
    [
      ...view.rows.map((r) => [
        ...job,
        r.roleArn,
        r.roleName,
        r.accountId,
        r.source,
        r.audience,
        r.decision,
        r.statements.map((s) => s.sid ?? "(no sid)").join(" "),
        r.statements.flatMap((s) => s.conditions.filter((c) => c.key.endsWith(":sub")).map((c) => c.decidingValue ?? "")).join(" "),
        r.mappings.map((m) => m.id).join(" "),
      ]),
      ...view.notJudged.map((r) => [
        ...job,
        r.roleArn,
        r.roleName,
        r.accountId,
        r.why,
        [...new Set(r.desired.map((m) => m.audience))].join(" "),
        "NotEvaluated",
        "",
        "",
        r.desired.map((m) => m.id).join(" "),
      ]),
    ],
  );
}
