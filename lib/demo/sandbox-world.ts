/**
 * What the demo's sandbox holds on an empty database (lib/demo/seed.ts stores it): an AWS account
 * with the GitLab OIDC provider, the two registered roles (a hand-written break-glass statement
 * each, as roles made outside trustmap have), a role whose trust someone wrote by hand for a GitLab
 * project (to import), a role for EC2 (not GitLab's: discovery skips it), and an IAM user whose
 * access key a project still stores; a GitLab group `acme` with protected and unprotected
 * branches and one project on static keys. Values are fake and never leave trustmap.
 */
import { providerArn } from "@/lib/aws/oidc-url";
import { createMemoryIam, type MemoryIamState } from "@/lib/sandbox/aws/memory-iam";
import { MemoryGitLab, type MemoryGitLabState } from "@/lib/sandbox/gitlab/memory-port";

export const DEMO_ACCOUNT_ID = "111122223333";
/** The sandbox GitLab stands in for GITLAB_URL's default, so the demo's issuer is gitlab.com's. */
export const DEMO_ISSUER = "https://gitlab.com";
export const DEMO_AUDIENCE = "https://gitlab.com";
export const DEMO_PROVIDER_ARN = providerArn(DEMO_ACCOUNT_ID, DEMO_ISSUER);
export const DEMO_GROUP = "acme";

const roleArn = (name: string) => `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/${name}`;

/** A statement the account's admins keep on every role, written by hand: trustmap never touches it. */
const BREAK_GLASS = { Sid: "AdminBreakGlass", Effect: "Allow", Principal: { AWS: roleArn("Admin") }, Action: "sts:AssumeRole" };

function trust(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** A GitLab grant written by hand (not by trustmap): Settings → Import existing roles finds it. */
export const HAND_WRITTEN_GITLAB_STATEMENT = {
  Sid: "GitLabInfraMain",
  Effect: "Allow",
  Principal: { Federated: DEMO_PROVIDER_ARN },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "gitlab.com:aud": DEMO_AUDIENCE }, StringLike: { "gitlab.com:sub": "project_path:acme/infra:ref_type:branch:ref:main" } },
};

/** The registered roles, as lib/demo/seed.ts registers them. */
export const DEMO_ROLES = [
  { name: "deploy-staging", description: "Deploys the web app to staging", production: false },
  { name: "deploy-production", description: "Deploys the web app to production", production: true },
] as const;

export interface SandboxWorld {
  iam: MemoryIamState;
  gitlab: MemoryGitLabState;
  /** The registered roles' trust policies as the sandbox IAM holds them (the first "read from IAM"). */
  trustPolicies: Record<string, object>;
  /** The access key id the static-keys project stores (it exists in the sandbox IAM). */
  staticKeyId: string;
}

async function seedSandboxIam(now: Date) {
  const iam = createMemoryIam({ accountId: DEMO_ACCOUNT_ID });
  // The provider exists (made when the account was set up); trustmap adds audiences it needs.
  await iam.createOpenIDConnectProvider({ url: DEMO_ISSUER, clientIds: [DEMO_AUDIENCE] });
  for (const role of DEMO_ROLES) iam.addRole({ name: role.name, description: role.description, trustPolicy: trust(BREAK_GLASS) });
  iam.addRole({ name: "terraform-plan", description: "Plans infrastructure from acme/infra (trust written by hand)", trustPolicy: trust(HAND_WRITTEN_GITLAB_STATEMENT) });
  iam.addRole({ name: "app-server", description: "Instance role of the web servers", trustPolicy: trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) });
  const staticKeyId = iam.addAccessKey("legacy-billing-ci", { lastUsed: { date: new Date(now.getTime() - 3 * 86_400_000), serviceName: "s3", region: "us-east-1" } });
  return { iam, staticKeyId };
}

/**
 * The sandbox GitLab's projects, branches, branch protection and variables.
 *
 * SEAM for the GitLab facts (protected tags, members with their access levels): add them here once
 * MemoryGitLab can hold them (the gitlab-facts branch adds those methods). Intended data:
 * - members of `acme` (inherited by every project): ria Developer (30), avery and blake
 *   Maintainer (40), ada Owner (50); acme/web also a guest, audra Reporter (20);
 * - protected tags: acme/web `v*` (create: Maintainers), acme/api none (any Developer can tag);
 * - acme/api's `release/*` protection allows force push (a weakness to flag).
 */
export function seedSandboxGitLab(gitlab: MemoryGitLab, staticKeyId: string): void {
  gitlab.addProject("acme/web", { branches: ["main", "staging", "feature/login"], protectedBranches: ["main"] });
  gitlab.addProject("acme/api", { branches: ["main", "develop", "release/1.0"], protectedBranches: ["main", "release/*"] });
  gitlab.addProject("acme/infra", { branches: ["main"], protectedBranches: ["main"] });
  gitlab.addProject("acme/legacy-billing", { branches: ["main"], protectedBranches: ["main"] });
  const billing = { kind: "project" as const, path: "acme/legacy-billing" };
  // Still on static keys: the inventory finds them by their names (the secret is never read).
  gitlab.seedVariable(billing, { key: "AWS_ACCESS_KEY_ID", value: staticKeyId });
  gitlab.seedVariable(billing, { key: "AWS_SECRET_ACCESS_KEY", value: "sandboxFakeSecretAccessKeyNotARealOne0001", masked: true, protected: true });
}

/** The sandbox on an empty database. `now` dates the access key's last use. */
export async function sandboxWorld(now = new Date()): Promise<SandboxWorld> {
  const { iam, staticKeyId } = await seedSandboxIam(now);
  const gitlab = new MemoryGitLab();
  seedSandboxGitLab(gitlab, staticKeyId);
  const trustPolicies = Object.fromEntries(DEMO_ROLES.map((r) => [roleArn(r.name), JSON.parse(trust(BREAK_GLASS)) as object]));
  return { iam: iam.exportState(), gitlab: gitlab.exportState(), trustPolicies, staticKeyId };
}
