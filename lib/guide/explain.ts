/**
 * "How it works" with this installation's values: the three pieces of keyless GitLab CI → AWS
 * (the IAM OIDC provider for the GitLab issuer and audience, a role's trust policy conditioned on
 * `<host>:sub`, the CI job that asks for an ID token and logs in with it), built by the same code
 * that builds them for real (lib/policy's compiler, the CI job generator). Pure.
 */
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";
import { compileTrustPolicy, issuerHostFromUrl, providerArnFor, type GitLabSelector } from "@/lib/policy";

export interface GuideInput {
  /** GITLAB_URL, and whether the built-in sandbox stands in for it. */
  gitlab: { url: string; sandbox: boolean };
  /** The AWS account the example uses; null when none is connected (a placeholder is shown). */
  account: { accountId: string; name: string; issuerUrl: string; providerArn: string; audiences: string[]; region: string; sandbox: boolean } | null;
  /** An approved mapping to explain, or null (a made-up one is shown). */
  example: { roleName: string; roleArn: string; selector: GitLabSelector; audience: string } | null;
}

export interface Guide {
  gitlab: GuideInput["gitlab"];
  /** The values below are made up where this installation has none yet. */
  placeholders: { account: boolean; example: boolean };
  account: { id: string; name: string; sandbox: boolean };
  provider: { issuerUrl: string; host: string; arn: string; clientIds: string[] };
  role: { name: string; arn: string };
  selector: GitLabSelector;
  audience: string;
  /** The condition keys IAM exposes for the provider. */
  keys: { aud: string; sub: string };
  /** What the job's token `sub` must match (StringLike). */
  subPatterns: string[];
  /** The trust policy as trustmap compiles it for this grant, pretty-printed. */
  trustPolicy: string;
  ciJob: string;
}

const PLACEHOLDER_ACCOUNT = "123456789012";

export function explainSetup(input: GuideInput): Guide {
  const issuerUrl = input.account?.issuerUrl ?? input.gitlab.url;
  const accountId = input.account?.accountId ?? PLACEHOLDER_ACCOUNT;
  const arn = input.account?.providerArn ?? providerArnFor(issuerUrl, accountId);
  const audience = input.example?.audience ?? input.account?.audiences[0] ?? issuerUrl;
  const role = input.example ? { name: input.example.roleName, arn: input.example.roleArn } : { name: "deploy", arn: `arn:aws:iam::${accountId}:role/deploy` };
  const selector: GitLabSelector = input.example?.selector ?? { scope: "project", path: "my-group/my-project", refType: "branch", ref: "main" };
  const compiled = compileTrustPolicy({ mappings: [{ id: "example", selector, audience, providerArn: arn, issuer: issuerUrl }] });
  const host = issuerHostFromUrl(issuerUrl);
  // The same job the request preview shows for this grant (the one CI job generator).
  const ciJob = ciJobSnippet({ role: { arn: role.arn }, audiences: [audience], region: input.account?.region ?? "us-east-1", environment: selector.environment ?? null, rules: { refType: selector.refType, ref: selector.ref } });
  return {
    gitlab: input.gitlab,
    placeholders: { account: input.account === null, example: input.example === null },
    account: { id: accountId, name: input.account?.name ?? "your AWS account", sandbox: input.account?.sandbox ?? false },
    provider: { issuerUrl, host, arn, clientIds: input.account?.audiences ?? [audience] },
    role,
    selector,
    audience,
    keys: { aud: `${host}:aud`, sub: `${host}:sub` },
    subPatterns: compiled.ok ? (compiled.managed[0]?.patterns ?? []) : [],
    trustPolicy: compiled.ok ? JSON.stringify(compiled.policy, null, 2) : compiled.error.message,
    ciJob,
  };
}
