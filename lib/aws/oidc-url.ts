/**
 * IAM stores an OIDC provider's URL without its scheme (`gitlab.com`) and names the provider
 * `arn:…:oidc-provider/gitlab.com`. The port speaks full issuer URLs (`https://gitlab.com`), the
 * form GitLab puts in the token's `iss` claim, so callers compare like with like.
 */
export function issuerUrl(iamUrl: string): string {
  return /^https?:\/\//i.test(iamUrl) ? iamUrl : `https://${iamUrl}`;
}

/** The issuer URL named by a provider ARN, so listing providers needs no GetOpenIDConnectProvider per entry. */
export function issuerUrlFromProviderArn(arn: string): string {
  const marker = ":oidc-provider/";
  const at = arn.indexOf(marker);
  return issuerUrl(at < 0 ? arn : arn.slice(at + marker.length));
}

export function providerArn(accountId: string, url: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${url.replace(/^https:\/\//i, "")}`;
}
