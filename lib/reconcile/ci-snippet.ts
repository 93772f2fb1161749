/**
 * The `.gitlab-ci.yml` job a target needs, from the one job generator (lib/mappings/ci-snippet.ts)
 * so the Reconcile page shows the same recipe as the requester's preview: an ID token per audience
 * the target's roles trust, and the role read from the variable trustmap sets.
 */
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";
import type { CiSnippet } from "./types";
import type { DesiredScope } from "./variable-plan";

export function ciSnippet(scope: DesiredScope, roleArnVariable: string): CiSnippet {
  const distinct = new Set<string>();
  for (const wishes of scope.wishes.values()) for (const wish of wishes) distinct.add(wish.audience);
  const audiences = [...distinct].sort();
  const environment = scope.environmentScope === "*" ? null : scope.environmentScope;
  const yaml = ciJobSnippet({
    role: { variable: roleArnVariable },
    audiences,
    // No region in the job: the reconciler sets AWS_REGION (REGION_VARIABLE) in this same target
    // and scope, which the AWS CLI and every SDK read, so the job has one source for it.
    region: null,
    environment,
    header: `trustmap: ${scope.target.kind} ${String(scope.target.path)}, environment scope ${scope.environmentScope}`,
  });
  return { target: scope.target, environmentScope: scope.environmentScope, yaml };
}
