import { describe, expect, it } from "vitest";
import { explainSetup } from "@/lib/guide/explain";

const account = { accountId: "111122223333", name: "demo-sandbox", issuerUrl: "https://gitlab.com", providerArn: "arn:aws:iam::111122223333:oidc-provider/gitlab.com", audiences: ["https://gitlab.com"], region: "eu-west-1", sandbox: true };

describe("How it works, with this installation's values", () => {
  it("explains an approved grant with the account's provider, the sub condition trustmap compiles and the CI job for that role", () => {
    const g = explainSetup({
      gitlab: { url: "https://gitlab.com", sandbox: true },
      account,
      example: { roleName: "deploy-staging", roleArn: "arn:aws:iam::111122223333:role/deploy-staging", selector: { scope: "project", path: "acme/web", refType: "branch", ref: "main" }, audience: "https://gitlab.com" },
    });
    expect(g.placeholders).toEqual({ account: false, example: false });
    expect(g.provider).toEqual({ issuerUrl: "https://gitlab.com", host: "gitlab.com", arn: account.providerArn, clientIds: ["https://gitlab.com"] });
    expect(g.keys).toEqual({ aud: "gitlab.com:aud", sub: "gitlab.com:sub" });
    expect(g.subPatterns).toEqual(["project_path:acme/web:ref_type:branch:ref:main"]);
    const policy = JSON.parse(g.trustPolicy) as { Statement: { Principal: unknown; Condition: unknown }[] };
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Federated: account.providerArn },
      Condition: { StringEquals: { "gitlab.com:aud": "https://gitlab.com" }, StringLike: { "gitlab.com:sub": "project_path:acme/web:ref_type:branch:ref:main" } },
    });
    expect(g.ciJob).toContain("id_tokens:");
    expect(g.ciJob).toMatch(/aud: "?https:\/\/gitlab\.com"?\n/);
    expect(g.ciJob).toContain("arn:aws:iam::111122223333:role/deploy-staging");
  });

  it("with nothing connected yet, uses GITLAB_URL as the issuer and says the account and grant are placeholders", () => {
    const g = explainSetup({ gitlab: { url: "https://gitlab.example.org", sandbox: false }, account: null, example: null });
    expect(g.placeholders).toEqual({ account: true, example: true });
    expect(g.provider.arn).toBe("arn:aws:iam::123456789012:oidc-provider/gitlab.example.org");
    expect(g.keys.sub).toBe("gitlab.example.org:sub");
    expect(g.subPatterns).toEqual(["project_path:my-group/my-project:ref_type:branch:ref:main"]);
  });
});
