/**
 * The `.gitlab-ci.yml` job that assumes a mapped role: the one recipe trustmap shows everywhere
 * (the requester's preview, the Reconcile page), so the same grant always gets the same job.
 *
 * The recipe (https://docs.gitlab.com/ci/cloud_services/aws/):
 * 1. `id_tokens` asks GitLab for an ID token per audience the role trusts (`aud`).
 * 2. The job writes the token to a file in a private temporary directory (mktemp -d: mode 0700).
 * 3. It writes an AWS profile into a config file of its own — `role_arn`,
 *    `web_identity_token_file`, `role_session_name`, `region` — and points AWS_CONFIG_FILE and
 *    AWS_PROFILE at it.
 * Why a profile: the assume-role-with-web-identity settings of the shared config file are a
 * standardized credential provider that every AWS SDK and the AWS CLI honour
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html), so any
 * tool in the job assumes the role by itself and renews the credentials when they expire.
 * Not credentials in variables: exporting the keys `aws sts assume-role-with-web-identity`
 * returns (the older recipe) hands them to every process of the job and they lapse after the
 * session duration with nothing to renew them. Not the environment-variable form of the same
 * settings (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE): those hold one role for every tool, and
 * each SDK looks for them at its own point of its credential chain; a named profile in a file the
 * job owns is chosen explicitly (AWS_PROFILE) and can sit next to a second profile for another role.
 *
 * Data (ARN, audience, region, environment) only ever appears as YAML scalars in `variables:`,
 * `aud:` and `environment:`, and the ref in `rules:` expressions escaped for GitLab's expression
 * grammar; the shell script is fixed text that reads variables (a role variable's name must be an
 * identifier), so no value can change what the script does. Pure: plain input, YAML text out.
 */

export interface CiJobInput {
  /**
   * The role to assume: its ARN, or the name of the CI/CD variable that holds it (the reconciler
   * sets one per target, `ROLE_ARN` by default).
   */
  role: { arn: string } | { variable: string };
  /** The audiences the role trusts: one ID token each; the profile uses the first. */
  audiences: readonly string[];
  /** The profile's region; omit to leave it to the job's environment (e.g. the AWS_REGION variable). */
  region?: string | null;
  /** The GitLab environment the job deploys to. */
  environment?: string | null;
  /** Run the job only on the refs the mapping grants (`any` with `*`: every ref, no rule). */
  rules?: { refType: "branch" | "tag" | "any"; ref: string } | null;
  /** Comment lines above the job. */
  header?: string | null;
}

export const CI_JOB_NAME = "assume-aws-role";
/** The profile the job writes and selects. */
export const CI_PROFILE_NAME = "trustmap";

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** YAML-safe scalar: plain when it cannot be misread, double-quoted (JSON is valid YAML) otherwise. */
function scalar(value: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

/** A GitLab CI expression as a YAML single-quoted scalar (GitLab's own style); JSON-quoted if it holds control characters. */
function expressionScalar(expression: string): string {
  return /[\u0000-\u001f\u007f]/.test(expression) ? JSON.stringify(expression) : `'${expression.replaceAll("'", "''")}'`;
}

/**
 * An IAM glob (`*` any run, `?` one character) as a GitLab `=~` regex literal: every RE2
 * metacharacter escaped, and `/` as `\/`, which GitLab's pattern lexeme requires inside `/…/`.
 */
export function globToGitLabRegex(glob: string): string {
  const body = glob.replace(/[.+^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return `/^${body}$/`;
}

/**
 * One rule expression. GitLab's string literals have no escapes ("…" ends at the next quote), so
 * an exact ref with a `"` (or a `$`, never read as a variable this way) is matched by an anchored,
 * escaped regex instead.
 */
function ruleFor(refType: "branch" | "tag", ref: string): string {
  const variable = refType === "branch" ? "$CI_COMMIT_BRANCH" : "$CI_COMMIT_TAG";
  if (/[*?"$]/.test(ref)) return `${variable} =~ ${globToGitLabRegex(ref)}`;
  return `${variable} == "${ref}"`;
}

function rulesLines(rules: CiJobInput["rules"]): string[] {
  if (!rules || (rules.refType === "any" && rules.ref === "*")) return [];
  const types: ("branch" | "tag")[] = rules.refType === "any" ? ["branch", "tag"] : [rules.refType];
  return ["  rules:", ...types.map((t) => `    - if: ${expressionScalar(ruleFor(t, rules.ref))}`)];
}

function tokenName(index: number): string {
  return index === 0 ? "GITLAB_OIDC_TOKEN" : `GITLAB_OIDC_TOKEN_${index + 1}`;
}

function headerLines(header: string | null | undefined): string[] {
  if (!header) return [];
  return header.split(/\r\n|[\r\n\u0085\u2028\u2029]/).map((line) => (line === "" ? "#" : `# ${line}`));
}

/** The job as `.gitlab-ci.yml` text (see the module comment for the recipe). */
export function ciJobSnippet(input: CiJobInput): string {
  if (input.audiences.length === 0) throw new Error("ciJobSnippet needs at least one audience");
  const roleVariable = "variable" in input.role ? input.role.variable : "TRUSTMAP_ROLE_ARN";
  if (!VARIABLE_NAME.test(roleVariable)) throw new Error(`ciJobSnippet: ${roleVariable} is not a CI/CD variable name`);
  const region = input.region ?? null;
  const variables = [
    ...("arn" in input.role ? [`    TRUSTMAP_ROLE_ARN: ${scalar(input.role.arn)}`] : []),
    ...(region !== null ? [`    TRUSTMAP_AWS_REGION: ${scalar(region)}`] : []),
  ];
  const tokens = input.audiences.map((_, i) => tokenName(i));
  const lines = [
    ...headerLines(input.header),
    `${CI_JOB_NAME}:`,
    "  image:",
    "    name: amazon/aws-cli:latest",
    '    entrypoint: [""]',
    "  id_tokens:",
    ...input.audiences.flatMap((aud, i) => [`    ${tokens[i]}:`, `      aud: ${scalar(aud)}`]),
    ...(variables.length > 0 ? ["  variables:", ...variables] : []),
    ...(input.environment ? [`  environment: ${scalar(input.environment)}`] : []),
    ...rulesLines(input.rules),
    "  before_script:",
    "    - |",
    '      aws_dir="$(mktemp -d)"',
    ...tokens.map((token) => `      printf '%s' "$${token}" > "$aws_dir/${token}"`),
    '      cat > "$aws_dir/config" <<EOF',
    `      [profile ${CI_PROFILE_NAME}]`,
    `      role_arn = $${roleVariable}`,
    `      web_identity_token_file = $aws_dir/${tokens[0]}`,
    "      role_session_name = gitlab-$CI_PROJECT_ID-$CI_JOB_ID",
    ...(region !== null ? ["      region = $TRUSTMAP_AWS_REGION"] : []),
    "      EOF",
    `      export AWS_CONFIG_FILE="$aws_dir/config" AWS_PROFILE=${CI_PROFILE_NAME}`,
    "  script:",
    "    - aws sts get-caller-identity",
  ];
  return lines.join("\n") + "\n";
}
