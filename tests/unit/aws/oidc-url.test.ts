import { describe, expect, it } from "vitest";
import { issuerUrl, issuerUrlFromProviderArn, providerArn } from "@/lib/aws/oidc-url";

describe("OIDC provider URLs", () => {
  it("adds the https scheme IAM strips from a provider's URL", () => {
    expect(issuerUrl("gitlab.com")).toBe("https://gitlab.com");
    expect(issuerUrl("https://gitlab.com")).toBe("https://gitlab.com");
  });

  it("reads the issuer URL, path included, from a provider ARN in any partition", () => {
    expect(issuerUrlFromProviderArn("arn:aws:iam::123456789012:oidc-provider/example.com/gitlab")).toBe("https://example.com/gitlab");
    expect(issuerUrlFromProviderArn("arn:aws-cn:iam::123456789012:oidc-provider/gitlab.cn")).toBe("https://gitlab.cn");
  });

  it("builds the ARN IAM gives a provider, which reads back to the same issuer", () => {
    const arn = providerArn("123456789012", "https://example.com/gitlab");

    expect(arn).toBe("arn:aws:iam::123456789012:oidc-provider/example.com/gitlab");
    expect(issuerUrlFromProviderArn(arn)).toBe("https://example.com/gitlab");
  });
});
