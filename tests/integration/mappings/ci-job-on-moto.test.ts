/**
 * The CI job trustmap shows is a working recipe, not just text: its before_script, run in a POSIX
 * shell with the variables GitLab would set, leaves a profile that the AWS CLI and the AWS SDK
 * for JavaScript both use to assume the role with the job's ID token (against moto's STS, which
 * does not evaluate the trust policy: this proves the client side, the policy engine the rest).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ciJobSnippet } from "@/lib/mappings/ci-snippet";
import { MOTO_ACCOUNT_ID, setupMoto } from "@/tests/support/moto";
import { runJobShell } from "@/tests/support/ci-job";

const moto = setupMoto();
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deploy`;
const ASSUMED = `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/deploy/gitlab-42-7`;

/**
 * An AWS CLI that sends the profile's STS call to moto: one that honours AWS_ENDPOINT_URL
 * (CLI v1 from 1.29, v2 from 2.13). Debian 12's awscli (2.9) predates it; pip's awscli does not.
 */
function awsCliHonouringEndpointUrl(): string {
  const candidates = [...(process.env.PATH ?? "").split(path.delimiter).map((dir) => path.join(dir, "aws")), "/usr/bin/aws"];
  for (const cli of candidates) {
    let version: string;
    try {
      version = execFileSync(cli, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch {
      continue;
    }
    const [major = 0, minor = 0] = (/aws-cli\/(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
    if ((major === 1 && minor >= 29) || (major === 2 && minor >= 13) || major > 2) return cli;
  }
  throw new Error("no aws CLI that honours AWS_ENDPOINT_URL (v1 >= 1.29 or v2 >= 2.13): pip install awscli");
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
const TOKEN = `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url({ iss: "https://gitlab.example.com", aud: "sts.amazonaws.com", sub: "project_path:team/app:ref_type:branch:ref:main" })}.c2ln`;

// A fresh home per test: the AWS CLI caches assumed-role credentials under ~/.aws/cli/cache, and
// a cache left by an earlier moto would answer for this one.
let home = "";
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "ci-job-home-"));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

/** The job's environment: GitLab's predefined variables and the ID token; no AWS credentials at all. */
function jobEnv(): Record<string, string> {
  return {
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
    AWS_ENDPOINT_URL: moto().endpoint,
    GITLAB_OIDC_TOKEN: TOKEN,
    CI_PROJECT_ID: "42",
    CI_JOB_ID: "7",
  };
}

describe("the CI job's profile assumes the role", () => {
  it("with the AWS CLI", async () => {
    const yaml = ciJobSnippet({ role: { arn: ROLE_ARN }, audiences: ["sts.amazonaws.com"], region: "us-east-1" });
    const out = await runJobShell(yaml, jobEnv(), `"${awsCliHonouringEndpointUrl()}" sts get-caller-identity --output json`);
    expect((JSON.parse(out) as { Arn: string }).Arn).toBe(ASSUMED);
  });

  it("with the AWS SDK for JavaScript, the role taken from the CI/CD variable the reconciler sets", async () => {
    const yaml = ciJobSnippet({ role: { variable: "ROLE_ARN" }, audiences: ["sts.amazonaws.com"], region: "us-east-1" });
    const sdk = `"${process.execPath}" --no-warnings --input-type=module -e "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'; const r = await new STSClient({}).send(new GetCallerIdentityCommand({})); process.stdout.write(r.Arn);"`;
    const out = await runJobShell(yaml, { ...jobEnv(), ROLE_ARN }, `cd "${process.cwd()}"; ${sdk}`);
    expect(out).toBe(ASSUMED);
  });
});
