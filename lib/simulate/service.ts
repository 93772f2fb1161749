/** The Simulator: loads the managed roles a token is judged against (the judging is ./simulate.ts). */
import "server-only";
import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { TSimulateInput, TSimulateOutput } from "@/lib/schemas/simulate";
import { REGISTERED_ROLE } from "@/lib/settings/registration";
import { claimsOf, simulateAgainstRoles, simulateInlinePolicy } from "./simulate";

/**
 * Evaluate a GitLab job's token against a trust policy: an inline one, a managed role's stored
 * actual policy (as last read from IAM), or every managed role's. Roles whose policy has not been
 * read from IAM are listed as skipped — never evaluated against a guess; when no role could be
 * evaluated the decision is NotEvaluated, with the reason.
 */
export async function simulate(input: TSimulateInput): Promise<TSimulateOutput> {
  const claims = claimsOf(input);
  if (input.policy !== undefined) return simulateInlinePolicy(input.policy, claims, input.providerArn);
  const roles = await getDb().iamRole.findMany({
    where: { ...REGISTERED_ROLE, ...(input.roleArn ? { arn: input.roleArn } : {}) },
    include: { awsAccount: { select: { accountId: true, issuerUrl: true, oidcProviderArn: true } } },
    orderBy: { arn: "asc" },
  });
  if (input.roleArn && roles.length === 0) throw notFound(`No managed role ${input.roleArn}.`);
  return simulateAgainstRoles(claims, roles, input.providerArn);
}
