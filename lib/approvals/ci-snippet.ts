/**
 * The `.gitlab-ci.yml` job a requester pastes: an ID token with the audience the role trusts,
 * and the AWS SDK/CLI web-identity variables (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE), so
 * every AWS tool in the job assumes the role by itself.
 * https://docs.gitlab.com/ci/cloud_services/aws/
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
 */

export interface SnippetInput {
  roleArn: string;
  audience: string;
  region: string;
  refType: "branch" | "tag" | "any";
  ref: string;
  environment?: string | null;
}

/** YAML-safe scalar: plain when it cannot be misread, double-quoted otherwise. */
function scalar(value: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

/** An IAM glob (`*`, `?`) as a GitLab `=~` regex literal. */
function globRegex(glob: string): string {
  const body = glob.replace(/[.+^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return `/^${body}$/`;
}

function ruleFor(refType: "branch" | "tag", ref: string): string {
  const variable = refType === "branch" ? "$CI_COMMIT_BRANCH" : "$CI_COMMIT_TAG";
  return /[*?]/.test(ref) ? `${variable} =~ ${globRegex(ref)}` : `${variable} == ${JSON.stringify(ref)}`;
}

function rules(refType: SnippetInput["refType"], ref: string): string[] {
  if (ref === "*" && refType === "any") return [];
  const types: ("branch" | "tag")[] = refType === "any" ? ["branch", "tag"] : [refType];
  return ["  rules:", ...types.map((t) => `    - if: ${ruleFor(t, ref)}`)];
}

export function requestCiSnippet(input: SnippetInput): string {
  const lines = [
    "assume-aws-role:",
    "  image:",
    "    name: amazon/aws-cli:latest",
    '    entrypoint: [""]',
    "  id_tokens:",
    "    GITLAB_OIDC_TOKEN:",
    `      aud: ${scalar(input.audience)}`,
    "  variables:",
    `    AWS_ROLE_ARN: ${scalar(input.roleArn)}`,
    "    AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/gitlab-oidc-token",
    '    AWS_ROLE_SESSION_NAME: "gitlab-${CI_PROJECT_ID}-${CI_JOB_ID}"',
    `    AWS_DEFAULT_REGION: ${scalar(input.region)}`,
    ...(input.environment ? [`  environment: ${scalar(input.environment)}`] : []),
    ...rules(input.refType, input.ref),
    "  script:",
    '    - printf "%s" "$GITLAB_OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"',
    "    - aws sts get-caller-identity",
  ];
  return lines.join("\n") + "\n";
}
