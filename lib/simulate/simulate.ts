import "server-only";
import { providerArnOf } from "@/lib/mappings/model";
import { buildSubject, decodeGitLabIdToken, evaluate, evaluateTokenAgainstRoles, parsePolicyDocument } from "@/lib/policy";
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
    iss: form.issuerUrl.replace(/\/+$/, ""),
    aud: form.audience,
    sub,
    project_path: form.projectPath,
    namespace_path: namespace,
    ref: form.ref,
    ref_type: form.refType,
  };
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

  const judged = evaluateTokenAgainstRoles(
    claims,
    roles.map((role) => ({ key: role, policy: role.actualTrustPolicy, providerArn: input.providerArn ?? providerArnOf(role.awsAccount) })),
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
