/**
 * The criteria the trade-off page weighs, and how each method fares on each (0 = worst, 5 =
 * best, always "higher is better for you"). Every score carries a short rationale and a source
 * so a reader can check it instead of trusting the number.
 */
import type { MethodId } from "./methods";

export const CRITERIA = ["rotation", "exposure", "privilege", "compute", "granularity", "temporary", "mapping"] as const;
export type CriterionId = (typeof CRITERIA)[number];

export const MIN_SCORE = 0;
export const MAX_SCORE = 5;

export interface Criterion {
  id: CriterionId;
  label: string;
  /** What a high score means, so the direction of every row is explicit. */
  question: string;
}

export interface MethodScore {
  score: number;
  rationale: string;
  source: { title: string; url: string };
}

const SRC = {
  iamBestPractices: { title: "AWS IAM best practices", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html" },
  rotateKeys: { title: "AWS: Manage access keys for IAM users (rotation)", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html" },
  instanceProfile: { title: "AWS: Use an IAM role to grant permissions to applications running on EC2", url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html" },
  gitlabMask: { title: "GitLab: Mask a CI/CD variable (masking is not a guarantee)", url: "https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable" },
  gitlabVariables: { title: "GitLab: CI/CD variables (protected, environment scope)", url: "https://docs.gitlab.com/ci/variables/" },
  gitlabOidcAws: { title: "GitLab: Configure OpenID Connect in AWS to retrieve temporary credentials", url: "https://docs.gitlab.com/ci/cloud_services/aws/" },
  gitlabIdTokens: { title: "GitLab: ID token claims (sub = project_path:…:ref_type:…:ref:…)", url: "https://docs.gitlab.com/ci/secrets/id_token_authentication/" },
  runnerTags: { title: "GitLab: Runner tags decide which jobs a runner takes", url: "https://docs.gitlab.com/ci/runners/configure_runners/#control-jobs-that-a-runner-can-run" },
  stsWebIdentity: { title: "AWS STS: AssumeRoleWithWebIdentity (temporary credentials, 1 h default)", url: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html" },
} as const;

export const CRITERION_INFO: Record<CriterionId, Criterion> = {
  rotation: { id: "rotation", label: "Key rotation", question: "How little rotation work is left to people?" },
  exposure: { id: "exposure", label: "Exposure risk", question: "How little damage does a leaked credential do?" },
  privilege: { id: "privilege", label: "Over-privilege", question: "How well does each job get only its own permissions?" },
  compute: { id: "compute", label: "Compute cost of isolated runners", question: "How little extra runner compute does isolation need?" },
  granularity: { id: "granularity", label: "Granularity (group/project/branch)", question: "How finely can access be scoped to a group, project or branch?" },
  temporary: { id: "temporary", label: "Temporary credentials", question: "How short-lived are the credentials a job holds?" },
  mapping: { id: "mapping", label: "Mapping configuration effort", question: "How little setup does each new project or role need?" },
};

export const SCORES: Record<CriterionId, Record<MethodId, MethodScore>> = {
  rotation: {
    "static-keys": { score: 1, rationale: "Long-lived keys must be rotated by hand and every variable holding them updated.", source: SRC.rotateKeys },
    "instance-role": { score: 5, rationale: "The instance profile's credentials are rotated by AWS automatically.", source: SRC.instanceProfile },
    oidc: { score: 5, rationale: "Nothing to rotate: each job gets new credentials from STS.", source: SRC.gitlabOidcAws },
  },
  exposure: {
    "static-keys": { score: 1, rationale: "Masking is not a guarantee; a malicious pipeline can exfiltrate the keys, which work anywhere until revoked.", source: SRC.gitlabMask },
    "instance-role": { score: 3, rationale: "No stored secret, but any job on the runner can read the role's credentials from instance metadata.", source: SRC.instanceProfile },
    oidc: { score: 4, rationale: "No stored secret; a leaked token or session expires within the hour and only matches its own sub.", source: SRC.stsWebIdentity },
  },
  privilege: {
    "static-keys": { score: 3, rationale: "One IAM user per project is possible, but keys are often shared through group variables.", source: SRC.gitlabVariables },
    "instance-role": { score: 1, rationale: "Every job on that runner gets the role, whatever project it comes from.", source: SRC.runnerTags },
    oidc: { score: 5, rationale: "The trust policy's sub condition admits only the named group, project or branch.", source: SRC.gitlabIdTokens },
  },
  compute: {
    "static-keys": { score: 5, rationale: "Works on shared runners; no extra compute.", source: SRC.gitlabVariables },
    "instance-role": { score: 1, rationale: "Isolating environments or teams means one runner (and its compute) per role.", source: SRC.runnerTags },
    oidc: { score: 5, rationale: "Works on shared runners; the job, not the machine, carries the identity.", source: SRC.gitlabOidcAws },
  },
  granularity: {
    "static-keys": { score: 3, rationale: "Per project or group variable, narrowed by protected branches and environment scope.", source: SRC.gitlabVariables },
    "instance-role": { score: 1, rationale: "Per runner only; runner tags, not AWS, decide which jobs get it.", source: SRC.runnerTags },
    oidc: { score: 5, rationale: "sub = project_path:{group}/{project}:ref_type:{type}:ref:{ref}, matched per group, project or branch.", source: SRC.gitlabIdTokens },
  },
  temporary: {
    "static-keys": { score: 0, rationale: "Access keys are long-lived credentials; AWS recommends temporary ones for workloads.", source: SRC.iamBestPractices },
    "instance-role": { score: 5, rationale: "Role sessions from instance metadata are temporary and refreshed automatically.", source: SRC.instanceProfile },
    oidc: { score: 5, rationale: "AssumeRoleWithWebIdentity returns temporary credentials (1 hour by default).", source: SRC.stsWebIdentity },
  },
  mapping: {
    "static-keys": { score: 4, rationale: "Create a user and a key, paste two variables; simple, which is why it spreads.", source: SRC.rotateKeys },
    "instance-role": { score: 3, rationale: "One instance profile and runner registration per role.", source: SRC.instanceProfile },
    oidc: { score: 2, rationale: "An OIDC provider, a trust-policy condition and a ROLE_ARN variable per mapping (trustmap automates them).", source: SRC.gitlabOidcAws },
  },
};

export function scoreOf(criterion: CriterionId, method: MethodId): number {
  return SCORES[criterion][method].score;
}
