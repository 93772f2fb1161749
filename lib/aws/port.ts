/**
 * The IAM port: what the reconciler and the inventory views need from AWS IAM, in our own plain
 * types. Implemented by `adapter.ts` (AWS SDK) and, in memory, lib/sandbox/aws/memory-iam.ts
 * (the demo sandbox and unit tests).
 *
 * Errors: implementations throw `AppError` from `lib/errors.ts` — NOT_FOUND (NoSuchEntity),
 * BAD_INPUT (validation, MalformedPolicyDocument, LimitExceeded with `details.reason`),
 * CONFLICT (EntityAlreadyExists, ConcurrentModification), THROTTLED (after retries),
 * CONFIG (no credentials), UPSTREAM (anything else). `details.requestId` carries the AWS request id.
 */

/** Tag key → value. IAM treats keys as unique regardless of case. */
export type IamTags = Record<string, string>;

export interface PolicyDocument {
  /** The document exactly as stored in IAM, after URL-decoding. */
  text: string;
  parsed: Record<string, unknown>;
}

export interface IamRole {
  arn: string;
  name: string;
  path: string;
  roleId: string;
  createDate: Date;
  trustPolicy: PolicyDocument;
  maxSessionDuration?: number;
  description?: string;
  /**
   * Absent when the call does not return tags (real IAM's ListRoles never does); use
   * `getRole` or `listRoleTags` for them. `{}` means "returned, and there are none".
   */
  tags?: IamTags;
}

export interface OidcProviderSummary {
  arn: string;
  /** Issuer URL with its `https://` scheme, derived from the ARN (no extra call). */
  url: string;
}

export interface OidcProvider {
  arn: string;
  /** Issuer URL with its `https://` scheme (IAM stores it without). */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: IamTags;
  createDate?: Date;
}

export interface NewOidcProvider {
  /** `https://host[/path]`, the GitLab instance's issuer. */
  url: string;
  clientIds: string[];
  /** Only needed when the issuer's TLS certificate chains to a private CA. */
  thumbprints?: string[];
  tags?: IamTags;
}

export interface AccessKeySummary {
  accessKeyId: string;
  userName: string;
  status: string;
  createDate?: Date;
}

export interface AccessKeyLastUsed {
  userName?: string;
  /** Absent when the key was never used. */
  lastUsedDate?: Date;
  serviceName?: string;
  region?: string;
}

export interface WriteResult {
  /** The AWS request id, for the audit log. */
  requestId: string;
}

export const IAM_READ_OPERATIONS = [
  "ListRoles",
  "GetRole",
  "ListRoleTags",
  "ListOpenIDConnectProviders",
  "GetOpenIDConnectProvider",
  "ListAccessKeys",
  "GetAccessKeyLastUsed",
] as const;

export const IAM_WRITE_OPERATIONS = [
  "UpdateAssumeRolePolicy",
  "TagRole",
  "UntagRole",
  "CreateOpenIDConnectProvider",
  "AddClientIDToOpenIDConnectProvider",
] as const;

export type IamReadOperation = (typeof IAM_READ_OPERATIONS)[number];
export type IamWriteOperation = (typeof IAM_WRITE_OPERATIONS)[number];
export type IamOperation = IamReadOperation | IamWriteOperation;

export interface IamCallCounts {
  /** Calls the caller made, per AWS operation name; a retried call counts once. */
  byOperation: Partial<Record<string, number>>;
  total: number;
  /** Calls of the write operations in `IAM_WRITE_OPERATIONS`. */
  writes: number;
  /** HTTP attempts including retries (equals `total` where nothing is retried). */
  attempts: number;
}

export interface IamPort {
  /** Every role (all pages), trust policy decoded. */
  listRoles(opts?: { pathPrefix?: string }): Promise<IamRole[]>;
  /** Throws NOT_FOUND when the role does not exist. */
  getRole(name: string): Promise<IamRole>;
  updateAssumeRolePolicy(name: string, document: string): Promise<WriteResult>;
  tagRole(name: string, tags: IamTags): Promise<WriteResult>;
  untagRole(name: string, keys: string[]): Promise<WriteResult>;
  listRoleTags(name: string): Promise<IamTags>;

  listOpenIDConnectProviders(): Promise<OidcProviderSummary[]>;
  getOpenIDConnectProvider(arn: string): Promise<OidcProvider>;
  createOpenIDConnectProvider(input: NewOidcProvider): Promise<WriteResult & { arn: string }>;
  /** Idempotent, as in IAM: adding a client id that is already there succeeds. */
  addClientIdToOpenIDConnectProvider(arn: string, clientId: string): Promise<WriteResult>;

  listAccessKeys(userName: string): Promise<AccessKeySummary[]>;
  getAccessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed>;

  callCounts(): IamCallCounts;
  resetCallCounts(): void;
}
