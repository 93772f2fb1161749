/**
 * Drift: what differs between the actual state and what trustmap last wrote, told apart from
 * approved changes that simply have not been applied yet. Pure: the plan, the actual state and
 * the last applied writes in, a list of findings out.
 */
import canonicalize from "canonicalize";
import { isOwnedSid, parsePolicyDocument } from "@/lib/policy";
import type { VariableTarget } from "@/lib/gitlab/port";
import type { ActualState, Plan } from "./types";

export type DriftKind =
  | "managed-statement-edited"
  | "role-deleted"
  | "variable-edited"
  | "variable-deleted"
  | "target-deleted"
  | "foreign-statement-widens"
  | "pending-change";

export interface DriftItem {
  kind: DriftKind;
  message: string;
  roleArn?: string;
  target?: VariableTarget;
  /** The plan operation that reverts it (apply), when there is one. */
  operationKey?: string;
  /** For foreign statements: adopt it as a mapping request by role and statement index. */
  statementIndex?: number;
}

export interface DriftReport {
  items: DriftItem[];
  /** Something changed out of band (not just approved changes waiting for apply). */
  drifted: boolean;
  /**
   * What could not be read (an AWS account, a GitLab target), one message each. The check says
   * nothing about those parts, so a report with any is never "in sync".
   */
  unchecked: string[];
  inSync: boolean;
}

/** Messages of the parts a plan could not read (see `DriftReport.unchecked`). */
export function unreadParts(plan: Pick<Plan, "unread">): string[] {
  return plan.unread.map((part) => part.message);
}

export interface LastAppliedWrites {
  trustPolicies: Record<string, string>;
  variables: Record<string, { value: string; protected: boolean } | null>;
}

function managedStatements(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  const parsed = parsePolicyDocument(document);
  if (!parsed.ok) return "unreadable";
  return canonicalize(parsed.policy.statements.filter((s) => isOwnedSid(s.sid)).map((s) => s.raw));
}

/** Documents by role ARN, per account: the first role with the ARN wins, as a linear find would. */
function documentsByArn(actual: ActualState): (accountId: string, roleArn: string) => string | undefined {
  const byAccount = new Map<string, Map<string, string>>();
  return (accountId, roleArn) => {
    let byArn = byAccount.get(accountId);
    if (byArn === undefined) {
      byArn = new Map();
      for (const role of Object.values(actual.accounts[accountId]?.roles ?? {})) if (!byArn.has(role.arn)) byArn.set(role.arn, role.document);
      byAccount.set(accountId, byArn);
    }
    return byArn.get(roleArn);
  };
}

export function detectDrift(plan: Plan, actual: ActualState, last: LastAppliedWrites): DriftReport {
  const items: DriftItem[] = [];
  const actualDocument = documentsByArn(actual);
  for (const op of plan.operations) {
    if (op.kind === "trust-policy.update") {
      const written = last.trustPolicies[op.roleArn];
      const edited = written !== undefined && managedStatements(written) !== managedStatements(actualDocument(op.accountId, op.roleArn));
      items.push(
        edited
          ? { kind: "managed-statement-edited", roleArn: op.roleArn, operationKey: op.key, message: `The managed statement of ${op.roleName} was changed outside trustmap` }
          : { kind: "pending-change", roleArn: op.roleArn, operationKey: op.key, message: `Approved changes to ${op.roleName}'s trust policy are not applied yet` },
      );
    } else if (op.kind === "variable.create" || op.kind === "variable.update") {
      const written = last.variables[op.key];
      const where = `${op.variable.key} (scope ${op.variable.environmentScope}) of ${op.target.kind} ${String(op.target.path)}`;
      if (written && op.kind === "variable.create") items.push({ kind: "variable-deleted", target: op.target, operationKey: op.key, message: `${where} was deleted outside trustmap` });
      else if (written && op.kind === "variable.update" && (op.before?.value !== written.value || op.before.protected !== written.protected)) {
        items.push({ kind: "variable-edited", target: op.target, operationKey: op.key, message: `${where} was changed outside trustmap` });
      } else items.push({ kind: "pending-change", target: op.target, operationKey: op.key, message: `${where}: approved change not applied yet` });
    } else {
      items.push({ kind: "pending-change", operationKey: op.key, message: `${op.kind} ${op.key} not applied yet` });
    }
  }
  for (const problem of plan.problems) {
    if (problem.code === "role-missing") items.push({ kind: "role-deleted", roleArn: problem.roleArn, message: problem.message });
    if (problem.code === "target-missing") items.push({ kind: "target-deleted", target: problem.target, message: problem.message });
  }
  for (const statement of plan.foreignStatements) {
    if (!statement.widensAccess) continue;
    const why = statement.findings.filter((f) => f.severity === "critical" || f.severity === "high").map((f) => f.message);
    items.push({ kind: "foreign-statement-widens", roleArn: statement.roleArn, statementIndex: statement.index, message: `Statement ${statement.sid ?? `#${statement.index}`} of ${statement.roleArn}, not managed by trustmap: ${why.join("; ")}` });
  }
  const drifted = items.some((i) => i.kind !== "pending-change");
  const unchecked = unreadParts(plan);
  return { items, drifted, unchecked, inSync: items.length === 0 && unchecked.length === 0 };
}

/** One line for logs and the CLI. */
export function driftVerdict(report: DriftReport): string {
  const found = report.inSync ? "in sync" : report.drifted ? "drift found" : report.items.length > 0 ? "approved changes waiting for apply" : "nothing found";
  return report.unchecked.length > 0 ? `${found} in what could be read; ${report.unchecked.length} part(s) NOT checked` : found;
}

const DRIFT_WORDS: Record<Exclude<DriftKind, "pending-change">, string> = {
  "managed-statement-edited": "managed statement edited",
  "role-deleted": "role deleted",
  "variable-edited": "variable edited",
  "variable-deleted": "variable deleted",
  "target-deleted": "GitLab target gone",
  "foreign-statement-widens": "unmanaged statement widens access",
};

/** The findings a "drift found" notification lists: what changed out of band, never approved changes waiting for apply. */
export function driftFindings(items: readonly Pick<DriftItem, "kind" | "message">[]): string[] {
  return items.filter((i) => i.kind !== "pending-change").map((i) => i.message);
}

/** "2 × managed statement edited, 1 × role deleted" (and what could not be checked). */
export function driftSummary(report: DriftReport): string {
  const counts = new Map<string, number>();
  for (const item of report.items) if (item.kind !== "pending-change") counts.set(DRIFT_WORDS[item.kind], (counts.get(DRIFT_WORDS[item.kind]) ?? 0) + 1);
  const found = [...counts].map(([words, n]) => `${n} × ${words}`).join(", ");
  return report.unchecked.length > 0 ? `${found}; ${report.unchecked.length} part(s) not checked` : found;
}

/**
 * Whether a drift check's findings are news: some finding the previous check did not report. The
 * same out-of-band changes found again by the next scheduled check, or fewer of them, are not
 * announced again (people would learn to mute "drift found"); new drift, and drift that returns
 * after a clean check, is. `previous` is the last drift check's findings, null if none.
 */
export function isNewDrift(previous: readonly string[] | null, current: readonly string[]): boolean {
  const seen = new Set(previous ?? []);
  return current.some((f) => !seen.has(f));
}
