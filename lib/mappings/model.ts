/**
 * The mapping model: the one owner of what a mapping row means — the GitLab selector it grants,
 * when it is active, and which OIDC provider its account trusts. Pure: plain rows in, plain data
 * out (the `where` helper is a plain object Prisma accepts as a MappingWhereInput).
 */
import { providerArnFor, type GitLabSelector, type Mapping as PolicyMapping } from "@/lib/policy";

/** The columns of a mapping row that say what it grants. */
export interface MappingGrantRow {
  id: string;
  scope: "group" | "project";
  gitlabPath: string;
  refType: "branch" | "tag" | "any";
  refPattern: string;
  environment: string | null;
  audience: string;
}

/** Which GitLab jobs the row admits. */
export function selectorOf(m: Omit<MappingGrantRow, "id" | "audience">): GitLabSelector {
  return { scope: m.scope, path: m.gitlabPath, refType: m.refType, ref: m.refPattern, ...(m.environment ? { environment: m.environment } : {}) };
}

/**
 * The selector in words, as every page and message shows it: "project acme/web · branch main"
 * (" · env production" when the mapping names an environment).
 */
export function selectorText(m: { scope: string; gitlabPath: string; refType: string; refPattern: string; environment?: string | null }): string {
  const ref = m.refType === "any" ? `any ref ${m.refPattern}` : `${m.refType} ${m.refPattern}`;
  return `${m.scope} ${m.gitlabPath} · ${ref}${m.environment ? ` · env ${m.environment}` : ""}`;
}

/** What the policy compiler needs about a mapping row. */
export function toPolicyMapping(m: MappingGrantRow, providerArn: string): PolicyMapping {
  return { id: m.id, selector: selectorOf(m), audience: m.audience, providerArn };
}

/**
 * Active = approved and not expired at `now`: what the desired state, the access views and the
 * simulator count as granted. Expired rows keep status `approved` until the expiry job marks
 * them, so the expiry is checked here too.
 */
export function isActiveMapping(m: { status: string; expiresAt: Date | null }, now: Date): boolean {
  return m.status === "approved" && (m.expiresAt === null || m.expiresAt.getTime() > now.getTime());
}

/** The same rule as a database filter (a Prisma MappingWhereInput). */
export function activeMappingWhere(now: Date) {
  return { status: "approved" as const, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** The ARN of the IAM OIDC provider an account trusts GitLab through: recorded, or derived from the issuer. */
export function providerArnOf(account: { oidcProviderArn: string | null; issuerUrl: string; accountId: string }): string {
  return account.oidcProviderArn ?? providerArnFor(account.issuerUrl, account.accountId);
}
