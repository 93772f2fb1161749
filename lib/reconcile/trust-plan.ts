/**
 * Plan one role's trust policy: compile its approved mappings with lib/policy (foreign statements
 * kept verbatim), hold back what must not reach IAM (over quota, critical findings in a managed
 * statement, a policy that cannot be parsed: a blocking problem, and no operation for that role
 * alone), and emit an update only when the stored document differs from the compiled one.
 */
import {
  compileTrustPolicy,
  isOwnedSid,
  lintTrustPolicy,
  parsePolicyDocument,
  type Finding,
  type LintResult,
  type Mapping,
  type ParsedPolicy,
  type TrustStatement,
} from "@/lib/policy";
import { toPolicyMapping } from "@/lib/mappings/model";
import { canonicalJson } from "./canonical-json";
import { jsonDiff } from "./json-diff";
import type { ActualRole, DesiredAccount, DesiredRole, ForeignStatement, ManagedStatementDiff, Operation, PlanProblem } from "./types";

export interface RolePlan {
  operation: Operation | null;
  problems: PlanProblem[];
  foreign: ForeignStatement[];
}

const WIDENING: ReadonlySet<Finding["severity"]> = new Set(["critical", "high"]);

export function trustPolicyKey(roleArn: string): string {
  return `trust-policy:${roleArn}`;
}

/** The role's mappings as the policy compiler takes them (the mapping model builds each), checked against the account's issuer. */
export function toPolicyMappings(role: DesiredRole, account: DesiredAccount): Mapping[] {
  return role.mappings.map((m) => ({ ...toPolicyMapping(m, account.providerArn), issuer: account.issuerUrl }));
}

function statementsOf(document: unknown): TrustStatement[] {
  const statement = (document as { Statement?: unknown } | null)?.Statement;
  if (Array.isArray(statement)) return statement as TrustStatement[];
  return statement === undefined ? [] : [statement as TrustStatement];
}

function managedBySid(document: unknown): Map<string, TrustStatement> {
  const bySid = new Map<string, TrustStatement>();
  for (const statement of statementsOf(document)) if (isOwnedSid(statement.Sid)) bySid.set(statement.Sid as string, statement);
  return bySid;
}

/** The managed statements only, before → after, with leaf-level changes. */
export function managedDiff(before: unknown, after: unknown): ManagedStatementDiff[] {
  const old = managedBySid(before);
  const next = managedBySid(after);
  const sids = [...new Set([...old.keys(), ...next.keys()])].sort();
  return sids.flatMap((sid) => {
    const b = old.get(sid) ?? null;
    const a = next.get(sid) ?? null;
    const changes = jsonDiff(b ?? undefined, a ?? undefined);
    return changes.length === 0 ? [] : [{ sid, before: b, after: a, changes }];
  });
}

/** Foreign statements of the stored policy, with the lint findings (of the whole policy) that concern each. */
function foreignStatements(role: DesiredRole, parsed: ParsedPolicy, lint: LintResult): ForeignStatement[] {
  const findings = lint.ok ? lint.findings : [];
  return parsed.statements
    .filter((s) => !isOwnedSid(s.sid))
    .map((s) => {
      const own = findings.filter((f) => f.statementIndex === s.index);
      return { roleArn: role.arn, index: s.index, sid: s.sid, statement: s.raw, findings: own, widensAccess: own.some((f) => WIDENING.has(f.severity)) };
    });
}

/**
 * A document with an empty `Statement` list holds nothing to keep: IAM itself never stores one
 * (it requires a statement), but moto does, and the README's sandbox recipe creates roles so. The
 * role is planned as a new one rather than refused as unreadable.
 */
function hasNoStatement(document: string): boolean {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown } | null;
    return Array.isArray(parsed?.Statement) && parsed.Statement.length === 0;
  } catch {
    return false;
  }
}

