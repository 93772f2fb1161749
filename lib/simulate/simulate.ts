/**
 * The Simulator's core: the claims of a described job or a pasted token, judged against an
 * inline trust policy or against roles' policies as last read from IAM (lib/policy's
 * evaluateTokenAgainstRoles and policyToJudge, which the access views use too). Pure;
 * lib/simulate/service.ts loads the roles.
 */
import { providerArnOf } from "@/lib/mappings/model";
import { buildSubject, decodeGitLabIdToken, evaluate, evaluateTokenAgainstRoles, notJudgedReason, parsePolicyDocument, withoutTrailingSlashes, type NotJudgedWhy } from "@/lib/policy";
import { badInput } from "@/lib/errors";
import { ZClaims, type TSimulateFormInput, type TSimulateInput, type TSimulateOutput } from "@/lib/schemas/simulate";
import { describeIssues } from "@/lib/schemas/common";

type Claims = Record<string, unknown>;
type RoleResult = NonNullable<TSimulateOutput["roles"]>[number];

/** Claims as GitLab issues them for a job (default `sub` components). */
export function claimsForJob(form: TSimulateFormInput): Claims {
  const sub = buildSubject({ projectPath: form.projectPath, refType: form.refType, ref: form.ref });
  const namespace = form.projectPath.split("/").slice(0, -1).join("/");
  return {
    iss: withoutTrailingSlashes(form.issuerUrl),
    aud: form.audience,
    sub,
    project_path: form.projectPath,
    namespace_path: namespace,
    ref: form.ref,
    ref_type: form.refType,
  };
}

/** The token's claims: given as such, or decoded from the JWT (BAD_INPUT when it is not one). */
export function claimsOf(input: TSimulateInput): Claims {
  if (input.token !== undefined) {
    const decoded = decodeGitLabIdToken(input.token);
    if (!decoded.ok) throw badInput(`token: ${decoded.error.message}`);
    // A token's payload is held to the same edge rules as claims sent as such (depth, text, size).
    const checked = ZClaims.safeParse(decoded.claims);
    if (!checked.success) throw badInput(`token: ${describeIssues(checked.error.issues, "claims").join("; ")}`);
    return decoded.claims;
  }
  return input.claims ?? {};
}

/** Evaluate the claims against one trust policy given inline (BAD_INPUT for an invalid policy). */
export function simulateInlinePolicy(policy: unknown, claims: Claims, providerArn?: string): TSimulateOutput {
  const parsed = parsePolicyDocument(policy);
  if (!parsed.ok) throw badInput(`policy: ${parsed.error.message}${parsed.error.path ? ` (at ${parsed.error.path})` : ""}`);
  const result = evaluate({ policy, claims, providerArn });
  if (!result.ok) throw badInput(result.error.message);
  return { decision: result.decision, statements: result.statements, warnings: result.warnings, claims };
}

/** A managed role as the Simulator judges it: its trust policy as last read from IAM (null: never read, or gone). */
export interface SimulatedRole {
  arn: string;
  name: string;
  actualTrustPolicy: unknown;
  actualFetchedAt: Date | null;
  awsAccount: { accountId: string; issuerUrl: string; oidcProviderArn: string | null };
}

/** What to do about a role that was not judged (lib/policy's notJudgedReason says why). */
const ADVICE: Record<NotJudgedWhy, string> = {
  "not-read": "Run a reconcile plan or drift check to read it.",
  "absent-from-iam": "Create the role in IAM (or apply), then plan again.",
};

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Evaluate the claims against each role, on the policy lib/policy's policyToJudge picks (the one
 * read from IAM; the access views follow the same rule). Roles not judged are listed as skipped,
 * with the reason; when no role could be judged, the decision is NotEvaluated, never a deny.
 */
export function simulateAgainstRoles(claims: Claims, roles: readonly SimulatedRole[], providerArn?: string): TSimulateOutput {
  const judged = evaluateTokenAgainstRoles(
    claims,
    roles.map((role) => ({ key: role, stored: role, providerArn: providerArn ?? providerArnOf(role.awsAccount) })),
  );
  const results: RoleResult[] = [];
  const statements: TSimulateOutput["statements"] = [];
  const warnings: string[] = [];
  const skipped: string[] = [];
  for (const outcome of judged.roles) {
    const role = outcome.key;
    const base = { roleArn: role.arn, roleName: role.name, fetchedAt: role.actualFetchedAt?.toISOString() ?? null };
    if (outcome.status === "unknown-policy") {
      const why = `${sentence(notJudgedReason(outcome.why))}. ${ADVICE[outcome.why]}`;
      results.push({ ...base, decision: null, judgedOn: null, skipped: why, warnings: [] });
      skipped.push(`${role.name}: ${notJudgedReason(outcome.why)}`);
      continue;
    }
    if (outcome.status === "error") {
      results.push({ ...base, decision: null, judgedOn: null, skipped: `Its trust policy as read from IAM could not be evaluated: ${outcome.error.message}`, warnings: [] });
      skipped.push(`${role.name}: its trust policy could not be evaluated`);
      continue;
    }
    const { explanation } = outcome.results[0]!;
    results.push({ ...base, decision: explanation.decision, judgedOn: "actual", skipped: null, warnings: explanation.warnings });
    for (const s of explanation.statements) statements.push({ ...s, roleArn: role.arn });
    for (const w of explanation.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  if (judged.decision === "NotEvaluated") {
    const reason =
      roles.length === 0
        ? "No role is registered in trustmap, so there is no trust policy to evaluate (register roles in Settings, or paste a policy)."
        : `No role's trust policy could be evaluated (${skipped.join("; ")}). Read the roles from IAM (reconcile plan or drift check), or paste a policy.`;
    return { decision: "NotEvaluated", reason, statements, roles: results, warnings, claims };
  }
  if (skipped.length > 0) warnings.push(`${skipped.length} of ${roles.length} roles were not evaluated, so the decision covers only the others (${skipped.join("; ")}).`);
  return { decision: judged.decision, statements, roles: results, warnings, claims };
}
