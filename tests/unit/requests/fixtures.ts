/** A role and a draft request for the preview's unit tests. */
import type { RequestDraft, RoleContext } from "@/lib/requests/preview";

export const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/gitlab.com";

export function role(over: Partial<RoleContext> = {}): RoleContext {
  return {
    arn: "arn:aws:iam::111122223333:role/deploy",
    production: false,
    quota: 2048,
    actualTrustPolicy: null,
    account: { providerArn: PROVIDER, issuerUrl: "https://gitlab.com", audiences: ["https://gitlab.com"], region: "eu-west-1" },
    approved: [],
    ...over,
  };
}

export function draft(over: Partial<RequestDraft> = {}): RequestDraft {
  return { scope: "project", gitlabPath: "acme/web", refType: "branch", refPattern: "main", environment: null, audience: "https://gitlab.com", ...over };
}
