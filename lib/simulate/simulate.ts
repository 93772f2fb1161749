import "server-only";
import { providerArnOf } from "@/lib/mappings/model";
import { buildSubject, decodeGitLabIdToken, evaluate, parsePolicyDocument, withoutTrailingSlashes, type Decision } from "@/lib/policy";
import { badInput, notFound } from "@/lib/errors";
import { getDb } from "@/lib/db/client";
import type { TSimulateFormInput, TSimulateInput, TSimulateOutput } from "@/lib/schemas/simulate";

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

/** Across roles: any Allow means the job can assume something; otherwise the strongest deny. */
function combine(decisions: Decision[]): Decision {
  if (decisions.includes("Allow")) return "Allow";
  if (decisions.length > 0 && decisions.every((d) => d === "ExplicitDeny")) return "ExplicitDeny";
  return "ImplicitDeny";
}

function claimsOf(input: TSimulateInput): Claims {
  if (input.token !== undefined) {
    const decoded = decodeGitLabIdToken(input.token);
    if (!decoded.ok) throw badInput(`token: ${decoded.error.message}`);
    return decoded.claims;
  }
  return input.claims ?? {};
}

/**
 * Evaluate a GitLab job's token against a trust policy: an inline one, a managed role's stored
 * actual policy (as last read from IAM), or every managed role's. Roles whose policy has not been
 * read from IAM yet are listed as skipped — never evaluated against a guess.
 */
export async function simulate(input: TSimulateInput): Promise<TSimulateOutput> {
  const claims = claimsOf(input);
  if (input.policy !== undefined) {
    const parsed = parsePolicyDocument(input.policy);
    if (!parsed.ok) throw badInput(`policy: ${parsed.error.message}${parsed.error.path ? ` (at ${parsed.error.path})` : ""}`);
    const result = evaluate({ policy: input.policy, claims, providerArn: input.providerArn });
    if (!result.ok) throw badInput(result.error.message);
    return { decision: result.decision, statements: result.statements, warnings: result.warnings, claims };
  }

  const roles = await getDb().iamRole.findMany({
    where: input.roleArn ? { arn: input.roleArn } : {},
    include: { awsAccount: { select: { accountId: true, issuerUrl: true, oidcProviderArn: true } } },
    orderBy: { arn: "asc" },
  });
  if (input.roleArn && roles.length === 0) throw notFound(`No managed role ${input.roleArn}.`);

  const results: RoleResult[] = [];
  const statements: TSimulateOutput["statements"] = [];
  const warnings: string[] = [];
  for (const role of roles) {
    const base = { roleArn: role.arn, roleName: role.name, fetchedAt: role.actualFetchedAt?.toISOString() ?? null };
    if (role.actualTrustPolicy === null) {
      const skipped = role.actualFetchedAt
        ? `The role did not exist in IAM when last read (${role.actualFetchedAt.toISOString()}).`
        : "Its trust policy has not been read from IAM yet (run a plan or drift check).";
      results.push({ ...base, decision: null, skipped, warnings: [] });
      continue;
    }
    const providerArn = input.providerArn ?? providerArnOf(role.awsAccount);
    const result = evaluate({ policy: role.actualTrustPolicy, claims, providerArn });
    if (!result.ok) {
      results.push({ ...base, decision: null, skipped: `Its stored trust policy could not be evaluated: ${result.error.message}`, warnings: [] });
      continue;
    }
    results.push({ ...base, decision: result.decision, skipped: null, warnings: result.warnings });
    for (const s of result.statements) statements.push({ ...s, roleArn: role.arn });
    for (const w of result.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  const decided = results.flatMap((r) => (r.decision ? [r.decision] : []));
  return { decision: combine(decided), statements, roles: results, warnings, claims };
}
