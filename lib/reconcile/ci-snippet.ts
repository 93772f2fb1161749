/**
 * The `.gitlab-ci.yml` snippet a target needs: an ID token with the audience the role trusts, and
 * the AWS CLI call that exchanges it, reading the role from the variable trustmap sets.
 * https://docs.gitlab.com/ci/cloud_services/aws/
 */
import type { CiSnippet } from "./types";
import type { DesiredScope } from "./variable-plan";

function tokenName(index: number): string {
  return index === 0 ? "GITLAB_OIDC_TOKEN" : `GITLAB_OIDC_TOKEN_${index + 1}`;
}

/** YAML-safe scalar: plain when it cannot be misread, double-quoted otherwise. */
function scalar(value: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

export function ciSnippet(scope: DesiredScope, roleArnVariable: string): CiSnippet {
  const distinct = new Set<string>();
  for (const wishes of scope.wishes.values()) for (const wish of wishes) distinct.add(wish.audience);
  const audiences = [...distinct].sort();
  const lines = [
    `# trustmap: ${scope.target.kind} ${String(scope.target.path)}, environment scope ${scope.environmentScope}`,
    "assume-aws-role:",
    "  id_tokens:",
    ...audiences.flatMap((aud, i) => [`    ${tokenName(i)}:`, `      aud: ${scalar(aud)}`]),
    ...(scope.environmentScope === "*" ? [] : [`  environment: ${scalar(scope.environmentScope)}`]),
    "  script:",
    "    - >",
    '      export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"',
    "      $(aws sts assume-role-with-web-identity",
    `      --role-arn "$${roleArnVariable}"`,
    '      --role-session-name "gitlab-${CI_PROJECT_ID}-${CI_JOB_ID}"',
    `      --web-identity-token "$${tokenName(0)}"`,
    "      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text))",
    "    - aws sts get-caller-identity",
  ];
  return { target: scope.target, environmentScope: scope.environmentScope, yaml: lines.join("\n") + "\n" };
}
