/**
 * The sandbox's "someone edited this trust policy in the AWS console" button: the classic mistake
 * (DESIGN.md) of letting every project on the GitLab instance in. Pure: a document in, the edited
 * document out. When trustmap manages a statement in the role, that statement gains the pattern
 * (drift: "managed statement changed outside trustmap", which apply reverts); otherwise a statement
 * written by hand is added (drift: "a statement trustmap does not manage widens access").
 */
import { isOwnedSid, issuerHostFromUrl } from "@/lib/policy";
import { AppError } from "@/lib/errors";

/** Any project on the instance, any ref. */
export const OUT_OF_BAND_PATTERN = "project_path:*";
export const OUT_OF_BAND_SID = "ConsoleEdit";

export interface OutOfBandEdit {
  document: string;
  /** Which statement changed, in words for the page and the audit log. */
  what: "managed-statement-widened" | "statement-added";
}

type Statement = { Sid?: unknown; Condition?: Record<string, Record<string, unknown>> };

export function widenTrustPolicy(document: string, account: { issuerUrl: string; providerArn: string; audience: string }): OutOfBandEdit {
  const policy = JSON.parse(document) as { Statement?: Statement | Statement[] };
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  const subKey = `${issuerHostFromUrl(account.issuerUrl)}:sub`;
  const managed = statements.filter((s) => typeof s.Sid === "string" && isOwnedSid(s.Sid));
  if (managed.length > 0) {
    let changed = false;
    for (const s of managed) {
      const like = (s.Condition ??= {}).StringLike ?? {};
      const current = like[subKey];
      const patterns = Array.isArray(current) ? current.map(String) : current === undefined ? [] : [String(current)];
      if (patterns.includes(OUT_OF_BAND_PATTERN)) continue;
      s.Condition.StringLike = { ...like, [subKey]: [...patterns, OUT_OF_BAND_PATTERN] };
      changed = true;
    }
    if (changed) return { document: JSON.stringify({ ...policy, Statement: statements }), what: "managed-statement-widened" };
  }
  if (statements.some((s) => s.Sid === OUT_OF_BAND_SID)) {
    throw new AppError("CONFLICT", "This role's trust policy was already edited this way; check drift on the Reconcile page.");
  }
  const added = {
    Sid: OUT_OF_BAND_SID,
    Effect: "Allow",
    Principal: { Federated: account.providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${issuerHostFromUrl(account.issuerUrl)}:aud`]: account.audience }, StringLike: { [subKey]: OUT_OF_BAND_PATTERN } },
  };
  return { document: JSON.stringify({ ...policy, Statement: [...statements, added] }), what: "statement-added" };
}
