/**
 * An in-memory `IamPort`. Product code: the demo sandbox's AWS accounts run on it (with their
 * state in Postgres, ../persisted.ts), and unit tests use it as IAM. tests/unit/aws/iam-port-contract.ts
 * runs the same cases against it, against moto (tests/integration/aws/adapter-contract.test.ts)
 * and against the sandbox's persisted port, so it keeps IAM's behaviour where the reconciler
 * depends on it.
 */
import type { AppError } from "@/lib/errors";
import { CallCounter } from "@/lib/aws/call-counter";
import { providerArn } from "@/lib/aws/oidc-url";
import { decodePolicyDocument, encodePolicyDocument } from "@/lib/aws/policy-document";
import type { AccessKeySummary, IamOperation, IamPort, IamRole, IamTags, OidcProvider, WriteResult } from "@/lib/aws/port";
import { toAppError } from "@/lib/aws/sdk-errors";
import { assertValidWrite } from "@/lib/aws/validate";

export interface MemoryRoleSeed {
  name: string;
  /** A JSON string is stored verbatim (whitespace included); an object is stringified. */
  trustPolicy: string | Record<string, unknown>;
  path?: string;
  description?: string;
  maxSessionDuration?: number;
  tags?: IamTags;
}

export interface MemoryIamOptions {
  accountId?: string;
  /** The account's `Role trust policy length` quota; whitespace does not count. */
  trustPolicyMaxLength?: number;
  roles?: MemoryRoleSeed[];
  /** Start from a state `exportState()` returned (the sandbox keeps it in Postgres); wins over `accountId`. */
  state?: MemoryIamState;
}

export interface MemoryIam extends IamPort {
  addRole(seed: MemoryRoleSeed): IamRole;
  /** Creates the user if needed; returns the new key's id. */
  addAccessKey(userName: string, opts?: { status?: string; lastUsed?: { date: Date; serviceName: string; region: string } }): string;
  faults: {
    /** The next `n` calls, whatever the operation, fail as throttled after the SDK's retries. */
    throttleNext(n: number): void;
    /** Make `operation` fail with this AWS error code (default ServiceFailure) `times` times (default: until cleared). */
    failOperation(operation: IamOperation, opts?: { awsCode?: string; message?: string; times?: number }): void;
    clear(): void;
  };
  /** Everything the port holds, as plain JSON (dates as ISO strings); faults and call counts are not state. */
  exportState(): MemoryIamState;
}

interface StoredRole extends Omit<IamRole, "trustPolicy" | "tags"> {
  document: string;
  tags: IamTags;
}

interface StoredKey extends AccessKeySummary {
  lastUsed?: { date: Date; serviceName: string; region: string };
}

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | undefined ? string | undefined : T[K] };

/** What `exportState()` returns and `state` takes: JSON, so it can be stored as is. */
export interface MemoryIamState {
  accountId: string;
  sequence: number;
  roles: Jsonified<StoredRole>[];
  providers: Jsonified<OidcProvider>[];
  keys: (Jsonified<Omit<StoredKey, "lastUsed">> & { lastUsed?: Jsonified<NonNullable<StoredKey["lastUsed"]>> })[];
}

/**
 * An in-memory IamPort with real IAM's semantics (not moto's): URL-encoded documents on the wire,
 * no tags from ListRoles, the trust-policy size quota, idempotent AddClientID, case-insensitive
 * tag keys. Errors go through the same mapping as the adapter's.
 */
