import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ciJobSnippet, globToGitLabRegex } from "@/lib/mappings/ci-snippet";
import { beforeScript, jobVariables, runJobShell } from "@/tests/support/ci-job";

const ARN = "arn:aws:iam::111122223333:role/deploy";

describe("the CI job a mapping's user pastes", () => {
  it("a requester's job: one ID token, the role's ARN and region as variables, a profile written from them, the requested ref as a rule", () => {
    const yaml = ciJobSnippet({ role: { arn: ARN }, audiences: ["https://gitlab.com"], region: "eu-west-1", environment: "production", rules: { refType: "branch", ref: "main" } });
    expect(yaml.split("\n")).toEqual([
      "assume-aws-role:",
      "  image:",
      "    name: amazon/aws-cli:latest",
      '    entrypoint: [""]',
      "  id_tokens:",
      "    GITLAB_OIDC_TOKEN:",
      '      aud: "https://gitlab.com"',
      "  variables:",
      '    TRUSTMAP_ROLE_ARN: "arn:aws:iam::111122223333:role/deploy"',
      "    TRUSTMAP_AWS_REGION: eu-west-1",
      "  environment: production",
      "  rules:",
      `    - if: '$CI_COMMIT_BRANCH == "main"'`,
      "  before_script:",
      "    - |",
      '      aws_dir="$(mktemp -d)"',
      `      printf '%s' "$GITLAB_OIDC_TOKEN" > "$aws_dir/GITLAB_OIDC_TOKEN"`,
      '      cat > "$aws_dir/config" <<EOF',
      "      [profile trustmap]",
      "      role_arn = $TRUSTMAP_ROLE_ARN",
      "      web_identity_token_file = $aws_dir/GITLAB_OIDC_TOKEN",
      "      role_session_name = gitlab-$CI_PROJECT_ID-$CI_JOB_ID",
      "      region = $TRUSTMAP_AWS_REGION",
      "      EOF",
      '      export AWS_CONFIG_FILE="$aws_dir/config" AWS_PROFILE=trustmap',
      "  script:",
      "    - aws sts get-caller-identity",
      "",
    ]);
  });

  it("the reconciler's job: the role from its CI/CD variable, one ID token per audience (the profile uses the first), a header, no rules", () => {
    const yaml = ciJobSnippet({ role: { variable: "ROLE_ARN" }, audiences: ["https://gitlab.example.com", "sts.amazonaws.com"], header: "trustmap: project team/app, environment scope *" });
    expect(yaml.split("\n")).toEqual([
      "# trustmap: project team/app, environment scope *",
      "assume-aws-role:",
      "  image:",
      "    name: amazon/aws-cli:latest",
      '    entrypoint: [""]',
      "  id_tokens:",
      "    GITLAB_OIDC_TOKEN:",
      '      aud: "https://gitlab.example.com"',
      "    GITLAB_OIDC_TOKEN_2:",
      "      aud: sts.amazonaws.com",
      "  before_script:",
      "    - |",
      '      aws_dir="$(mktemp -d)"',
      `      printf '%s' "$GITLAB_OIDC_TOKEN" > "$aws_dir/GITLAB_OIDC_TOKEN"`,
      `      printf '%s' "$GITLAB_OIDC_TOKEN_2" > "$aws_dir/GITLAB_OIDC_TOKEN_2"`,
      '      cat > "$aws_dir/config" <<EOF',
      "      [profile trustmap]",
      "      role_arn = $ROLE_ARN",
      "      web_identity_token_file = $aws_dir/GITLAB_OIDC_TOKEN",
      "      role_session_name = gitlab-$CI_PROJECT_ID-$CI_JOB_ID",
      "      EOF",
      '      export AWS_CONFIG_FILE="$aws_dir/config" AWS_PROFILE=trustmap',
      "  script:",
      "    - aws sts get-caller-identity",
      "",
    ]);
  });

  it.each([
    [{ refType: "branch", ref: "main" }, [`    - if: '$CI_COMMIT_BRANCH == "main"'`]],
    [{ refType: "tag", ref: "v*" }, ["    - if: '$CI_COMMIT_TAG =~ /^v.*$/'"]],
    [{ refType: "branch", ref: "release/1.?" }, ["    - if: '$CI_COMMIT_BRANCH =~ /^release\\/1\\..$/'"]],
    [{ refType: "any", ref: "hotfix-*" }, ["    - if: '$CI_COMMIT_BRANCH =~ /^hotfix-.*$/'", "    - if: '$CI_COMMIT_TAG =~ /^hotfix-.*$/'"]],
    // GitLab's "…" literals have no escapes: a quote in a ref is matched by an escaped regex; a ' doubles in YAML.
    [{ refType: "branch", ref: `say-"hi"` }, [`    - if: '$CI_COMMIT_BRANCH =~ /^say-"hi"$/'`]],
    [{ refType: "branch", ref: "it's" }, [`    - if: '$CI_COMMIT_BRANCH == "it''s"'`]],
    [{ refType: "tag", ref: "a$b+(c)" }, ["    - if: '$CI_COMMIT_TAG =~ /^a\\$b\\+\\(c\\)$/'"]],
  ] as const)("restricts the job to %j with GitLab rules", (rules, expected) => {
    const lines = ciJobSnippet({ role: { arn: ARN }, audiences: ["a"], region: "us-east-1", rules }).split("\n");
    const at = lines.indexOf("  rules:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 1 + expected.length)).toEqual(expected);
    expect(lines[at + 1 + expected.length]).toBe("  before_script:");
  });

  it("has no rules for any ref type and any ref, and names the environment", () => {
    const any = ciJobSnippet({ role: { arn: ARN }, audiences: ["a"], region: "us-east-1", rules: { refType: "any", ref: "*" }, environment: "prod" });
    expect(any).not.toContain("rules:");
    expect(any.split("\n")).toContain("  environment: prod");
  });

  it("quotes every data scalar YAML could misread", () => {
    const yaml = ciJobSnippet({ role: { arn: ARN }, audiences: ["yes"], region: "on", environment: "review/$CI_COMMIT_REF_SLUG #1" });
    expect(yaml.split("\n")).toEqual(expect.arrayContaining(['      aud: "yes"', '    TRUSTMAP_AWS_REGION: "on"', '  environment: "review/$CI_COMMIT_REF_SLUG #1"']));
  });

  it("turns every line of a header into a comment, so no header line becomes YAML", () => {
    const yaml = ciJobSnippet({ role: { arn: ARN }, audiences: ["a"], header: "one\nevil: true\r\n\u2028two" });
    expect(yaml.split("\n").slice(0, 4)).toEqual(["# one", "# evil: true", "#", "# two"]);
    expect(yaml.split("\n")[4]).toBe("assume-aws-role:");
  });

  it("refuses a role variable that is not a CI/CD variable name, and a job without audience", () => {
    expect(() => ciJobSnippet({ role: { variable: "ROLE_ARN; rm -rf /" }, audiences: ["a"] })).toThrow(/not a CI\/CD variable name/);
    expect(() => ciJobSnippet({ role: { variable: "ROLE_ARN" }, audiences: [] })).toThrow(/audience/);
  });

  it("escapes every RE2 metacharacter of an IAM glob and anchors it", () => {
    expect(globToGitLabRegex("a.b+c^d$e{f}g(h)i|j[k]l\\m/n*o?")).toBe("/^a\\.b\\+c\\^d\\$e\\{f\\}g\\(h\\)i\\|j\\[k\\]l\\\\m\\/n.*o.$/");
    const re = globToGitLabRegex("release/v1.*");
    const body = re.slice(1, -1).replaceAll("\\/", "/");
    expect(new RegExp(body).test("release/v1.2")).toBe(true);
    expect(new RegExp(body).test("release/v1x2")).toBe(false);
    expect(new RegExp(body).test("xrelease/v1.2")).toBe(false);
  });
});

describe("the job's shell, run as GitLab runs before_script + script", () => {
  it("writes the token to a private file and a profile that assumes the role with it", async () => {
    const yaml = ciJobSnippet({ role: { arn: ARN }, audiences: ["https://gitlab.com"], region: "eu-west-1" });
    expect(jobVariables(yaml)).toEqual({ TRUSTMAP_ROLE_ARN: ARN, TRUSTMAP_AWS_REGION: "eu-west-1" });
    const out = await runJobShell(yaml, { GITLAB_OIDC_TOKEN: "header.payload.sig", CI_PROJECT_ID: "42", CI_JOB_ID: "7" }, [
      'echo "profile=$AWS_PROFILE"',
      'echo "mode=$(stat -c %a "$(dirname "$AWS_CONFIG_FILE")")"',
      'cat "$AWS_CONFIG_FILE"',
      'echo "token=$(cat "$(dirname "$AWS_CONFIG_FILE")/GITLAB_OIDC_TOKEN")"',
      'echo "dir=$(dirname "$AWS_CONFIG_FILE")"',
    ].join("\n"));
    const dir = /^dir=(.*)$/m.exec(out)?.[1] ?? "";
    expect(out.replaceAll(dir, "<dir>").split("\n")).toEqual([
      "profile=trustmap",
      "mode=700",
      "[profile trustmap]",
      `role_arn = ${ARN}`,
      "web_identity_token_file = <dir>/GITLAB_OIDC_TOKEN",
      "role_session_name = gitlab-42-7",
      "region = eu-west-1",
      "token=header.payload.sig",
      "dir=<dir>",
      "",
    ]);
  });

  it("never runs a value: shell syntax in the role ARN or a token stays text", async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "ci-job-"));
    const witness = path.join(scratch, "pwned");
    try {
      const hostile = `$(touch ${witness})\`touch ${witness}\``;
      const yaml = ciJobSnippet({ role: { arn: hostile }, audiences: ["a"], region: "us-east-1" });
      expect(beforeScript(yaml)).not.toContain("touch");
      const out = await runJobShell(yaml, { GITLAB_OIDC_TOKEN: hostile, CI_PROJECT_ID: "1", CI_JOB_ID: "2" }, 'cat "$AWS_CONFIG_FILE"');
      expect(out).toContain(`role_arn = ${hostile}`);
      expect(existsSync(witness)).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