export function planRole(role: DesiredRole, account: DesiredAccount, actual: ActualRole | undefined, dependsOn: string[]): RolePlan {
  const base = { roleArn: role.arn, accountId: role.accountId, mappingIds: role.mappings.map((m) => m.id) };
  if (actual === undefined) {
    const problem: PlanProblem = {
      ...base,
      severity: "error",
      code: "role-missing",
      message: `Role ${role.name} does not exist in AWS account ${role.accountId} (deleted out of band?); its ${role.mappings.length} mapping(s) cannot take effect and no variable is written for them. Recreate the role or deregister it.`,
    };
    return { operation: null, problems: [problem], foreign: [] };
  }
  if (hasNoStatement(actual.document)) {
    // Nothing there and nothing wanted: a registered role waiting for its first approval.
    if (role.mappings.length === 0) return { operation: null, problems: [], foreign: [] };
    return planRole(role, account, { ...actual, document: "" }, dependsOn);
  }
  // The stored document is parsed once: its parsed form is what the linter, the compiler and the
  // comparison below would each get from parsing the text again.
  const current = parsePolicyDocument(actual.document);
  const currentDocument = current.ok ? current.policy.document : null;
  const lintOptions = { production: role.production, quota: role.quota, issuer: account.issuerUrl };
  const currentLint = current.ok ? lintTrustPolicy(current.policy.document, lintOptions) : null;
  const foreign = current.ok && currentLint !== null ? foreignStatements(role, current.policy, currentLint) : [];
  // An unparsable text goes to the compiler as is, so it reports it (INVALID_EXISTING_POLICY) or,
  // for "", treats the role as new, exactly as before.
  const compiled = compileTrustPolicy({ mappings: toPolicyMappings(role, account), existing: currentDocument ?? actual.document, quota: role.quota });
  if (!compiled.ok) {
    const { error } = compiled;
    const why =
      error.code === "POLICY_TOO_LARGE"
        ? "over-quota"
        : error.code === "EMPTY_POLICY"
          ? "empty-policy"
          : error.code === "INVALID_EXISTING_POLICY"
            ? "unreadable-policy"
            : "invalid-mappings";
    return { operation: null, problems: [{ ...base, severity: "blocking", code: why, message: `Role ${role.name}: ${error.message}` }], foreign };
  }
  const problems: PlanProblem[] = [];
  // Nothing changed since trustmap wrote the policy (the usual case): the stored text is the
  // compiled JSON, so the stored document was parsed from JSON.stringify(compiled.policy) and has
  // its keys, order and values. The linter sees the same policy: its findings are reused.
  const unchanged = actual.document === compiled.json;
  const lint = unchanged && currentLint !== null ? currentLint : lintTrustPolicy(compiled.policy, lintOptions);
  const managedFindings = lint.ok ? lint.findings.filter((f) => isOwnedSid(f.statementSid)) : [];
  const critical = managedFindings.filter((f) => f.severity === "critical");
  if (critical.length > 0) {
    problems.push({ ...base, severity: "blocking", code: "critical-finding", message: `Role ${role.name}: ${critical.map((f) => f.message).join("; ")}`, findings: critical });
  }
  const warnings = compiled.findings.filter((f) => f.severity !== "info");
  if (warnings.length > 0) {
    problems.push({ ...base, severity: "warning", code: "policy-findings", message: `Role ${role.name}: ${warnings.length} finding(s) on the managed statements`, findings: warnings });
  }
  // A managed statement that would widen access never reaches IAM; the other roles are planned.
  if (critical.length > 0) return { operation: null, problems, foreign };
  // Unchanged text is the same JSON value on both sides, so canonically equal, unless it holds a
  // lone surrogate, which canonicalize rejects: JSON.stringify writes one as `\udxxx`, so a text
  // without `\u` has none; any other text is compared (and a lone surrogate still throws).
  const same = unchanged && !compiled.json.includes("\\u");
  if (currentDocument !== null && (same || canonicalJson(currentDocument) === canonicalJson(compiled.policy))) return { operation: null, problems, foreign };
  const operation: Operation = {
    kind: "trust-policy.update",
    key: trustPolicyKey(role.arn),
    dependsOn,
    accountId: role.accountId,
    roleArn: role.arn,
    roleName: role.name,
    document: compiled.json,
    diff: managedDiff(currentDocument, compiled.policy),
    mappingIds: base.mappingIds,
  };
  return { operation, problems, foreign };
}
