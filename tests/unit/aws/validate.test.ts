import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  assertValid,
  checkClientId,
  checkClientIds,
  checkOidcProviderArn,
  checkOidcProviderUrl,
  checkPolicyDocument,
  checkRoleArn,
  checkRoleName,
  checkTags,
  checkThumbprints,
} from "@/lib/aws/validate";

type Case<T> = [label: string, value: T, valid: boolean];

function table<T>(name: string, check: (value: T) => string | undefined, cases: Case<T>[]) {
  describe(name, () => {
    it.each(cases)("%s", (_label, value, valid) => {
      const problem = check(value);
      if (valid) expect(problem).toBeUndefined();
      else expect(problem).toMatch(/\S/);
    });
  });
}

table("checkRoleName", checkRoleName, [
  ["letters, digits and + = , . @ _ -", "Deploy_app+1=a,b.c@d-e", true],
  ["64 characters", "r".repeat(64), true],
  ["65 characters", "r".repeat(65), false],
  ["empty", "", false],
  ["a slash (that is a path)", "ci/deploy", false],
  ["a space", "deploy app", false],
  ["non-ASCII", "déploy", false],
]);

table("checkRoleArn", checkRoleArn, [
  ["a role at the root path", "arn:aws:iam::123456789012:role/trustmap", true],
  ["a role under a path", "arn:aws:iam::123456789012:role/ci/trustmap", true],
  ["a GovCloud role", "arn:aws-us-gov:iam::123456789012:role/trustmap", true],
  ["an 11-digit account", "arn:aws:iam::12345678901:role/trustmap", false],
  ["a user ARN", "arn:aws:iam::123456789012:user/trustmap", false],
]);

table("checkOidcProviderUrl", checkOidcProviderUrl, [
  ["an https host", "https://gitlab.com", true],
  ["an https host with a path", "https://example.com/gitlab", true],
  ["http", "http://gitlab.com", false],
  ["no scheme", "gitlab.com", false],
  ["a port", "https://gitlab.example.com:8443", false],
  ["a query", "https://gitlab.com?x=1", false],
  ["a fragment", "https://gitlab.com#x", false],
  ["a trailing slash (iss has none)", "https://gitlab.com/", false],
  ["credentials", "https://user:pw@gitlab.com", false],
  ["over 255 characters", `https://${"a".repeat(250)}.com`, false],
]);

table("checkOidcProviderArn", checkOidcProviderArn, [
  ["a provider for a host", "arn:aws:iam::123456789012:oidc-provider/gitlab.com", true],
  ["a provider with a path", "arn:aws:iam::123456789012:oidc-provider/example.com/gitlab", true],
  ["a China-partition provider", "arn:aws-cn:iam::123456789012:oidc-provider/gitlab.cn", true],
  ["a SAML provider", "arn:aws:iam::123456789012:saml-provider/okta", false],
  ["a short account id", "arn:aws:iam::1:oidc-provider/gitlab.com", false],
  ["a scheme inside the ARN", "arn:aws:iam::123456789012:oidc-provider/https://gitlab.com", false],
  ["no URL", "arn:aws:iam::123456789012:oidc-provider/", false],
]);

table("checkThumbprints", checkThumbprints, [
  ["none", [], true],
  ["a lower-case SHA-1", ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"], true],
  ["an upper-case SHA-1", ["9E99A48A9960B14926BB7F3B02E22DA2B0AB7280"], true],
  ["39 characters", ["9e99a48a9960b14926bb7f3b02e22da2b0ab728"], false],
  ["colon-separated", ["9e:99:a4:8a:99:60:b1:49:26:bb:7f:3b:02:e2:2d:a2:b0:ab:72:80"], false],
  ["non-hex", ["ze99a48a9960b14926bb7f3b02e22da2b0ab7280"], false],
  ["six thumbprints", Array(6).fill("9e99a48a9960b14926bb7f3b02e22da2b0ab7280"), false],
]);

table("checkClientId", checkClientId, [
  ["an audience URL", "https://gitlab.com", true],
  ["255 characters", "a".repeat(255), true],
  ["256 characters", "a".repeat(256), false],
  ["empty", "", false],
]);

table("checkClientIds", checkClientIds, [
  ["none", [], true],
  ["100 ids", Array.from({ length: 100 }, (_, i) => `aud-${i}`), true],
  ["101 ids", Array.from({ length: 101 }, (_, i) => `aud-${i}`), false],
  ["one empty id among good ones", ["a", ""], false],
]);

table("checkTags", checkTags, [
  ["ordinary tags", { team: "platform", "trustmap:managed": "true", note: "a b/c=d+e-f@g" }, true],
  ["an empty value", { k: "" }, true],
  ["the reserved aws: prefix", { "aws:cloudformation:stack": "x" }, false],
  ["a 129-character key", { ["k".repeat(129)]: "v" }, false],
  ["a 257-character value", { k: "v".repeat(257) }, false],
  ["a forbidden character", { k: "a;b" }, false],
  ["51 tags", Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])), false],
]);

table("checkPolicyDocument", checkPolicyDocument, [
  ["a JSON object", '{"Version":"2012-10-17","Statement":[]}', true],
  ["Latin-1 characters", '{"Sid":"café"}', true],
  ["not JSON", "Version: 2012-10-17", false],
  ["a JSON array", "[]", false],
  ["empty", "", false],
  ["characters beyond U+00FF", '{"Sid":"✓"}', false],
  ["over 131,072 characters", `{"Sid":"${"a".repeat(131_072)}"}`, false],
]);

describe("assertValid", () => {
  it("passes when every check passes", () => {
    expect(() => assertValid({ roleName: undefined, document: undefined })).not.toThrow();
  });

  it("throws BAD_INPUT listing every failing field", () => {
    let caught: unknown;
    try {
      assertValid({ roleName: checkRoleName("a b"), document: undefined, url: checkOidcProviderUrl("http://x") });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: "BAD_INPUT",
      details: { reason: "INVALID_IAM_INPUT", issues: [{ field: "roleName" }, { field: "url" }] },
    });
  });
});
