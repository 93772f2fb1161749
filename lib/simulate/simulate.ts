/**
 * The Simulator's core: the claims of a described job or a pasted token, judged against an
 * inline trust policy or against roles' policies as last read from IAM (lib/policy's
 * evaluateTokenAgainstRoles, which the access views use too). Pure; lib/simulate/service.ts loads
 * the roles.
 */
import { providerArnOf } from "@/lib/mappings/model";
import { buildSubject, decodeGitLabIdToken, evaluate, evaluateTokenAgainstRoles, parsePolicyDocument, withoutTrailingSlashes } from "@/lib/policy";
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

/**
 * Evaluate the claims against each role's stored actual policy. Roles whose policy has not been
 * read from IAM are listed as skipped — never evaluated against a guess.
 */
export function simulateAgainstRoles(claims: Claims, roles: readonly SimulatedRole[], providerArn?: string): TSimulateOutput {
  const judged = evaluateTokenAgainstRoles(
    claims,
    roles.map((role) => ({ key: role, policy: role.actualTrustPolicy, providerArn: providerArn ?? providerArnOf(role.awsAccount) })),
  );
  const results: RoleResult[] = [];
  const statements: TSimulateOutput["statements"] = [];
  const warnings: string[] = [];
  for (const outcome of judged.roles) {
    const role = outcome.key;
    const base = { roleArn: role.arn, roleName: role.name, fetchedAt: role.actualFetchedAt?.toISOString() ?? null };
    if (outcome.status === "unknown-policy") {
      const skipped = role.actualFetchedAt
        ? `The role did not exist in IAM when last read (${role.actualFetchedAt.toISOString()}).`
        : "Its trust policy has not been read from IAM yet (run a plan or drift check).";
      results.push({ ...base, decision: null, skipped, warnings: [] });
      continue;
    }
    if (outcome.status === "error") {
      results.push({ ...base, decision: null, skipped: `Its stored trust policy could not be evaluated: ${outcome.error.message}`, warnings: [] });
      continue;
    }
    const { explanation } = outcome.results[0]!;
    results.push({ ...base, decision: explanation.decision, skipped: null, warnings: explanation.warnings });
    for (const s of explanation.statements) statements.push({ ...s, roleArn: role.arn });
    for (const w of explanation.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  return { decision: judged.decision, statements, roles: results, warnings, claims };
}