export function createMemoryIam(options: MemoryIamOptions = {}): MemoryIam {
  const accountId = options.state?.accountId ?? options.accountId ?? "123456789012";
  const maxLength = options.trustPolicyMaxLength ?? 2048;
  const roles = new Map<string, StoredRole>();
  const providers = new Map<string, OidcProvider>();
  const keysByUser = new Map<string, StoredKey[]>();
  const counter = new CallCounter();
  let throttled = 0;
  const failures = new Map<string, { awsCode: string; message: string; remaining: number }>();
  let sequence = 0;
  if (options.state) sequence = restore(options.state, roles, providers, keysByUser);

  const requestId = () => `mem-${(++sequence).toString().padStart(8, "0")}`;

  function awsError(operation: IamOperation, awsCode: string, message: string, httpStatus = 400): AppError {
    return toAppError({ name: awsCode, Code: awsCode, message, $metadata: { requestId: requestId(), httpStatusCode: httpStatus, attempts: 1 } }, operation);
  }

  /** Count the call and apply injected faults, as the adapter's middleware would see them. */
  function enter(operation: IamOperation): void {
    counter.call(operation);
    counter.attempt();
    if (throttled > 0) {
      throttled -= 1;
      throw awsError(operation, "Throttling", "Rate exceeded");
    }
    const failure = failures.get(operation);
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failures.delete(operation);
      throw awsError(operation, failure.awsCode, failure.message, 500);
    }
  }

  function roleOrThrow(operation: IamOperation, name: string): StoredRole {
    const role = roles.get(name);
    if (!role) throw awsError(operation, "NoSuchEntity", `The role with name ${name} cannot be found.`, 404);
    return role;
  }

  function providerOrThrow(operation: IamOperation, arn: string): OidcProvider {
    const provider = providers.get(arn);
    if (!provider) throw awsError(operation, "NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`, 404);
    return provider;
  }

  function toRole(stored: StoredRole, withTags: boolean): IamRole {
    const { document, tags, ...rest } = stored;
    // Real IAM URL-encodes the document in both GetRole and ListRoles; decode it as the adapter does.
    const trustPolicy = decodePolicyDocument(encodePolicyDocument(document), { roleName: stored.name });
    return { ...rest, trustPolicy, ...(withTags ? { tags: { ...tags } } : {}) };
  }

  function mergeTags(operation: IamOperation, current: IamTags, added: IamTags): IamTags {
    const merged = { ...current };
    for (const [key, value] of Object.entries(added)) {
      const existing = Object.keys(merged).find((k) => k.toLowerCase() === key.toLowerCase());
      if (existing !== undefined) delete merged[existing];
      merged[key] = value;
    }
    if (Object.keys(merged).length > 50) throw awsError(operation, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50");
    return merged;
  }

  const ok = (): WriteResult => ({ requestId: requestId() });

  const iam: MemoryIam = {
    addRole(seed) {
      const document = typeof seed.trustPolicy === "string" ? seed.trustPolicy : JSON.stringify(seed.trustPolicy);
      assertValidWrite.updateAssumeRolePolicy(seed.name, document);
      const path = seed.path ?? "/";
      const stored: StoredRole = {
        arn: `arn:aws:iam::${accountId}:role${path}${seed.name}`,
        name: seed.name,
        path,
        roleId: `AROA${(roles.size + 1).toString(36).toUpperCase().padStart(17, "0")}`,
        createDate: new Date(),
        maxSessionDuration: seed.maxSessionDuration ?? 3600,
        description: seed.description,
        document,
        tags: { ...seed.tags },
      };
      roles.set(seed.name, stored);
      return toRole(stored, true);
    },

    addAccessKey(userName, opts = {}) {
      const keys = keysByUser.get(userName) ?? [];
      const accessKeyId = `AKIA${(++sequence).toString().padStart(16, "0")}`;
      keys.push({ accessKeyId, userName, status: opts.status ?? "Active", createDate: new Date(), lastUsed: opts.lastUsed });
      keysByUser.set(userName, keys);
      return accessKeyId;
    },

    faults: {
      throttleNext(n) {
        throttled = n;
      },
      failOperation(operation, opts = {}) {
        failures.set(operation, {
          awsCode: opts.awsCode ?? "ServiceFailure",
          message: opts.message ?? "Injected failure",
          remaining: opts.times ?? Number.POSITIVE_INFINITY,
        });
      },
      clear() {
        throttled = 0;
        failures.clear();
      },
    },

    async listRoles({ pathPrefix } = {}) {
      enter("ListRoles");
      return [...roles.values()].filter((r) => r.path.startsWith(pathPrefix ?? "/")).map((r) => toRole(r, false));
    },

    async getRole(name) {
      enter("GetRole");
      return toRole(roleOrThrow("GetRole", name), true);
    },

    async updateAssumeRolePolicy(name, document) {
      assertValidWrite.updateAssumeRolePolicy(name, document);
      enter("UpdateAssumeRolePolicy");
      const role = roleOrThrow("UpdateAssumeRolePolicy", name);
      // IAM measures the quota without whitespace; compact JSON is the conservative reading.
      if (JSON.stringify(JSON.parse(document)).length > maxLength) {
        throw awsError("UpdateAssumeRolePolicy", "LimitExceeded", `Cannot exceed quota for ACLSizePerRole: ${maxLength}`, 409);
      }
      role.document = document;
      return ok();
    },

    async tagRole(name, tags) {
      assertValidWrite.tagRole(name, tags);
      enter("TagRole");
      const role = roleOrThrow("TagRole", name);
      role.tags = mergeTags("TagRole", role.tags, tags);
      return ok();
    },

    async untagRole(name, keys) {
      assertValidWrite.untagRole(name, keys);
      enter("UntagRole");
      const role = roleOrThrow("UntagRole", name);
      const drop = new Set(keys.map((k) => k.toLowerCase()));
      role.tags = Object.fromEntries(Object.entries(role.tags).filter(([k]) => !drop.has(k.toLowerCase())));
      return ok();
    },

    async listRoleTags(name) {
      enter("ListRoleTags");
      return { ...roleOrThrow("ListRoleTags", name).tags };
    },

    async listOpenIDConnectProviders() {
      enter("ListOpenIDConnectProviders");
      return [...providers.values()].map(({ arn, url }) => ({ arn, url }));
    },

    async getOpenIDConnectProvider(arn) {
      enter("GetOpenIDConnectProvider");
      const p = providerOrThrow("GetOpenIDConnectProvider", arn);
      return { ...p, clientIds: [...p.clientIds], thumbprints: [...p.thumbprints], tags: { ...p.tags } };
    },

    async createOpenIDConnectProvider({ url, clientIds, thumbprints = [], tags = {} }) {
      assertValidWrite.createOpenIDConnectProvider({ url, clientIds, thumbprints, tags });
      enter("CreateOpenIDConnectProvider");
      const arn = providerArn(accountId, url);
      if (providers.has(arn)) throw awsError("CreateOpenIDConnectProvider", "EntityAlreadyExists", `Provider with url ${url} already exists.`, 409);
      if (providers.size >= 100) {
        throw awsError("CreateOpenIDConnectProvider", "LimitExceeded", "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100", 409);
      }
      providers.set(arn, { arn, url, clientIds: [...new Set(clientIds)], thumbprints: [...thumbprints], tags: { ...tags }, createDate: new Date() });
      return { arn, ...ok() };
    },

    async addClientIdToOpenIDConnectProvider(arn, clientId) {
      assertValidWrite.addClientIdToOpenIDConnectProvider(arn, clientId);
      enter("AddClientIDToOpenIDConnectProvider");
      const provider = providerOrThrow("AddClientIDToOpenIDConnectProvider", arn);
      if (!provider.clientIds.includes(clientId)) {
        if (provider.clientIds.length >= 100) {
          throw awsError("AddClientIDToOpenIDConnectProvider", "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100", 409);
        }
        provider.clientIds.push(clientId);
      }
      return ok();
    },

    async listAccessKeys(userName) {
      enter("ListAccessKeys");
      const keys = keysByUser.get(userName);
      if (!keys) throw awsError("ListAccessKeys", "NoSuchEntity", `The user with name ${userName} cannot be found.`, 404);
      return keys.map(({ accessKeyId, status, createDate }) => ({ accessKeyId, userName, status, createDate }));
    },

    async getAccessKeyLastUsed(accessKeyId) {
      enter("GetAccessKeyLastUsed");
      const key = [...keysByUser.values()].flat().find((k) => k.accessKeyId === accessKeyId);
      if (!key) throw awsError("GetAccessKeyLastUsed", "NoSuchEntity", `The Access Key with id ${accessKeyId} cannot be found`, 404);
      return key.lastUsed
        ? { userName: key.userName, lastUsedDate: key.lastUsed.date, serviceName: key.lastUsed.serviceName, region: key.lastUsed.region }
        : { userName: key.userName };
    },

    exportState: () => ({
      accountId,
      sequence,
      roles: [...roles.values()].map((r) => ({ ...r, tags: { ...r.tags }, createDate: r.createDate.toISOString() })),
      providers: [...providers.values()].map((p) => ({ ...p, clientIds: [...p.clientIds], thumbprints: [...p.thumbprints], tags: { ...p.tags }, createDate: p.createDate?.toISOString() })),
      keys: [...keysByUser.values()].flat().map((k) => ({ ...k, createDate: k.createDate?.toISOString(), lastUsed: k.lastUsed ? { ...k.lastUsed, date: k.lastUsed.date.toISOString() } : undefined })),
    }),

    callCounts: () => counter.snapshot(),
    resetCallCounts: () => counter.reset(),
  };

  for (const seed of options.roles ?? []) iam.addRole(seed);
  return iam;
}

/** Fills the maps from an exported state; returns its sequence. */
function restore(state: MemoryIamState, roles: Map<string, StoredRole>, providers: Map<string, OidcProvider>, keysByUser: Map<string, StoredKey[]>): number {
  for (const r of state.roles) roles.set(r.name, { ...r, tags: { ...r.tags }, createDate: new Date(r.createDate) });
  for (const p of state.providers) {
    providers.set(p.arn, { ...p, clientIds: [...p.clientIds], thumbprints: [...p.thumbprints], tags: { ...p.tags }, createDate: p.createDate === undefined ? undefined : new Date(p.createDate) });
  }
  for (const k of state.keys) {
    const keys = keysByUser.get(k.userName) ?? [];
    keys.push({ ...k, createDate: k.createDate === undefined ? undefined : new Date(k.createDate), lastUsed: k.lastUsed ? { ...k.lastUsed, date: new Date(k.lastUsed.date) } : undefined });
    keysByUser.set(k.userName, keys);
  }
  return state.sequence;
}
