/**
 * The grants of a role's trust policy (as last read from IAM) that no active mapping accounts
 * for: foreign statements, and patterns of trustmap's own statement without an active mapping
 * (drift). Pure, on lib/policy's reader.
 */
import { readTrustPolicy } from "@/lib/policy";
import type { OtherGrant } from "./summary";

/**
 * `mappingPatterns` are the compiled patterns of the role's active mappings; an owned grant's
 * pattern among them is reported through its mapping instead. Deny statements and principals
 * that cannot call AssumeRoleWithWebIdentity (AWS accounts, services) grant nothing here.
 */
export function otherGrantsOf(actualTrustPolicy: unknown, mappingPatterns: ReadonlySet<string>): OtherGrant[] {
  if (actualTrustPolicy === null || actualTrustPolicy === undefined) return [];
  const read = readTrustPolicy(actualTrustPolicy);
  if (!read.ok) return [];
  const out: OtherGrant[] = [];
  for (const grant of read.grants) {
    if (grant.effect !== "Allow" || !grant.webIdentity || grant.notPrincipal) continue;
    if (grant.principalType !== "Federated" && grant.principalType !== "*") continue;
    const audiences = grant.audiences.length === 0 ? null : (grant.audiences[0]?.values ?? null);
    const subjects = grant.subjects[0];
    const patterns: Pick<OtherGrant, "pattern" | "operator">[] = subjects === undefined ? [{ pattern: "*", operator: "any" }] : subjects.values.map((pattern) => ({ pattern, operator: subjects.operator }));
    for (const p of patterns) {
      if (grant.owned && p.operator === "StringLike" && mappingPatterns.has(p.pattern)) continue;
      out.push({ ...p, audiences, providerArn: grant.providerArn });
    }
  }
  return out;
}
